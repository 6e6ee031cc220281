"""The reference side of run-diversity.sh: vendi_score.vendi.score_dual on a .npy file, timed
around the score only (as the wwn side), `repeats` times, the median printed."""
import statistics
import sys
import time

import numpy as np
from vendi_score import vendi

x = np.load(sys.argv[1])
repeats = int(sys.argv[2]) if len(sys.argv) > 2 else 5
times = []
for _ in range(repeats):
    start = time.perf_counter()
    score = vendi.score_dual(x, q=1)
    times.append(time.perf_counter() - start)
print("seconds", statistics.median(times))
print("score", float(score))
