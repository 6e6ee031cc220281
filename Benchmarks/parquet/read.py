"""pyarrow's read of the benchmark file (see run-parquet.sh): the text and label columns into
Python lists (what a user iterating the texts gets), best of three. Prints `seconds S`, `count N`
and `classes C` (distinct labels).

usage: python read.py PATH
"""
import sys
import time

import pyarrow.parquet as pq

best = float("inf")
for _ in range(3):
    start = time.perf_counter()
    columns = pq.read_table(sys.argv[1], columns=["text", "label"]).to_pydict()
    best = min(best, time.perf_counter() - start)
print("seconds", best)
print("count", len(columns["text"]))
print("classes", len(set(columns["label"])))
