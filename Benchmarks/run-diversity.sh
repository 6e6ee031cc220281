#!/usr/bin/env bash
# Vendi Score speed and memory side by side with the vendi-score package.
# (a) 50,000 x 512 float32 embeddings (a seeded .npy written once into Benchmarks/out/): wwn's
#     vendi() against vendi_score.vendi.score_dual, each timed inside the tool around the score
#     only; ratio = reference seconds / wwn seconds (> 1: wwn faster; target >= 2).
# (b) 1,000,000 x 512 float32 (a ~2 GB .npy generated on demand and removed afterwards) streamed
#     by vendi_file(); wwn's peak resident set (VmHWM through /usr/bin/time -v); target <= 200 MB.
#
# usage: Benchmarks/run-diversity.sh WWN_BINARY [threads]   (make bench passes .build/release/wwn)
# Build the binary with `swift build -c release` first. vendi-score comes from the shared
# Benchmarks/.venv, made on first use.
set -euo pipefail

wwn=${1:?usage: $0 WWN_BINARY [threads]}
threads=${2:-2}
[ -x "$wwn" ] || { echo "error: '$wwn' is not an executable (build with: swift build -c release)" >&2; exit 64; }
here=$(cd "$(dirname "$0")" && pwd)
if [ -n "${VENDI_PYTHON:-}" ]; then
  python=$VENDI_PYTHON   # an existing interpreter with vendi-score (development)
else
  . "$here/python-env.sh"
  python=$(bench_python)
fi
out="$here/out"
mkdir -p "$out"

# field NAME OUTPUT: the value printed after NAME.
field() { awk -v name="$1" '$1 == name { print $2 }' <<< "$2"; }

# write_npy PATH ROWS: seeded float32 embeddings (rows x 512) with some shared structure, written
# in blocks so making the large file needs little memory.
write_npy() {
  "$python" - "$1" "$2" <<'PY'
import sys
import numpy as np
path, rows, d = sys.argv[1], int(sys.argv[2]), 512
rng = np.random.default_rng(5)
basis = rng.standard_normal((64, d)).astype(np.float32)
out = np.lib.format.open_memmap(path + ".tmp", mode="w+", dtype=np.float32, shape=(rows, d))
step = 100_000
for start in range(0, rows, step):
    n = min(step, rows - start)
    block = rng.standard_normal((n, 64)).astype(np.float32) @ basis + 0.5 * rng.standard_normal((n, d)).astype(np.float32)
    out[start:start + n] = block
out.flush()
del out
import os
os.replace(path + ".tmp", path)
PY
}

medium="$out/diversity-50000x512.npy"
[ -f "$medium" ] || write_npy "$medium" 50000
export OPENBLAS_NUM_THREADS=$threads OMP_NUM_THREADS=$threads MKL_NUM_THREADS=$threads
echo "wwn: $wwn"
echo "vendi-score: $("$python" -c 'from importlib.metadata import version; print(version("vendi-score"))'), numpy $("$python" -c 'import numpy; print(numpy.__version__)'), $threads threads each"

w=$("$wwn" "$here/diversity/vendi.wwn" -p path="$medium" -p stream=0)
p=$("$python" "$here/diversity/vendi.py" "$medium")
python3 - "$(field seconds "$w")" "$(field seconds "$p")" "$(field score "$w")" "$(field score "$p")" <<'PY'
import sys
ws, ps, wv, pv = map(float, sys.argv[1:5])
print("(a) Vendi of 50,000 x 512 float32 (median of 5 runs each): wwn %.3f s, vendi_score.score_dual %.3f s, ratio %.2f (target >= 2: %s)"
      % (ws, ps, ps / ws, "met" if ps / ws >= 2 else "NOT met"))
print("    scores: wwn %.10g, reference %.10g (relative difference %.2e; the reference sums in float32)" % (wv, pv, abs(wv - pv) / pv))
PY

large="$out/diversity-1000000x512.npy"
trap 'rm -f "$large" "$large.tmp"' EXIT
echo "writing $large (~2 GB) ..."
write_npy "$large" 1000000
log="$out/diversity-time.txt"
s=$(/usr/bin/time -v -o "$log" "$wwn" "$here/diversity/vendi.wwn" -p path="$large" -p stream=1)
rss_kb=$(awk -F: '/Maximum resident set size/ { gsub(/ /, "", $2); print $2 }' "$log")
python3 - "$(field seconds "$s")" "$(field score "$s")" "$rss_kb" <<'PY'
import sys
seconds, score, rss = float(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]) / 1024
print("(b) streamed 1,000,000 x 512 float32: %.2f s, score %.10g, wwn peak RSS %.0f MB (target <= 200 MB: %s)"
      % (seconds, score, rss, "met" if rss <= 200 else "NOT met"))
PY
