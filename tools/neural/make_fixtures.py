#!/usr/bin/env python3
"""PyTorch reference values for the WWNeural tests (Tests/Fixtures/neural/*.json).

Run: /tmp/wwvenv/bin/python tools/neural/make_fixtures.py   (from the repository root)
Made with torch 2.15.0 (CPU, float32, 1 thread) and Python 3; outputs are small JSON files.

Each case builds a tiny network in an nn.Sequential called `layers`, so its state-dict names are
the ones wwn uses (layers.0.weight, ...); records the initial weights, a batch, the forward
outputs, the gradients of the loss, and the weights after a few optimiser steps (full batch,
no shuffling, one step per epoch), so the Swift side can load the same weights and compare.
"""
import json
import math
import os

import torch
from torch import nn

from torch_models import Model

torch.set_num_threads(1)
OUT = os.path.join(os.path.dirname(__file__), "..", "..", "Tests", "Fixtures", "neural")


def state(model):
    return {k: {"shape": list(v.shape), "values": v.detach().reshape(-1).tolist()} for k, v in model.state_dict().items()}


def loss_of(kind, logits, labels, temperature, classes):
    z = logits / temperature
    if kind == "cross_entropy":
        return nn.functional.cross_entropy(z, labels)
    return nn.functional.mse_loss(z, nn.functional.one_hot(labels, classes).float())


def case(name, make, input_shape, classes, loss="cross_entropy", temperature=1.0, optimisers=(), epochs=3, n=8, seed=0):
    torch.manual_seed(seed)
    model = make()
    for p in model.parameters():  # non-trivial LayerNorm affine parameters too
        if p.dim() == 1 and torch.all(p == 1):
            with torch.no_grad():
                p.add_(0.1 * torch.randn_like(p))
    x = torch.rand(n, *input_shape)
    y = torch.randint(0, classes, (n,))
    initial = state(model)
    logits = model(x)
    value = loss_of(loss, logits, y, temperature, classes)
    model.zero_grad()
    value.backward()
    gradients = {k: p.grad.reshape(-1).tolist() for k, p in model.named_parameters()}
    result = {
        "input_shape": list(input_shape), "classes": classes, "loss": loss, "temperature": temperature,
        "x": x.reshape(-1).tolist(), "y": y.tolist(), "weights": initial,
        "logits": logits.detach().reshape(-1).tolist(), "loss_value": value.item(), "gradients": gradients,
        "training": [],
    }
    for spec in optimisers:
        torch.manual_seed(seed)
        trained = make()
        trained.load_state_dict({k: torch.tensor(v["values"]).reshape(v["shape"]) for k, v in initial.items()})
        kind = spec["optimizer"]
        if kind == "sgd":
            opt = torch.optim.SGD(trained.parameters(), lr=spec["lr"], momentum=spec.get("momentum", 0),
                                  weight_decay=spec.get("weight_decay", 0), nesterov=spec.get("nesterov", False))
        elif kind == "adam":
            opt = torch.optim.Adam(trained.parameters(), lr=spec["lr"], weight_decay=spec.get("weight_decay", 0))
        else:
            opt = torch.optim.AdamW(trained.parameters(), lr=spec["lr"], weight_decay=spec.get("weight_decay", 0))
        schedule = spec.get("schedule", "constant")
        if schedule == "cosine":
            sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=epochs)
        elif schedule == "step":
            sched = torch.optim.lr_scheduler.StepLR(opt, step_size=spec["step_size"], gamma=spec["gamma"])
        else:
            sched = None
        losses, rates = [], []
        for _ in range(epochs):
            rates.append(opt.param_groups[0]["lr"])
            opt.zero_grad()
            v = loss_of(loss, trained(x), y, temperature, classes)
            v.backward()
            opt.step()
            losses.append(v.item())
            if sched:
                sched.step()
        result["training"].append({**spec, "epochs": epochs, "losses": losses, "rates": rates, "weights": state(trained)})
    with open(os.path.join(OUT, name + ".json"), "w") as f:
        json.dump(result, f, separators=(",", ":"))
    print(name, sum(p.numel() for p in model.parameters()), "parameters")


OPTIMISERS = [
    {"optimizer": "sgd", "lr": 0.1, "momentum": 0.9, "weight_decay": 1e-3},
    {"optimizer": "sgd", "lr": 0.1, "momentum": 0.9, "nesterov": True, "schedule": "cosine"},
    {"optimizer": "sgd", "lr": 0.2, "weight_decay": 1e-2, "schedule": "step", "step_size": 2, "gamma": 0.5},
    {"optimizer": "adam", "lr": 0.01, "weight_decay": 1e-2},
    {"optimizer": "adamw", "lr": 0.01, "weight_decay": 0.1},
]

os.makedirs(OUT, exist_ok=True)
case("mlp_tanh", lambda: Model([nn.Linear(6, 5), nn.Tanh(), nn.Linear(5, 4)]), [6], 4,
     temperature=2.0, optimisers=OPTIMISERS)
case("mlp_gelu_layernorm_mse", lambda: Model([nn.Linear(6, 5), nn.GELU(), nn.Linear(5, 4), nn.LayerNorm(4)]), [6], 4,
     loss="mse", optimisers=OPTIMISERS[:1])
case("cnn", lambda: Model([nn.Conv2d(2, 3, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2), nn.Conv2d(3, 4, 3, stride=2, padding=1),
                           nn.GELU(), nn.Flatten(), nn.Linear(4 * 2 * 2, 3)]), [2, 8, 8], 3,
     optimisers=OPTIMISERS[:1])
