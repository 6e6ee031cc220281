#!/usr/bin/env python3
"""Generates the fused-projection fixtures (`split_qkv`, `heads`) in Tests/Fixtures/attention/.

Run from the repository root with the reference venv (torch, transformers, safetensors, numpy):
    /tmp/wwvenv/bin/python tools/make-attention-fixtures.py

- gpt2.safetensors: a tiny GPT-2 made from a seeded transformers GPT2Config (2 blocks, n_embd
  32, 2 heads of 16, n_inner 32; nothing downloaded), its parameters as GPT2Model names them
  (`h.0.attn.c_attn.weight`, a Conv1D stored [in, 3d]).
- neox.safetensors: one GPT-NeoX-layout attention block (2 heads of 16, hidden 32) whose
  `query_key_value.weight` interleaves each head's q, k, v rows, as GPTNeoXAttention reads it
  (view(..., heads, 3 * head_size)).

spectra.json holds, per layer name wwn gives (`…c_attn.q`, `…head0.qk`, …), the eigenvalues of
WᵀW computed by NumPy in float64 from the stored float32 values, ascending; for a per-head
circuit only its head_size largest (its rank). The split is taken the way the models compute
attention (GPT2Attention: `split(n_embd, dim=2)` of x·W; NeoX: per-head view), so the fixture
checks the cut, not only wwn against itself.
"""
import json
import os

import numpy as np
import torch
from safetensors.torch import save_file
from transformers import GPT2Config, GPT2Model

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "Fixtures", "attention")
os.makedirs(OUT, exist_ok=True)
torch.manual_seed(20261208)
D, HEADS = 32, 2
HS = D // HEADS


def spectrum(matrix, keep=None):
    values = np.linalg.svd(np.asarray(matrix, dtype=np.float64), compute_uv=False) ** 2
    values = np.sort(values)
    if keep is not None:
        values = values[-keep:]
    return [float(v) for v in values]


def circuits(spectra, prefix, q, k, v, o):
    """Per-head W_Q^hᵀ W_K^h and W_O^h W_V^h, with q, k, v [d, in] and o [out, d] (nn.Linear)."""
    for h in range(HEADS):
        rows = slice(h * HS, (h + 1) * HS)
        spectra[f"{prefix}.head{h}.qk"] = spectrum(q[rows].T @ k[rows], HS)
        spectra[f"{prefix}.head{h}.ov"] = spectrum(o[:, rows] @ v[rows], HS)


spectra = {}

config = GPT2Config(n_embd=D, n_head=HEADS, n_layer=2, n_inner=D, n_positions=16, vocab_size=40,
                    bos_token_id=0, eos_token_id=0)
model = GPT2Model(config).eval()
with torch.no_grad():
    for p in model.parameters():
        p.normal_(0, 0.2)
state = {name: p.detach().contiguous().clone() for name, p in model.named_parameters()}
save_file(state, os.path.join(OUT, "gpt2.safetensors"))
for block in range(2):
    c_attn = state[f"h.{block}.attn.c_attn.weight"].double().numpy()    # [in, 3d], y = x W
    c_proj = state[f"h.{block}.attn.c_proj.weight"].double().numpy()    # [d, out]
    # GPT2Attention: query, key, value = (x W).split(n_embd, dim=2); in nn.Linear form [d, in].
    q, k, v = (c_attn[:, i * D:(i + 1) * D].T for i in range(3))
    prefix = f"h.{block}.attn.c_attn"
    for part, matrix in zip("qkv", (q, k, v)):
        spectra[f"{prefix}.{part}"] = spectrum(matrix)
    circuits(spectra, prefix, q, k, v, c_proj.T)

qkv = (torch.randn(3 * D, D) / np.sqrt(D)).contiguous()
dense = (torch.randn(D, D) / np.sqrt(D)).contiguous()
save_file({"gpt_neox.layers.0.attention.query_key_value.weight": qkv,
           "gpt_neox.layers.0.attention.dense.weight": dense}, os.path.join(OUT, "neox.safetensors"))
per_head = qkv.double().numpy().reshape(HEADS, 3, HS, D)   # GPTNeoXAttention's view
q, k, v = (per_head[:, i].reshape(D, D) for i in range(3))
prefix = "gpt_neox.layers.0.attention.query_key_value"
for part, matrix in zip("qkv", (q, k, v)):
    spectra[f"{prefix}.{part}"] = spectrum(matrix)
circuits(spectra, prefix, q, k, v, dense.double().numpy())

with open(os.path.join(OUT, "spectra.json"), "w") as f:
    json.dump({"heads": HEADS, "head_size": HS, "spectra": spectra}, f, indent=1)
print(len(spectra), "spectra;", sorted(spectra)[:4])
