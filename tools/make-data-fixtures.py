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

# SVHN-like MAT-files (scipy.io.savemat, MATLAB 5 format): X uint8 32x32x3x5 with y double 5x1
# holding a 10 (the zero digit), compressed as SVHN's are; the same uncompressed with y uint8;
# and the expected [n, 3, 32, 32] bytes in torchvision's SVHN order (np.transpose(X, (3, 2, 0, 1))).
import scipy.io

svhn_x = np.random.default_rng(32).integers(0, 256, (32, 32, 3, 5), dtype=np.uint8)
svhn_y = np.array([[10], [1], [9], [10], [3]], dtype=np.float64)
scipy.io.savemat(os.path.join(OUT, "svhn-compressed.mat"), {"X": svhn_x, "y": svhn_y}, do_compression=True)
scipy.io.savemat(os.path.join(OUT, "svhn-plain.mat"), {"X": svhn_x, "y": svhn_y.astype(np.uint8)}, do_compression=False)
with open(os.path.join(OUT, "svhn-expected.bin"), "wb") as f:
    f.write(np.ascontiguousarray(np.transpose(svhn_x, (3, 2, 0, 1))).tobytes())

# The same arrays as a MATLAB v7.3 file (HDF5 with a 512-byte MATLAB header in its user block,
# each variable a dataset with its MATLAB_class attribute and its dimensions reversed, as MATLAB
# writes them), with h5py.
import h5py

v73 = os.path.join(OUT, "svhn-v73.mat")
with h5py.File(v73, "w", userblock_size=512) as f:
    for name, array, cls in (("X", svhn_x, "uint8"), ("y", svhn_y, "double")):
        dataset = f.create_dataset(name, data=np.ascontiguousarray(array.T))
        # MATLAB's own attribute type: a fixed-length, NUL-terminated ASCII string.
        string_type = h5py.h5t.C_S1.copy()
        string_type.set_size(len(cls) + 1)
        string_type.set_strpad(h5py.h5t.STR_NULLTERM)
        attribute = h5py.h5a.create(dataset.id, b"MATLAB_class", string_type, h5py.h5s.create(h5py.h5s.SCALAR))
        attribute.write(np.array(cls.encode(), dtype=f"S{len(cls) + 1}"))
with open(v73, "r+b") as f:
    text = b"MATLAB 7.3 MAT-file, Platform: GLNXA64, Created by: tools/make-data-fixtures.py HDF5 schema 1.00 ."
    f.write(text.ljust(116, b" ") + b"\x00" * 8 + b"\x00\x02" + b"IM")
