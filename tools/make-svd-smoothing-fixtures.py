#!/usr/bin/env python3
"""Generates the SVDSmoothing / SVDSharpness fixtures in Tests/Fixtures/svd-smoothing/.

Run from the repository root with the reference venv (WeightWatcher 0.7.7, torch 2.x):
    /tmp/wwvenv/bin/python tools/make-svd-smoothing-fixtures.py

Two small seeded torch models are saved as safetensors inputs (mlp.safetensors: three Linear
layers, the first with a planted mean offset so that its spike survives shuffling;
conv.safetensors: three Conv2d layers, one with fewer outputs than inputs, two with a planted
mean offset, and a Linear head).
WeightWatcher 0.7.7 then edits each model's state dict (read back from that file, so the layer
ids are WeightWatcher's state-dict ids) with SVDSmoothing under several methods and options and
with SVDSharpness after seeding NumPy's global stream; the weight tensors of each result are
saved as <case>.safetensors (float32; biases are never edited) and cases.json lists the cases
with their options.
"""
import json
import os

import numpy as np
import torch
import weightwatcher as ww
from safetensors.torch import load_file, save_file

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "Fixtures", "svd-smoothing")
os.makedirs(OUT, exist_ok=True)


def mlp():
    torch.manual_seed(7)
    model = torch.nn.Sequential(torch.nn.Linear(40, 32), torch.nn.ReLU(), torch.nn.Linear(32, 48),
                                torch.nn.ReLU(), torch.nn.Linear(48, 10))
    with torch.no_grad():
        model[0].weight += 0.15  # a mean offset: a spike that shuffling keeps
    return model


def conv():
    torch.manual_seed(11)
    model = torch.nn.Sequential(torch.nn.Conv2d(3, 16, 3), torch.nn.ReLU(), torch.nn.Conv2d(16, 24, 3),
                                torch.nn.ReLU(), torch.nn.Conv2d(24, 12, 3), torch.nn.Flatten(),
                                torch.nn.Linear(12, 20))
    with torch.no_grad():
        model[2].weight += 0.2  # spikes in every kernel position, kept by shuffling
        model[4].weight += 0.2
    return model


MODELS = {"mlp": mlp(), "conv": conv()}
for name, model in MODELS.items():
    state = {k: v.detach().clone().contiguous() for k, v in model.state_dict().items()}
    save_file(state, os.path.join(OUT, f"{name}.safetensors"))

# (case, model, kind, keyword arguments, NumPy seed for sharpness)
CASES = [
    ("mlp-svd", "mlp", "smooth", {"method": "svd", "percent": 0.8}, None),
    ("mlp-svd-low", "mlp", "smooth", {"method": "svd", "percent": 0.2}, None),
    ("mlp-svd-negative", "mlp", "smooth", {"method": "svd", "percent": -0.25, "layers": [1, 3]}, None),
    ("mlp-detx", "mlp", "smooth", {}, None),
    ("mlp-rmt", "mlp", "smooth", {"method": "rmt"}, None),
    ("mlp-alpha-min", "mlp", "smooth", {"method": "alpha_min"}, None),
    ("mlp-auto", "mlp", "smooth", {"method": "auto", "layers": [2]}, None),
    ("conv-svd", "conv", "smooth", {"method": "svd", "percent": 0.5}, None),
    ("conv-detx", "conv", "smooth", {"method": "detX"}, None),
    ("mlp-sharpness", "mlp", "sharpen", {}, 3),
    ("conv-sharpness", "conv", "sharpen", {"layers": [2, 3]}, 5),
]

listing = []
for case, model_name, kind, kwargs, seed in CASES:
    state = load_file(os.path.join(OUT, f"{model_name}.safetensors"))
    watcher = ww.WeightWatcher()
    if kind == "smooth":
        watcher.SVDSmoothing(model=state, **kwargs)
    else:
        np.random.seed(seed)
        watcher.SVDSharpness(model=state, **kwargs)
    original = load_file(os.path.join(OUT, f"{model_name}.safetensors"))
    edited = {}
    for key, value in state.items():
        value = torch.as_tensor(value)
        if key.endswith(".weight"):
            edited[key] = value.to(torch.float32).contiguous()
        else:
            assert torch.equal(value, original[key]), f"{case}: {key} changed"
    save_file(edited, os.path.join(OUT, f"{case}.safetensors"))
    changed = [k for k in edited if not torch.equal(edited[k], original[k])]
    listing.append({"case": case, "model": model_name, "kind": kind, "options": kwargs, "seed": seed,
                    "changed": changed})
    print(case, "changed:", changed)

with open(os.path.join(OUT, "cases.json"), "w") as f:
    json.dump(listing, f, indent=1)
