"""Writes the Parquet benchmark file (see run-parquet.sh) with pyarrow, as HF datasets writes a
text set: a string "text" column and an int64 "label" column (ClassLabel ids), snappy pages,
dictionary encoding on, pyarrow's default row groups and pages. Texts are 10 to 60 words drawn
from a small vocabulary with a fixed seed, so every run writes the same file.

usage: python make-parquet.py PATH ROWS
"""
import random
import sys

import pyarrow as pa
import pyarrow.parquet as pq

path, rows = sys.argv[1], int(sys.argv[2])
random.seed(16)
words = ("the a service refund order late great delivery staff lovely charged twice product broken "
         "quality price support email phone café").split()
texts = [" ".join(random.choice(words) for _ in range(random.randint(10, 60))) for _ in range(rows)]
labels = [random.randint(0, 4) for _ in range(rows)]
pq.write_table(pa.table({"text": texts, "label": pa.array(labels, type=pa.int64())}), path, compression="snappy")
