"""The reference side of run-diversity.sh: vendi_score.vendi.score_dual on a .npy file, timed
around the score only (as the wwn side)."""
import sys
import time

import numpy as np
from vendi_score import vendi

x = np.load(sys.argv[1])
start = time.perf_counter()
score = vendi.score_dual(x, q=1)
print("seconds", time.perf_counter() - start)
print("score", float(score))
