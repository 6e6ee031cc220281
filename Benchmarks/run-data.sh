#!/usr/bin/env bash
# Image-folder loading side by side with torchvision: n JPEGs (w x h, in 10 class folders, written
# here by Benchmarks/data/make-jpegs.py with PIL) decoded and resized to 32x32. wwn:
# `load_images(path, size: 32)` on all cores of the machine, timed around the call. torchvision:
# ImageFolder with Resize((32, 32)) + ToTensor through a DataLoader with `workers` worker processes
# (batches of 256), timed from building the data set to the last batch. Both read the same
# files once before timing, so the page cache is warm for both. The mean pixel of both is printed:
# the same decoder family and Pillow's resize mean they agree to float rounding.
# ratio = wwn images/s / torchvision images/s (> 1: wwn faster). Issue 16's target: >= 1.0.
#
# usage: Benchmarks/run-data.sh WWN_BINARY [images] [width] [height] [workers]
set -euo pipefail

wwn=${1:?usage: $0 WWN_BINARY [images] [width] [height] [workers]}
images=${2:-5000}
width=${3:-320}
height=${4:-240}
workers=${5:-2}
[ -x "$wwn" ] || { echo "error: '$wwn' is not an executable (build with: swift build -c release)" >&2; exit 64; }
here=$(cd "$(dirname "$0")" && pwd)
if [ -n "${TORCH_PYTHON:-}" ]; then
  python=$TORCH_PYTHON   # an existing interpreter with torch, torchvision and Pillow (development)
else
  . "$here/python-env.sh"
  python=$(bench_python)
fi

folder=$(mktemp -d "${TMPDIR:-/tmp}/wwn-bench-jpegs.XXXXXX")
trap 'rm -rf "$folder"' EXIT
"$python" "$here/data/make-jpegs.py" "$folder" "$images" "$width" "$height"
cat "$folder"/*/*.jpg > /dev/null   # warm the page cache for both readers

field() { awk -v name="$1" '$1 == name { print $2 }' <<< "$2"; }

echo "wwn: $wwn ($(nproc) cores)"
echo "torchvision: $("$python" -c 'import torchvision; print(torchvision.__version__)'), DataLoader with $workers workers, $images JPEGs ${width}x${height}"
w=$("$wwn" "$here/data/load.wwn" -p path="$folder")
p=$("$python" "$here/data/imagefolder.py" "$folder" "$workers")
python3 - "$images" "$(field seconds "$w")" "$(field seconds "$p")" "$(field mean "$w")" "$(field mean "$p")" "$width" "$height" <<'PY'
import sys
n, ws, ps, wm, pm = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5])
w, p = n / ws, n / ps
print("%-38s %12s %20s %7s" % ("task", "wwn images/s", "torchvision images/s", "ratio"))
print("%-38s %12.0f %20.0f %7.2f" % ("decode %sx%s JPEG + resize to 32x32" % (sys.argv[6], sys.argv[7]), w, p, w / p))
print("mean pixel: wwn %.7f, torchvision %.7f" % (wm, pm))
print("target ratio >= 1.0: %s" % ("met" if w / p >= 1.0 else "NOT met"))
PY
