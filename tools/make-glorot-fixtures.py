#!/usr/bin/env python3
"""Records that WeightWatcher 0.7.7 ignores glorot_fix: Tests/Fixtures/glorot/details.json.

Run from the repository root with the reference venv (WeightWatcher 0.7.7, torch 2.x):
    /tmp/wwvenv/bin/python tools/make-glorot-fixtures.py

analyze() stores the keyword as params["glorot_fit"] while the code reads params["glorot_fix"],
so glorot_fix=True gives the default numbers. Both runs on Tests/Fixtures/spectral/model.pt are
written; the deviation test checks they agree and that wwn applies the intended scaling.
"""
import json
import os

import torch
import weightwatcher as ww

from fixture_numbers import details_rows

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "Fixtures")
OUT = os.path.join(ROOT, "glorot")
os.makedirs(OUT, exist_ok=True)
COLUMNS = ["name", "N", "M", "alpha", "log_norm", "log_spectral_norm"]

state = torch.load(os.path.join(ROOT, "spectral", "model.pt"), weights_only=True)
results = {
    "default": details_rows(ww.WeightWatcher(model=state).analyze(), COLUMNS),
    "glorot_fix": details_rows(ww.WeightWatcher(model=state).analyze(glorot_fix=True), COLUMNS),
}
with open(os.path.join(OUT, "details.json"), "w") as f:
    json.dump(results, f, indent=1)
print(json.dumps(results, indent=1))
