#!/usr/bin/env python3
"""PyTorch reference values for BatchNorm, residual blocks and the ResNet builders
(Tests/Fixtures/neural/bn1d.json, bn2d.json, residual.json, resnet20.json, resnet18.json,
resnet18_keys.json).

Run: /tmp/wwvenv/bin/python tools/neural/make_residual_fixtures.py   (from the repository root)
Made with torch 2.x and torchvision (CPU, float32, 1 thread).

Small networks (bn1d, bn2d, residual) are recorded whole: the initial state dict (parameters and
buffers), in training mode (model.train(): batch statistics) the logits, loss and gradients of
one forward and backward pass and the state after it (running statistics moved once), then the
logits in evaluation mode (model.eval(): running statistics), and the state after three SGD
steps with momentum and weight decay started again from the initial state (full batch).

ResNet-20 and ResNet-18 are too large to record whole, so both sides fill every tensor from the
same integer hash (splitmix64 of the tensor's index in the state dict and the element's index,
see hashed_runs.py), and the fixture keeps for each tensor the first values, the sum and the norm of
its gradient, of its value after the SGD steps, and of the running statistics. The inputs are
hashed too. The same runs in float64 are recorded beside them: in a deep network with
BatchNorm over few values per channel, float32 round-off alone moves PyTorch's own numbers, and
that distance sets the tests' tolerances. resnet18_keys.json lists torchvision's resnet18 state-dict keys and shapes.
"""
import json
import os

import torch
from torch import nn
from torchvision.models.resnet import BasicBlock, conv1x1, resnet18

from hashed_runs import OUT, SGD, STEPS, hashed_case
from torch_models import Model, cifar_resnet

torch.set_num_threads(1)


class TinyResNet(nn.Module):
    """A stem, one identity block, one stride-2 block with a 1x1 downsample, global pooling:
    torchvision's ResNet in miniature, with its module names."""

    def __init__(self):
        super().__init__()
        self.conv1 = nn.Conv2d(3, 4, 3, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(4)
        self.relu = nn.ReLU(inplace=True)
        self.layer1 = nn.Sequential(BasicBlock(4, 4))
        self.layer2 = nn.Sequential(BasicBlock(4, 8, stride=2, downsample=nn.Sequential(conv1x1(4, 8, 2), nn.BatchNorm2d(8))))
        self.avgpool = nn.AdaptiveAvgPool2d((1, 1))
        self.fc = nn.Linear(8, 3)

    def forward(self, x):
        x = self.relu(self.bn1(self.conv1(x)))
        x = self.layer2(self.layer1(x))
        return self.fc(torch.flatten(self.avgpool(x), 1))


def state(model):
    return {k: {"shape": list(v.shape), "values": v.detach().reshape(-1).tolist()} for k, v in model.state_dict().items()}


def sgd(model):
    return torch.optim.SGD(model.parameters(), lr=SGD["lr"], momentum=SGD["momentum"], weight_decay=SGD["weight_decay"])


def whole_case(name, make, input_shape, classes, n=8, seed=0):
    torch.manual_seed(seed)
    model = make()
    with torch.no_grad():  # affine parameters away from 1 and 0, so their gradients matter
        for module in model.modules():
            if isinstance(module, (nn.BatchNorm1d, nn.BatchNorm2d)):
                module.weight.add_(0.2 * torch.randn_like(module.weight))
                module.bias.add_(0.1 * torch.randn_like(module.bias))
    x = torch.rand(n, *input_shape)
    y = torch.randint(0, classes, (n,))
    initial = state(model)
    model.train()
    logits = model(x)
    value = nn.functional.cross_entropy(logits, y)
    model.zero_grad()
    value.backward()
    gradients = {k: p.grad.reshape(-1).tolist() for k, p in model.named_parameters()}
    after_forward = state(model)
    model.eval()
    with torch.no_grad():
        eval_logits = model(x)
    trained = make()
    trained.load_state_dict({k: torch.tensor(v["values"]).reshape(v["shape"]) for k, v in initial.items()})
    trained.train()
    opt = sgd(trained)
    losses = []
    for _ in range(STEPS):
        opt.zero_grad()
        v = nn.functional.cross_entropy(trained(x), y)
        v.backward()
        opt.step()
        losses.append(v.item())
    result = {
        "input_shape": list(input_shape), "classes": classes, "x": x.reshape(-1).tolist(), "y": y.tolist(),
        "weights": initial, "train_logits": logits.detach().reshape(-1).tolist(), "loss_value": value.item(),
        "gradients": gradients, "state_after_forward": after_forward, "eval_logits": eval_logits.reshape(-1).tolist(),
        "training": {**SGD, "epochs": STEPS, "losses": losses, "weights": state(trained)},
    }
    with open(os.path.join(OUT, name + ".json"), "w") as f:
        json.dump(result, f, separators=(",", ":"))
    print(name, sum(p.numel() for p in model.parameters()), "parameters")


os.makedirs(OUT, exist_ok=True)
whole_case("bn1d", lambda: Model([nn.Linear(6, 5), nn.BatchNorm1d(5), nn.ReLU(), nn.Linear(5, 3)]), [6], 3)
whole_case("bn2d", lambda: Model([nn.Conv2d(2, 3, 3, padding=1), nn.BatchNorm2d(3), nn.ReLU(), nn.MaxPool2d(2),
                                  nn.Flatten(), nn.Linear(3 * 4 * 4, 3)]), [2, 8, 8], 3)
whole_case("residual", TinyResNet, [3, 8, 8], 3, n=6)
hashed_case("resnet20", lambda: cifar_resnet(20, 10), [3, 32, 32], 10, n=8, lr=0.02)
hashed_case("resnet18", lambda: resnet18(num_classes=10), [3, 32, 32], 10, n=4, lr=0.02)
with open(os.path.join(OUT, "resnet18_keys.json"), "w") as f:
    json.dump([{"name": k, "shape": list(v.shape)} for k, v in resnet18(num_classes=10).state_dict().items()], f, indent=0)
print("resnet18_keys")
