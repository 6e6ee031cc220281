"""WeightWatcher 0.7.7 on a model directory, for Benchmarks/run-analyze.sh.

usage: python ww_analyze.py MODEL_DIR OUT_CSV
Prints one line "analyze SECONDS": WeightWatcher(model=MODEL_DIR) (which reads the weights) plus
analyze(), after the imports; writes the details table (name, alpha, ...) to OUT_CSV.
"""
import sys
import time

import weightwatcher as ww

model_dir, out_csv = sys.argv[1], sys.argv[2]
start = time.perf_counter()
watcher = ww.WeightWatcher(model=model_dir)
details = watcher.analyze()
seconds = time.perf_counter() - start
details.to_csv(out_csv, index=False)
print(f"analyze {seconds:.4f}")
