#!/usr/bin/env bash
# The interpreter side by side with CPython: recursive calls, loops, list building, method calls
# on records, closures, string building, a table built row by row, a sort with a key function, a
# cheap built-in in a loop, start-up, and the front end on a 10 MB file. Each program in
# Benchmarks/interpreter/ has an equivalent .py; outputs are compared before timing. Times are
# the best of several wall-clock runs (hyperfine when installed, else a timing loop), start-up
# included; ratio = python / wwn (> 1: wwn faster).
#
# usage: Benchmarks/run-interpreter.sh WWN_BINARY [runs]     (make bench passes .build/release/wwn)
# Build the binary with `swift build -c release` first.
set -euo pipefail

wwn=${1:?usage: $0 WWN_BINARY [runs]}
runs=${2:-5}
[ -x "$wwn" ] || { echo "error: '$wwn' is not an executable (build with: swift build -c release)" >&2; exit 64; }
wwn=$(cd "$(dirname "$wwn")" && pwd)/$(basename "$wwn")
here=$(cd "$(dirname "$0")" && pwd)
programs=$here/interpreter
out=${BENCH_OUT:-$here/out}
mkdir -p "$out"
# The real interpreter, not a version-manager shim that would add its own start-up to every run.
python=$(python3 -c 'import sys; print(sys.executable)')

python3 "$programs/generate-large.py" "$out/large.wwn" "$out/large.py" 10

benchmarks=(fib loop while push methods closure strings table sort builtin empty)
for name in "${benchmarks[@]}"; do
  expected=$("$python" "$programs/$name.py")
  actual=$("$wwn" "$programs/$name.wwn")
  if [ "$expected" != "$actual" ]; then
    echo "error: $name.wwn printed '$actual' but $name.py printed '$expected'" >&2
    exit 1
  fi
done
"$wwn" "$out/large.wwn" > /dev/null

# best_ms COMMAND...: the best wall time of $runs runs, in milliseconds.
best_ms() {
  local warmup=$(( runs > 2 ? 1 : 0 ))
  if command -v hyperfine > /dev/null; then
    local json
    json=$(mktemp)
    hyperfine --style none --warmup "$warmup" --runs "$runs" --export-json "$json" -N -- "$*" > /dev/null 2>&1 \
      || hyperfine --style none --warmup "$warmup" --runs "$runs" --export-json "$json" -- "$*" > /dev/null
    python3 -c 'import json, sys; print("%.1f" % (1000 * json.load(open(sys.argv[1]))["results"][0]["min"]))' "$json"
    rm -f "$json"
  else
    python3 - "$runs" "$@" <<'PY'
import subprocess, sys, time
runs, command = int(sys.argv[1]), sys.argv[2:]
best = float("inf")
for _ in range(runs + 1):  # the first run warms the caches
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, check=True)
    best = min(best, time.perf_counter() - start)
print("%.1f" % (1000 * best))
PY
  fi
}

describe() {
  case $1 in
    fib) echo "fib(25), recursive calls" ;;
    loop) echo "for loop, 1e6 += into a global" ;;
    while) echo "while loop, 1e6 iterations in a fn" ;;
    push) echo "push 1e5 elements onto a list" ;;
    methods) echo "1e6 method calls on a record" ;;
    closure) echo "5e5 calls of a closure (counter)" ;;
    strings) echo "1e5 interpolated strings, joined" ;;
    table) echo "table built row by row (2e4 rows)" ;;
    sort) echo "sort 1e5 numbers with a key fn" ;;
    builtin) echo "1e5 calls of a cheap built-in (abs)" ;;
    empty) echo "start-up (empty file)" ;;
    large) echo "10 MB file: parse+resolve+compile" ;;
    lint) echo "10 MB file: front end only (lint)" ;;
  esac
}

echo "wwn: $wwn"
echo "python: $python ($("$python" --version 2>&1))"
echo "best of $runs runs$(command -v hyperfine > /dev/null && echo ' (hyperfine)'), milliseconds, start-up included;"
echo "ratio = python / wwn (> 1: wwn faster); 'net' columns subtract each one's empty-file start-up"
w_start=$(best_ms "$wwn" "$programs/empty.wwn")
p_start=$(best_ms "$python" "$programs/empty.py")
printf '%-36s %8s %9s %7s %8s %8s %7s\n' benchmark "wwn ms" "python ms" ratio "wwn net" "py net" "net ratio"
for name in "${benchmarks[@]}" large lint; do
  if [ "$name" = empty ]; then
    w=$w_start p=$p_start
  elif [ "$name" = lint ]; then
    # wwn: parse + resolve, nothing runs; CPython: compile() to bytecode, nothing runs.
    saved_runs=$runs
    runs=$(( runs < 2 ? runs : 2 ))
    w=$(best_ms "$wwn" lint "$out/large.wwn")
    p=$(best_ms "$python" "$programs/compile_only.py" "$out/large.py")
    runs=$saved_runs
  elif [ "$name" = large ]; then
    # CPython needs about 20 s for this file: fewer runs.
    saved_runs=$runs
    runs=$(( runs < 2 ? runs : 2 ))
    w=$(best_ms "$wwn" "$out/large.wwn")
    p=$(best_ms "$python" "$out/large.py")
    runs=$saved_runs
  else
    w=$(best_ms "$wwn" "$programs/$name.wwn")
    p=$(best_ms "$python" "$programs/$name.py")
  fi
  python3 - "$(describe "$name")" "$w" "$p" "$w_start" "$p_start" "$name" <<'PY'
import sys
label, w, p, ws, ps, name = sys.argv[1], *map(float, sys.argv[2:6]), sys.argv[6]
ratio = p / max(w, 0.001)
if name == "empty":
    print("%-36s %8.1f %9.1f %7.2f %8s %8s %7s" % (label, w, p, ratio, "-", "-", "-"))
else:
    wn, pn = max(w - ws, 0.1), max(p - ps, 0.1)
    print("%-36s %8.1f %9.1f %7.2f %8.1f %8.1f %7.2f" % (label, w, p, ratio, wn, pn, pn / wn))
PY
done
