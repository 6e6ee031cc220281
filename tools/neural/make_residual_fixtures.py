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
see `hashed`), and the fixture keeps for each tensor the first values, the sum and the norm of
its gradient, of its value after the SGD steps, and of the running statistics. The inputs are
hashed too. The same runs in float64 are recorded beside them: in a deep network with
BatchNorm over few values per channel, float32 round-off alone moves PyTorch's own numbers, and
that distance sets the tests' tolerances. resnet18_keys.json lists torchvision's resnet18 state-dict keys and shapes.
"""
import json
import math
import os

import numpy as np
import torch
from torch import nn
from torchvision.models.resnet import BasicBlock, conv1x1, resnet18

from torch_models import Model, cifar_resnet

torch.set_num_threads(1)
OUT = os.path.join(os.path.dirname(__file__), "..", "..", "Tests", "Fixtures", "neural")
MASK = (1 << 64) - 1
SGD = {"optimizer": "sgd", "lr": 0.1, "momentum": 0.9, "weight_decay": 1e-3}
STEPS = 3
HEAD = 16  # leading values of each tensor kept in the ResNet fixtures


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


def splitmix(z):
    """splitmix64 of a uint64 array (wrapping arithmetic)."""
    z = z + np.uint64(0x9E3779B97F4A7C15)
    z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return z ^ (z >> np.uint64(31))


def uniform(stream, count):
    """count values in [0, 1): the top 53 bits of splitmix64(stream · 2^32 + i), i = 0..count-1."""
    with np.errstate(over="ignore"):
        z = splitmix(np.uint64(stream) * np.uint64(1 << 32) + np.arange(count, dtype=np.uint64))
    return (z >> np.uint64(11)).astype(np.float64) * 2.0 ** -53


def hashed(key, shape, stream):
    """The value of every element of state-dict tensor `key`, computed in float64, then rounded to float32."""
    count = int(np.prod(shape)) if shape else 1
    u = uniform(stream, count)
    leaf = key.rsplit(".", 1)[-1]
    if leaf == "num_batches_tracked":
        values = np.zeros(count)
    elif leaf == "running_mean":
        values = 0.1 * (2 * u - 1)
    elif leaf == "running_var":
        values = 1 + 0.5 * u
    elif len(shape) == 1 and leaf == "weight":  # BatchNorm
        values = 1 + 0.2 * (2 * u - 1)
    elif len(shape) == 1:  # biases
        values = 0.1 * (2 * u - 1)
    else:
        fan_in = count // shape[0]
        values = (2 * u - 1) * math.sqrt((6 if len(shape) == 4 else 1) / fan_in)
    return values.astype(np.float32).reshape(shape)


INPUT_STREAM = 1_000_000


def summary(tensor):
    flat = tensor.detach().double().reshape(-1)
    return {"head": flat[:HEAD].tolist(), "sum": flat.sum().item(), "norm": flat.norm().item()}


def hashed_run(model, x, y, lr):
    """One training-mode pass (logits, loss, gradient summaries, running statistics), the
    evaluation logits, then STEPS SGD steps from the same start (losses, state summaries)."""
    initial = {k: v.clone() for k, v in model.state_dict().items()}
    model.train()
    logits = model(x)
    value = nn.functional.cross_entropy(logits, y)
    model.zero_grad()
    value.backward()
    result = {"train_logits": logits.detach().reshape(-1).tolist(), "loss_value": value.item(),
              "gradients": {k: summary(p.grad) for k, p in model.named_parameters()},
              "running_after_forward": {k: summary(v) for k, v in model.state_dict().items() if "running" in k}}
    model.eval()
    with torch.no_grad():
        result["eval_logits"] = model(x).reshape(-1).tolist()
    model.load_state_dict(initial)
    model.train()
    opt = torch.optim.SGD(model.parameters(), lr=lr, momentum=SGD["momentum"], weight_decay=SGD["weight_decay"])
    losses = []
    for _ in range(STEPS):
        opt.zero_grad()
        v = nn.functional.cross_entropy(model(x), y)
        v.backward()
        opt.step()
        losses.append(v.item())
    result["training"] = {**SGD, "lr": lr, "epochs": STEPS, "losses": losses,
                          "state": {k: summary(v) for k, v in model.state_dict().items()}}
    return result


def hashed_case(name, make, input_shape, classes, n, lr):
    """The same run in float32 (the reference) and in float64 (`float64`: how far float32
    round-off alone moves PyTorch's numbers, which sets the tolerances of a deep network)."""
    model = make()
    keys = list(model.state_dict().keys())
    hashed_state = {k: torch.from_numpy(hashed(k, list(v.shape), i)).to(v.dtype)
                    for i, (k, v) in enumerate(model.state_dict().items())}
    model.load_state_dict(hashed_state)
    x = torch.from_numpy(uniform(INPUT_STREAM, n * int(np.prod(input_shape))).astype(np.float32)).reshape(n, *input_shape)
    y = torch.arange(n) % classes
    result = {"input_shape": list(input_shape), "classes": classes, "batch": n, "keys": keys, **hashed_run(model, x, y, lr)}
    wide = make()
    wide.load_state_dict(hashed_state)
    result["float64"] = hashed_run(wide.double(), x.double(), y, lr)
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
