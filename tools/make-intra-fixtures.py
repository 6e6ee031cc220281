#!/usr/bin/env python3
"""Generates the intra-layer fixture Tests/Fixtures/intra/details.json.

Run from the repository root with the reference venv (WeightWatcher 0.7.7, torch 2.x):
    /tmp/wwvenv/bin/python tools/make-intra-fixtures.py

WeightWatcher 0.7.7 runs analyze(intra=True) on the state dict of the committed spectral
fixture Tests/Fixtures/spectral/model.pt (a small trained torch model: 64 -> 96 -> 80 -> 24),
once with sparsify=False (X = W0 W1 / (|W0| |W1|)) and once with sparsify=True, where
WeightWatcher draws an unseeded 0/1 mask S for each pair from NumPy's global generator. For
that run NumPy is seeded and each drawn mask is recorded (in draw order, as a string of row-major
0/1 digits), so a test can give
wwn the same masks and check the formula X = W0 S W1 / (|W0| |W1| + sqrt(|S|)).
"""
import json
import os

import numpy as np
import torch
import weightwatcher as ww

from fixture_numbers import details_rows

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "Fixtures")
OUT = os.path.join(ROOT, "intra")
os.makedirs(OUT, exist_ok=True)
COLUMNS = ["layer_id", "name", "N", "M", "num_evals", "lambda_max", "norm", "spectral_norm",
           "stable_rank", "entropy", "alpha", "D", "xmin", "xmax", "sigma", "num_pl_spikes",
           "alpha_weighted", "log_alpha_norm", "log_norm", "log_spectral_norm", "Xflag"]

state = torch.load(os.path.join(ROOT, "spectral", "model.pt"), weights_only=True)
results = {}
details = ww.WeightWatcher(model=state).analyze(intra=True, sparsify=False)
print(details[COLUMNS].to_string())
results["direct"] = details_rows(details, COLUMNS)

masks = []
draw = np.random.randint


def recording_randint(*args, **kwargs):
    values = draw(*args, **kwargs)
    masks.append("".join(str(int(v)) for v in np.ravel(values)))  # row-major 0/1 digits
    return values


np.random.seed(7)
np.random.randint = recording_randint
try:
    details = ww.WeightWatcher(model=state).analyze(intra=True, sparsify=True)
finally:
    np.random.randint = draw
print(details[COLUMNS].to_string())
results["sparsified"] = details_rows(details, COLUMNS)
results["masks"] = masks
with open(os.path.join(OUT, "details.json"), "w") as f:
    json.dump(results, f, indent=1)
