"""sentence-transformers' side of run-encoder.sh: the same sentences, model and batch size, under
torch.inference_mode with `threads` threads; only encode() is timed, `repeats` times, the median
printed. Compares its embeddings with wwn's (a safetensors file) and prints the largest difference.

usage: embed.py MODEL_DIR SENTENCES WWN_EMBEDDINGS THREADS [REPEATS]"""
import statistics
import sys
import time

import numpy as np
import torch
from safetensors.numpy import load_file
from sentence_transformers import SentenceTransformer

model_dir, sentences_path, wwn_path, threads = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
repeats = int(sys.argv[5]) if len(sys.argv) > 5 else 3
torch.set_num_threads(threads)
texts = [line for line in open(sentences_path, encoding="utf-8").read().split("\n") if line]
model = SentenceTransformer(model_dir, device="cpu")
times = []
with torch.inference_mode():
    for _ in range(repeats):
        start = time.perf_counter()
        embeddings = model.encode(texts, batch_size=32, normalize_embeddings=True, convert_to_numpy=True)
        times.append(time.perf_counter() - start)
ours = load_file(wwn_path)["embeddings"]
print("seconds", statistics.median(times))
print("count", len(texts))
print("max_difference", float(np.abs(ours - embeddings).max()))
