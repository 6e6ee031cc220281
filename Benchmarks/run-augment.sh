#!/usr/bin/env bash
# Augmentation speed side by side with torchvision: AutoAugment's CIFAR-10 policy over n 3x32x32
# images. wwn: `augment(shapes(n), autoaugment())`, timed around the augment call (bytes in and
# out included, nothing subtracted), on all cores of the machine. torchvision: the policy applied
# image by image to uint8 tensors, as a Dataset's __getitem__ does, in one process with
# torch.set_num_threads(threads). The images differ (wwn: the bundled shapes; torchvision: seeded
# random bytes) but every op costs the same whatever the pixels. ratio = wwn images/s / torchvision images/s (> 1: wwn faster).
# The target of issue 5 is >= 20,000 images/s for wwn on 2 cores.
#
# usage: Benchmarks/run-augment.sh WWN_BINARY [samples] [threads]   (make bench passes .build/release/wwn)
# Build the binary with `swift build -c release` first. torch and torchvision come from the shared
# Benchmarks/.venv, made on first use.
set -euo pipefail

wwn=${1:?usage: $0 WWN_BINARY [samples] [threads]}
samples=${2:-20000}
threads=${3:-2}
target=20000
[ -x "$wwn" ] || { echo "error: '$wwn' is not an executable (build with: swift build -c release)" >&2; exit 64; }
here=$(cd "$(dirname "$0")" && pwd)
if [ -n "${TORCH_PYTHON:-}" ]; then
  python=$TORCH_PYTHON   # an existing interpreter with torch and torchvision (development)
else
  . "$here/python-env.sh"
  python=$(bench_python)
fi

# field NAME OUTPUT: the value printed after NAME.
field() { awk -v name="$1" '$1 == name { print $2 }' <<< "$2"; }

echo "wwn: $wwn ($(nproc) cores)"
echo "torchvision: $("$python" -c 'import torchvision; print(torchvision.__version__)'), $threads threads, $samples images 3x32x32"
w=$("$wwn" "$here/augment/autoaugment.wwn" -p samples="$samples")
p=$("$python" "$here/augment/autoaugment.py" "$samples" "$threads")
python3 - "$samples" "$(field seconds "$w")" "$(field seconds "$p")" "$target" <<'PY'
import sys
samples, ws, ps, target = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
w, p = samples / ws, samples / ps
print("%-34s %12s %18s %7s" % ("policy", "wwn images/s", "torchvision images/s", "ratio"))
print("%-34s %12.0f %18.0f %7.2f" % ("AutoAugment CIFAR-10, 3x32x32", w, p, w / p))
print("target >= %d images/s: %s" % (target, "met" if w >= target else "NOT met"))
PY
