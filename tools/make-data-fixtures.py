#!/usr/bin/env python3
"""Label arrays and JSON Lines text written by NumPy and Python's json, for the data loaders.

Run from the repository root:  /tmp/wwvenv/bin/python tools/make-data-fixtures.py

Writes into Tests/Fixtures/data/: labels-int64.npy (np.save of int64 [6]), labels-uint8-column.npy
(uint8 [4, 1]), labels-float.npy (float32 with a 2.5: refused), and reviews.jsonl (records as
HF datasets' Dataset.to_json writes them: one object per line, non-ASCII escaped, integer labels).
"""
import json
import os

import numpy as np

OUT = os.path.join("Tests", "Fixtures", "data")
np.save(os.path.join(OUT, "labels-int64.npy"), np.array([3, 0, 1, 1, 2, 0], dtype=np.int64))
np.save(os.path.join(OUT, "labels-uint8-column.npy"), np.array([[1], [0], [1], [1]], dtype=np.uint8))
np.save(os.path.join(OUT, "labels-float.npy"), np.array([1.0, 2.5], dtype=np.float32))
records = [
    {"text": "The refund never arrived.", "label": 1, "id": 0},
    {"text": "Great service, café staff were lovely", "label": 0, "id": 1},
    {"text": "Charged twice for one order", "label": 1, "id": 2},
    {"text": "Fast delivery \u2014 thanks!", "label": 0, "id": 3},
    {"text": "Line breaks\nstay inside the string", "label": 2, "id": 4},
]
with open(os.path.join(OUT, "reviews.jsonl"), "w") as f:
    for record in records:
        f.write(json.dumps(record) + "\n")
print("wrote", OUT)
