"""Writes a safetensors file of random float32 layers for the peak-memory check of
Benchmarks/run-analyze.sh (numpy only; the header is written by hand, no safetensors package).

usage: python make_big_model.py OUT LAYERS ROWS COLUMNS
"""
import json
import struct
import sys

import numpy as np

out, layers, rows, columns = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
size = rows * columns * 4
header = {f"layer{i}.weight": {"dtype": "F32", "shape": [rows, columns], "data_offsets": [i * size, (i + 1) * size]}
          for i in range(layers)}
text = json.dumps(header).encode()
text += b" " * (-len(text) % 8)
rng = np.random.default_rng(1)
with open(out + ".tmp", "wb") as f:
    f.write(struct.pack("<Q", len(text)))
    f.write(text)
    for _ in range(layers):
        rng.standard_normal((rows, columns), dtype=np.float32).tofile(f)
import os
os.replace(out + ".tmp", out)
