#!/usr/bin/env python3
"""Generates the `fft` fixtures in Tests/Fixtures/fft/details.json.

Run from the repository root with the reference venv (WeightWatcher 0.7.7, torch 2.x, numpy):
    /tmp/wwvenv/bin/python tools/make-fft-fixtures.py

WeightWatcher 0.7.7's analyze(fft=True) stops with AttributeError: apply_FFT tests
`ww_layer.skippe`, a typo of `skipped`. To record what the option is written to compute, this
script gives WWLayer that one missing attribute (an alias of `skipped`) and changes nothing
else; it then runs analyze(fft=True) on the spectral fixtures' state dicts (model.pt and
matrices.pt). It also writes a 7 x 5 matrix and NumPy's np.real(np.fft.fft2(W)) for the
transform's own test.
"""
import json
import os

import numpy as np
import torch
import weightwatcher as ww
from weightwatcher import weightwatcher as ww_module

from fixture_numbers import details_rows

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "Fixtures")
OUT = os.path.join(ROOT, "fft")
os.makedirs(OUT, exist_ok=True)
COLUMNS = ["name", "N", "M", "num_evals", "alpha", "D", "xmin", "xmax", "sigma", "num_pl_spikes", "norm",
           "log_norm", "lambda_max", "spectral_norm", "log_spectral_norm", "stable_rank", "entropy",
           "alpha_weighted", "log_alpha_norm"]

ww_module.WWLayer.skippe = property(lambda layer: layer.skipped)

results = {}
for model in ("model", "matrices"):
    state = torch.load(os.path.join(ROOT, "spectral", f"{model}.pt"), weights_only=True)
    details = ww.WeightWatcher(model=state).analyze(fft=True)
    results[model] = details_rows(details, COLUMNS)
    print(details[["name", "alpha", "log_norm"]].to_string())

rng = np.random.default_rng(7)
W = rng.standard_normal((7, 5))
results["transform"] = {"W": W.tolist(), "real_fft2": np.real(np.fft.fft2(W)).tolist()}
with open(os.path.join(OUT, "details.json"), "w") as f:
    json.dump(results, f, indent=1)
