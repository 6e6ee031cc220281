#!/usr/bin/env python3
"""Generates the eigenvector-localisation fixture Tests/Fixtures/vectors/details.json.

Run from the repository root with the reference venv (WeightWatcher 0.7.7, torch 2.x):
    /tmp/wwvenv/bin/python tools/make-vectors-fixtures.py

WeightWatcher 0.7.7 runs analyze(vectors=True) on the state dicts of the committed spectral
fixtures (Tests/Fixtures/spectral/model.pt, a small trained torch model, and matrices.pt, the
dense, heavy-tailed, rank-deficient and convolution test matrices). For each layer it takes the
eigenvectors of the smaller Gram matrix, their discrete entropy (100-bin histogram), localisation
ratio (L1/Linf) and participation ratio (L2/L4), splits them at the power-law fit's xmin into
bulk and tail, and reports each part's mean and variance: those 12 columns are written per layer
name, with xmin and the eigenvalue count.

WeightWatcher compares eigenvalues from a second solver (SciPy's non-symmetric `eig`) with the
fit's xmin, itself an eigenvalue of the first, so the eigenvector at xmin falls into the bulk or
the tail by rounding. The script records how many eigenvalues WeightWatcher's comparison put in
the bulk of each layer (`bulk_counts`), so a test can check wwn's numbers given that split.
"""
import json
import os

import numpy as np
import torch
import weightwatcher as ww
import weightwatcher.weightwatcher as ww_module

from fixture_numbers import details_rows

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "Fixtures")
OUT = os.path.join(ROOT, "vectors")
os.makedirs(OUT, exist_ok=True)
METRICS = ["vec_entropy", "loc_ratio", "part_ratio"]
COLUMNS = ["name", "num_evals", "xmin", "num_pl_spikes"] + [
    f"{part}_{stat}_{metric}" for part in ("bulk", "tail") for stat in ("mean", "var") for metric in METRICS]

eigenvalues = []
solve = ww_module.eig_full


def recording_eig_full(X, method=None):
    values, vectors = solve(X, method=method)
    eigenvalues.extend(np.real(values))
    return values, vectors


bulk_counts = {}
analyse_vectors = ww_module.WeightWatcher.apply_analyze_eigenvectors


def recording_apply(self, ww_layer, params=None):
    eigenvalues.clear()
    analyse_vectors(self, ww_layer, params=params)
    xmin = ww_layer.xmin if ww_layer.has_column("xmin") else -1
    bulk_counts[ww_layer.name] = int(np.sum(np.array(eigenvalues) < xmin))


ww_module.eig_full = recording_eig_full
ww_module.WeightWatcher.apply_analyze_eigenvectors = recording_apply
results = {}
for model in ("model", "matrices"):
    state = torch.load(os.path.join(ROOT, "spectral", f"{model}.pt"), weights_only=True)
    bulk_counts.clear()
    details = ww.WeightWatcher(model=state).analyze(vectors=True)
    results[model] = details_rows(details, [c for c in COLUMNS if c in details.columns])
    results[f"{model}_bulk_counts"] = dict(bulk_counts)
    print(bulk_counts)
    print(details[[c for c in COLUMNS if c in details.columns]].T.to_string())
with open(os.path.join(OUT, "details.json"), "w") as f:
    json.dump(results, f, indent=1)
