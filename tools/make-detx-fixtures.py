#!/usr/bin/env python3
"""Generates the detX (ERG) fixture Tests/Fixtures/detx/details.json.

Run from the repository root with the reference venv (WeightWatcher 0.7.7, torch 2.x):
    /tmp/wwvenv/bin/python tools/make-detx-fixtures.py

WeightWatcher 0.7.7 runs analyze(detX=True) on the state dicts of the committed spectral
fixtures (Tests/Fixtures/spectral/model.pt, a small trained torch model, and matrices.pt, the
dense, heavy-tailed, rank-deficient and convolution matrices), and its detX columns are written
per layer name beside num_pl_spikes.
"""
import json
import os

import torch
import weightwatcher as ww

from fixture_numbers import details_rows

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "Fixtures")
OUT = os.path.join(ROOT, "detx")
os.makedirs(OUT, exist_ok=True)
COLUMNS = ["name", "num_evals", "num_pl_spikes", "detX_num", "num_ERG_spikes", "ERG_gap", "detX_val", "detX_val_unrescaled"]

results = {}
for model in ("model", "matrices"):
    state = torch.load(os.path.join(ROOT, "spectral", f"{model}.pt"), weights_only=True)
    details = ww.WeightWatcher(model=state).analyze(detX=True)
    results[model] = details_rows(details, COLUMNS)
    print(details[COLUMNS].to_string())
with open(os.path.join(OUT, "details.json"), "w") as f:
    json.dump(results, f, indent=1)
