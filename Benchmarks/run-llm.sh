#!/usr/bin/env bash
# `wwn analyze` at LLM scale: a generated checkpoint with the shapes of a 1.1B-parameter Llama
# (22 blocks, hidden 2048, MLP 5632, vocabulary 32000; Benchmarks/analyze/make_llama.py), as
# sharded bf16 safetensors (2.2 GB) and as GGUF with Q4_K matrices (0.6 GB). For each form:
# wall time and peak RSS of the whole `wwn analyze` process, against the memory budget of the
# issue (the largest layer's working set, as ModelAnalysis estimates it, plus 150 MB). Then
# WeightWatcher 0.7.7 on the safetensors form in the same run (one run: it takes many minutes),
# the time ratio WeightWatcher / wwn (> 1: wwn faster) and the largest alpha difference.
#
# usage: Benchmarks/run-llm.sh WWN_BINARY
# The checkpoint is generated once into Benchmarks/out/llama-1.1b (about 2.8 GB of disk; a stamp
# holds the generator's hash, so an edited generator regenerates it). BENCH_LLM=0 skips this
# benchmark; BENCH_LLM_WW=0 skips the WeightWatcher side (wwn's times and memory only).
# The Python reference (weightwatcher==0.7.7, gguf, numpy) comes from the shared Benchmarks/.venv;
# set BENCH_PYTHON to use an interpreter that has them instead.
set -euo pipefail

wwn=${1:?usage: $0 WWN_BINARY}
[ -x "$wwn" ] || { echo "error: '$wwn' is not an executable (build with: swift build -c release)" >&2; exit 64; }
if [ "${BENCH_LLM:-1}" = 0 ]; then echo "skipped (BENCH_LLM=0)"; exit 0; fi
wwn=$(cd "$(dirname "$wwn")" && pwd)/$(basename "$wwn")
here=$(cd "$(dirname "$0")" && pwd)
out=$here/out
data=$out/llama-1.1b
mkdir -p "$out"

python=${BENCH_PYTHON:-}
if [ -z "$python" ]; then
  . "$here/python-env.sh"
  python=$(bench_python)
fi
"$python" -c 'import gguf' 2> /dev/null || "$python" -m pip install --quiet gguf >&2

stamp=$data/generator.sha256
hash=$(sha256sum < "$here/analyze/make_llama.py" | cut -d' ' -f1)
if [ "$(cat "$stamp" 2> /dev/null)" != "$hash" ]; then
  echo "generating the 1.1B checkpoint into $data (once; a few minutes) ..."
  rm -rf "$data"
  "$python" "$here/analyze/make_llama.py" "$data/hf" "$data/model-q4_k.gguf"
  echo "$hash" > "$stamp"
fi

# The largest layer's working set as ModelAnalysis.LayerWorkingSet counts it: its values in
# float64 plus the Gram matrix of its smaller side (the 32000 x 2048 embedding and head here).
budget_mb=$(awk 'BEGIN { printf "%.0f", (32000 * 2048 * 8 + 2048 * 2048 * 8) / 1048576 + 150 }')

# One `wwn analyze`: prints "seconds peak_mb rows".
wwn_run() {
  local input=$1 csv=$2 log=$out/llm-wwn.log
  rm -f "$csv"
  /usr/bin/time -f "TIME %e %M" "$wwn" analyze "$input" --csv "$csv" 2> "$log" > /dev/null
  awk '/^TIME/ {printf "%s %.0f", $2, $3 / 1024}' "$log"
  echo " $(($(wc -l < "$csv") - 1))"
}

echo "model: 1.1B-parameter Llama shapes, random weights ($(du -sh "$data/hf" | cut -f1) bf16 safetensors, $(du -h "$data/model-q4_k.gguf" | cut -f1) GGUF Q4_K)"
echo "memory budget: largest layer's working set + 150 MB = $budget_mb MB"
printf "%-22s %10s %10s %8s %s\n" form seconds peak_MB layers "within budget"
for form in safetensors gguf; do
  if [ "$form" = safetensors ]; then input=$data/hf; else input=$data/model-q4_k.gguf; fi
  read -r seconds peak rows <<< "$(wwn_run "$input" "$out/llm-wwn-$form.csv")"
  verdict=$([ "$peak" -le "$budget_mb" ] && echo yes || echo "NO")
  printf "%-22s %10s %10s %8s %s\n" "wwn ($form)" "$seconds" "$peak" "$rows" "$verdict"
  [ "$form" = safetensors ] && wwn_seconds=$seconds
done

if [ "${BENCH_LLM_WW:-1}" = 0 ]; then echo "WeightWatcher skipped (BENCH_LLM_WW=0)"; exit 0; fi
/usr/bin/time -f "TIME %e %M" "$python" "$here/analyze/ww_analyze.py" "$data/hf" "$out/llm-ww.csv" > /dev/null 2> "$out/llm-ww.log"
ww_seconds=$(awk '/^TIME/ {print $2}' "$out/llm-ww.log")
ww_peak=$(awk '/^TIME/ {printf "%.0f", $3 / 1024}' "$out/llm-ww.log")
printf "%-22s %10s %10s %8s\n" "WeightWatcher 0.7.7" "$ww_seconds" "$ww_peak" "$(($(wc -l < "$out/llm-ww.csv") - 1))"
read -r common worst name _ <<< "$(python3 "$here/analyze/compare_alphas.py" "$out/llm-wwn-safetensors.csv" "$out/llm-ww.csv")"
awk -v a="$ww_seconds" -v b="$wwn_seconds" 'BEGIN { printf "ratio WeightWatcher / wwn (safetensors, whole process): %.1fx (target >= 10x)\n", a / b }'
echo "alpha: largest |wwn - WeightWatcher| over $common common layers: $worst ($name)"
