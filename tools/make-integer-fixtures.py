#!/usr/bin/env python3
"""Generates the integer-tensor fixtures in Tests/Fixtures/integers/ (labels and data files).

Run from the repository root with the reference venv (numpy, torch, safetensors):
    /tmp/wwvenv/bin/python tools/make-integer-fixtures.py

  labels.npy            int64 class labels, as np.save writes them
  pixels.npy            uint8 (2, 3, 4) image data
  integers.safetensors  one tensor per integer type (I8..I64, U8..U64, BOOL) via safetensors.torch,
                        plus 'too_big' (int64 2^53 + 1, which float64 cannot hold)
  expected.json         each tensor's values as Python ints (the test compares them exactly)
"""
import json
import os

import numpy as np
import torch
from safetensors.torch import save_file

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "Fixtures", "integers")
os.makedirs(OUT, exist_ok=True)
rng = np.random.default_rng(20250116)

labels = rng.integers(0, 10, size=50, dtype=np.int64)
np.save(os.path.join(OUT, "labels.npy"), labels)
pixels = rng.integers(0, 256, size=(2, 3, 4), dtype=np.uint8)
np.save(os.path.join(OUT, "pixels.npy"), pixels)

tensors = {
    "i8": torch.tensor([-128, -1, 0, 127], dtype=torch.int8),
    "i16": torch.tensor([[-32768, 5], [7, 32767]], dtype=torch.int16),
    "i32": torch.tensor([-2**31, 0, 2**31 - 1], dtype=torch.int32),
    "i64": torch.tensor([-2**53, -1, 2**53], dtype=torch.int64),
    "u8": torch.tensor([0, 1, 255], dtype=torch.uint8),
    "u16": torch.tensor([0, 65535], dtype=torch.uint16),
    "u32": torch.tensor([0, 2**32 - 1], dtype=torch.uint32),
    "u64": torch.tensor([0, 2**53], dtype=torch.uint64),
    "mask": torch.tensor([[True, False], [False, True]]),
    "too_big": torch.tensor([2**53 + 1], dtype=torch.int64),
}
save_file(tensors, os.path.join(OUT, "integers.safetensors"))
expected = {name: {"shape": list(t.shape), "values": [int(x) for x in t.reshape(-1).tolist()]} for name, t in tensors.items()}
expected["labels"] = {"shape": list(labels.shape), "values": [int(x) for x in labels]}
expected["pixels"] = {"shape": list(pixels.shape), "values": [int(x) for x in pixels.reshape(-1)]}
with open(os.path.join(OUT, "expected.json"), "w") as f:
    json.dump(expected, f, indent=None)
