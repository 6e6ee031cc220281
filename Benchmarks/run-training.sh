#!/usr/bin/env bash
# Training speed side by side with PyTorch (CPU): one epoch of an MLP 784-512-512-10 and of the
# default cnn() on 3×32×32 images, over synthetic samples, batch 128, PyTorch's default
# initialisation, SGD with momentum 0.9, the same number of threads for both (BLAS threads for
# wwn, torch.set_num_threads for PyTorch). Only the epoch is timed (not making the data).
# ratio = wwn samples/s / PyTorch samples/s (> 1: wwn faster).
# The models of LOADED_MODELS (default: mlp, if among the models; empty: none) then run again on
# both sides with one competing process (a shell busy loop, started before each run and killed
# after it), in rows marked "+ 1 busy process": with as many threads as cores, threads that wait
# for a core they cannot get lose far more than their share (see ARCHITECTURE.md).
# Then ResNet-20 (BatchNorm, residual blocks) training steps on batches of 64 3×32×32 images
# (forward, backward and SGD step), reported as milliseconds per step and the same ratio.
# Then the sanity run of issue 4 (wwn alone): MLP 64-128-10 on the bundled digits, 20 epochs of
# Adam; the requirement is >= 95 % test accuracy in under 10 s.
#
# usage: Benchmarks/run-training.sh WWN_BINARY [samples] [threads] [models]   (make bench passes .build/release/wwn)
# models: "mlp cnn" (default), or one of them.
# Build the binary with `swift build -c release` first. PyTorch comes from the shared
# Benchmarks/.venv, made on first use.
set -euo pipefail

wwn=${1:?usage: $0 WWN_BINARY [samples] [threads] [models]}
samples=${2:-60000}
threads=${3:-2}
models=${4:-mlp cnn}
batch=128
[ -x "$wwn" ] || { echo "error: '$wwn' is not an executable (build with: swift build -c release)" >&2; exit 64; }
here=$(cd "$(dirname "$0")" && pwd)
if [ -n "${TORCH_PYTHON:-}" ]; then
  python=$TORCH_PYTHON   # an existing interpreter with torch (development)
else
  . "$here/python-env.sh"
  python=$(bench_python)
fi

# field NAME OUTPUT: the value printed after NAME.
field() { awk -v name="$1" '$1 == name { print $2 }' <<< "$2"; }

echo "wwn: $wwn"
echo "torch: $("$python" -c 'import torch; print(torch.__version__)'), $threads threads each, $samples samples, batch $batch"
# busy COMMAND...: runs COMMAND while one busy loop competes for a core (its status is COMMAND's).
busy() {
  local competitor status=0
  sh -c 'while :; do :; done' > /dev/null &
  competitor=$!
  "$@" || status=$?
  kill "$competitor"
  wait "$competitor" 2> /dev/null || true
  return "$status"
}

# row MODEL [busy]: one epoch of MODEL on each side, printed as a row of the table.
row() {
  local model=$1 load=${2:-} w p
  w=$($load env OPENBLAS_NUM_THREADS="$threads" "$wwn" "$here/training/$model.wwn" -p samples="$samples" -p batch="$batch")
  p=$($load "$python" "$here/training/train.py" "$model" "$samples" "$batch" "$threads")
  python3 - "$model" "$samples" "$(field seconds "$w")" "$(field seconds "$p")" "$(field loss "$w")" "$(field loss "$p")" "$load" <<'PY'
import sys
model, samples, ws, ps, wl, pl = sys.argv[1], int(sys.argv[2]), *map(float, sys.argv[3:7])
label = {"mlp": "MLP 784-512-512-10", "cnn": "CNN 3x32x32 (32,32|64,64)"}[model]
if sys.argv[7]:
    label = {"mlp": "MLP", "cnn": "CNN"}[model] + " + 1 busy process"
w, p = samples / ws, samples / ps
print("%-28s %12.0f %14.0f %7.2f %10.4f %10.4f" % (label, w, p, w / p, wl, pl))
PY
}

printf '%-28s %12s %14s %7s %10s %10s\n' model "wwn samples/s" "torch samples/s" ratio "wwn loss" "torch loss"
for model in $models; do row "$model"; done
loaded_models=${LOADED_MODELS-$([[ " $models " == *" mlp "* ]] && echo mlp)}
for model in $loaded_models; do row "$model" busy; done

resnet_batch=64
resnet_samples=${RESNET_SAMPLES:-1280}
w=$(OPENBLAS_NUM_THREADS=$threads "$wwn" "$here/training/resnet20.wwn" -p samples="$resnet_samples" -p batch="$resnet_batch")
p=$("$python" "$here/training/train.py" resnet20 "$resnet_samples" "$resnet_batch" "$threads")
python3 - "$resnet_samples" "$resnet_batch" "$(field seconds "$w")" "$(field seconds "$p")" "$(field loss "$w")" "$(field loss "$p")" <<'PY'
import sys
samples, batch, ws, ps, wl, pl = int(sys.argv[1]), int(sys.argv[2]), *map(float, sys.argv[3:7])
steps = samples // batch
print("%-28s %12s %14s %7s %10s %10s" % ("model", "wwn ms/step", "torch ms/step", "ratio", "wwn loss", "torch loss"))
print("%-28s %12.1f %14.1f %7.2f %10.4f %10.4f" % ("ResNet-20 batch %d" % batch, 1000 * ws / steps, 1000 * ps / steps, ps / ws, wl, pl))
PY

d=$(OPENBLAS_NUM_THREADS=$threads "$wwn" "$here/training/digits.wwn")
printf 'digits MLP 64-128-10, 20 epochs: %.2f s, test accuracy %.4f (requirement: >= 0.95 in < 10 s)\n' \
  "$(field seconds "$d")" "$(field accuracy "$d")"
