"""Hashed runs shared by the fixture scripts of tools/neural (make_residual_fixtures.py,
make_architecture_fixtures.py): networks too large to record whole get every state-dict tensor
and their inputs from one integer hash (splitmix64 of the tensor's index in the state dict and the
element's index), which the Swift tests recompute (Tests/WWNeuralTests/ResidualFixtures.swift,
`HashedValues`), and the fixture keeps for each tensor the first values, the sum and the norm.
"""
import json
import math
import os

import numpy as np
import torch
from torch import nn

OUT = os.path.join(os.path.dirname(__file__), "..", "..", "Tests", "Fixtures", "neural")
SGD = {"optimizer": "sgd", "lr": 0.1, "momentum": 0.9, "weight_decay": 1e-3}
STEPS = 3
HEAD = 16  # leading values of each tensor kept in the hashed fixtures


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
