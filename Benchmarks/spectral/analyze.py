"""WeightWatcher 0.7.7 analyze() on the same shapes as analyze.wwn (seeded Gaussian float32)."""
import collections, time, warnings, logging
warnings.simplefilter("ignore")
logging.disable(logging.CRITICAL)
import numpy as np
import torch
import weightwatcher as ww

for rows, columns in [(30522, 384), (1536, 384)]:
    W = np.random.default_rng(1).standard_normal((rows, columns)).astype(np.float32)
    state = collections.OrderedDict([("W.weight", torch.tensor(W))])
    watcher = ww.WeightWatcher()
    start = time.perf_counter()
    details = watcher.analyze(model=state)
    seconds = time.perf_counter() - start
    print(rows, columns, "%.3f" % seconds, "%.3f" % details["alpha"].iloc[0])
