#!/usr/bin/env python3
"""Generates the base_model fixtures in Tests/Fixtures/base-model/.

Run from the repository root with the reference venv (WeightWatcher 0.7.7, torch 2.x, safetensors):
    /tmp/wwvenv/bin/python tools/make-base-model-fixtures.py

A small network (two 3x3 convolutions and three dense layers, wwn's naming) is drawn with a fixed
seed as the base; the tuned model is the base plus a fine-tuning-like update (a rank-4 term and a
small dense noise per layer) and a new `head` layer that the base lacks. WeightWatcher 0.7.7 is run
on the tuned state dict with base_model = the base state dict (it analyses W - W_base, pairing
layers by name in order; the head is analysed as it is), and without a base for comparison.

Files: base.safetensors, tuned.safetensors (float32, as saved by safetensors.torch), and
details.json with WeightWatcher's rows for both runs.
"""
import json
import math
import os

import torch
import torch.nn as nn
import weightwatcher as ww
from safetensors.torch import save_file

from fixture_numbers import details_rows

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "Fixtures", "base-model")
os.makedirs(OUT, exist_ok=True)
torch.manual_seed(20261207)


class Net(nn.Module):
    def __init__(self, head):
        super().__init__()
        self.layers = nn.Sequential(
            nn.Conv2d(3, 16, 3), nn.ReLU(), nn.Conv2d(16, 32, 3), nn.ReLU(), nn.Flatten(),
            nn.Linear(32 * 4, 96), nn.ReLU(), nn.Linear(96, 80), nn.ReLU(), nn.Linear(80, 40))
        if head:
            self.head = nn.Linear(40, 12)


base = Net(head=False)
tuned = Net(head=True)
base_state = {k: v.detach().clone().contiguous() for k, v in base.state_dict().items()}
tuned_state = {}
for name, value in tuned.state_dict().items():
    if name in base_state:
        w = base_state[name]
        if w.dim() >= 2:
            rows = w.shape[0]
            cols = w[0].numel()
            low_rank = (torch.randn(rows, 4) @ torch.randn(4, cols)).reshape(w.shape) * (0.3 / math.sqrt(cols))
            update = low_rank + 0.02 * torch.randn_like(w)
        else:
            update = 0.01 * torch.randn_like(w)
        tuned_state[name] = (w + update).contiguous()
    else:
        tuned_state[name] = value.detach().clone().contiguous()

save_file(base_state, os.path.join(OUT, "base.safetensors"))
save_file(tuned_state, os.path.join(OUT, "tuned.safetensors"))

COLUMNS = ["layer_id", "name", "N", "M", "rf", "num_evals", "alpha", "D", "xmin", "xmax", "sigma", "num_pl_spikes",
           "norm", "log_norm", "lambda_max", "spectral_norm", "log_spectral_norm", "stable_rank", "entropy",
           "alpha_weighted", "log_alpha_norm", "matrix_rank"]



# WeightWatcher reads a state dict as given (its dict order); safetensors sorts names, and the
# dict below is in module order, which wwn's natural order of these names reproduces.
with_base = ww.WeightWatcher(model=tuned_state, base_model=base_state).analyze()
alone = ww.WeightWatcher(model=tuned_state).analyze()
with open(os.path.join(OUT, "details.json"), "w") as f:
    json.dump({"with_base": details_rows(with_base, COLUMNS), "without_base": details_rows(alone, COLUMNS)}, f, indent=1)
print(with_base[["layer_id", "name", "N", "M", "alpha", "log_norm"]])
print(alone[["layer_id", "name", "alpha", "log_norm"]])
