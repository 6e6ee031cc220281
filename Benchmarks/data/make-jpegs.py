"""Writes the benchmark's image folder (see run-data.sh): COUNT JPEGs of WIDTH x HEIGHT in 10
class folders, quality 90, smooth gradients plus seeded noise (so they compress like photos, not
like flat colour), with PIL.

usage: python make-jpegs.py DIRECTORY COUNT WIDTH HEIGHT
"""
import os
import sys

import numpy as np
from PIL import Image

directory, count, width, height = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
rng = np.random.default_rng(5000)
y, x = np.mgrid[0:height, 0:width]
for i in range(count):
    phase = rng.uniform(0, 6.3, 3)
    base = np.stack([127 + 100 * np.sin(x / (17 + 5 * k) + y / (23 + 7 * k) + phase[k]) for k in range(3)], -1)
    pixels = np.clip(base + rng.normal(0, 12, base.shape), 0, 255).astype(np.uint8)
    folder = os.path.join(directory, f"class{i % 10}")
    os.makedirs(folder, exist_ok=True)
    Image.fromarray(pixels, "RGB").save(os.path.join(folder, f"{i:05d}.jpg"), quality=90)
