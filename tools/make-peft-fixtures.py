#!/usr/bin/env python3
"""Generates the LoRA (`peft`) fixtures in Tests/Fixtures/peft/.

Run from the repository root with the reference venv (WeightWatcher 0.7.7, torch 2.x, safetensors):
    /tmp/wwvenv/bin/python tools/make-peft-fixtures.py

A state dict named as PEFT names a LoRA-wrapped model: for two blocks, `q_proj` and `v_proj` each
hold `base_layer.weight` (64 x 48), `lora_A.default.weight` (rank 8 x 48) and
`lora_B.default.weight` (64 x 8); an `lm_head.weight` (40 x 64) has no adapter. WeightWatcher
0.7.7 is run on it with peft=True (only the products B A, top-8 eigenvalues) and
peft="with_base" (also W + B A and the base layers). Its names and ids are written to
details.json with the metric columns. Values are float32, as PEFT saves them; WeightWatcher
multiplies and adds them in float32 (NumPy), and wwn does too.
"""
import json
import math
import os

import torch
import weightwatcher as ww
from safetensors.torch import save_file

from fixture_numbers import details_rows

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "Fixtures", "peft")
os.makedirs(OUT, exist_ok=True)
torch.manual_seed(20261208)

state = {}
for block in range(2):
    for projection in ("q_proj", "v_proj"):
        prefix = f"model.layers.{block}.self_attn.{projection}"
        state[f"{prefix}.base_layer.weight"] = torch.randn(64, 48) / math.sqrt(48)
        state[f"{prefix}.lora_A.default.weight"] = torch.randn(8, 48) / math.sqrt(48)
        state[f"{prefix}.lora_B.default.weight"] = torch.randn(64, 8) / 4
state["lm_head.weight"] = torch.randn(40, 64) / 8
state = {k: v.contiguous() for k, v in state.items()}
os.makedirs(os.path.join(OUT, "adapted"), exist_ok=True)
save_file(state, os.path.join(OUT, "adapted", "model.safetensors"))

COLUMNS = ["layer_id", "name", "N", "M", "num_evals", "alpha", "D", "xmin", "xmax", "sigma", "num_pl_spikes",
           "norm", "log_norm", "lambda_max", "spectral_norm", "log_spectral_norm", "stable_rank", "entropy",
           "alpha_weighted", "log_alpha_norm", "matrix_rank", "peft"]



# WeightWatcher reads the directory as it reads a checkpoint folder: names sorted, ids from 0
# (lm_head sorts first); the ids wwn reports in ww_layer_id for a safetensors file.
results = {}
for label, peft in (("adapters", True), ("with_base", "with_base")):
    details = ww.WeightWatcher(model=os.path.join(OUT, "adapted")).analyze(peft=peft)
    results[label] = details_rows(details, COLUMNS)
    print(label)
    print(details[["layer_id", "name", "N", "M", "num_evals", "alpha", "log_norm"]].to_string())
with open(os.path.join(OUT, "details.json"), "w") as f:
    json.dump(results, f, indent=1)
