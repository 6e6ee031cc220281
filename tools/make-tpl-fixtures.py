#!/usr/bin/env python3
"""Generates the truncated-power-law fixture Tests/Fixtures/tpl/details.json.

WeightWatcher 0.7.7 accepts fit='TPL' (and 'E_TPL', TPL with fix_fingers='xmin_peak') only with
pl_package='powerlaw', and then calls powerlaw.Fit(..., distribution='truncated_power_law',
xmin_distribution='truncated_power_law'), which powerlaw 2.0 rejects (it has no `distribution`
keyword) and powerlaw 1.5 accepts. Run from the repository root with the reference venv and
powerlaw 1.5 first on the import path (a directory holding powerlaw 1.5's powerlaw.py):
    PYTHONPATH=/path/to/powerlaw-1.5 /tmp/wwvenv/bin/python tools/make-tpl-fixtures.py [samples] [analyze]

WeightWatcher analyses the state dicts of the committed spectral fixtures
(Tests/Fixtures/spectral/model.pt, a small trained torch model, and matrices.pt) with fit='TPL'
and fit='E_TPL'; the fit columns are written per layer name (details.json; about 20 minutes, the
864-eigenvalue convolution most of it). samples.json holds powerlaw 1.5's fit of two small seeded
samples, every xmin candidate included.
"""
import contextlib
import io
import json
import os
import sys

import numpy as np

import powerlaw
import torch
import weightwatcher as ww

from fixture_numbers import details_rows, num

assert powerlaw.__version__.startswith("1."), f"needs powerlaw 1.x, got {powerlaw.__version__}"
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "Fixtures")
OUT = os.path.join(ROOT, "tpl")
os.makedirs(OUT, exist_ok=True)
COLUMNS = ["name", "num_evals", "alpha", "Lambda", "xmin", "xmax", "D", "sigma", "num_pl_spikes", "status", "warning"]

def analyze_runs():
    """WeightWatcher's details with fit='TPL' and 'E_TPL' -> details.json."""
    results = {"powerlaw_version": powerlaw.__version__}
    for fit in ("TPL", "E_TPL"):
        for model in ("model", "matrices"):
            state = torch.load(os.path.join(ROOT, "spectral", f"{model}.pt"), weights_only=True)
            details = ww.WeightWatcher(model=state).analyze(fit=fit, pl_package="powerlaw")
            results[f"{model}_{fit}"] = details_rows(details, COLUMNS)
            print(fit, model)
            print(details[COLUMNS].to_string())
    with open(os.path.join(OUT, "details.json"), "w") as f:
        json.dump(results, f, indent=1)


def sample_runs():
    """powerlaw 1.5's Fit(xmin_distribution='truncated_power_law') on seeded samples whose
    truncated power law has alpha well above 1 (the analyze fixtures mostly end near alpha = 1),
    with and without an xmin range, every candidate's fit recorded -> samples.json."""
    rng = np.random.default_rng(14)
    samples = {
        # Pareto(alpha 2.2) thinned by an exponential cut-off at rate 0.05.
        "pareto_cutoff": [x for x in (1 + rng.pareto(1.2, 400)) if rng.random() < np.exp(-0.05 * x)][:150],
        # A lognormal body: the cut-off dominates.
        "lognormal": list(rng.lognormal(0.0, 0.8, 120)),
    }
    out = {"powerlaw_version": powerlaw.__version__}
    for name, data in samples.items():
        for label, xmin in (("", None), ("_range", (1.5, 4.0))):
            with contextlib.redirect_stdout(io.StringIO()):  # powerlaw 1.5 prints its progress
                fit = powerlaw.Fit(np.array(data), xmin=xmin, verbose=False, xmin_distribution="truncated_power_law")
            tpl = fit.truncated_power_law
            out[name + label] = {
                "data": [float(x) for x in data], "range": xmin,
                "xmin": float(fit.xmin), "alpha": float(tpl.alpha), "Lambda": float(tpl.Lambda),
                "D": float(fit.D), "n_tail": int(fit.n_tail), "loglikelihood": float(tpl.loglikelihood),
                "xmins": [float(x) for x in fit.xmins], "Ds": [num(x) for x in fit.Ds],
                "alphas": [num(x) for x in fit.alphas], "in_ranges": [bool(x) for x in fit.in_ranges],
            }
            print(name + label, fit.xmin, tpl.alpha, tpl.Lambda, fit.D)
    with open(os.path.join(OUT, "samples.json"), "w") as f:
        json.dump(out, f, indent=1)


if __name__ == "__main__":
    parts = sys.argv[1:] or ["analyze", "samples"]
    if "samples" in parts:
        sample_runs()
    if "analyze" in parts:
        analyze_runs()
