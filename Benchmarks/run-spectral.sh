#!/usr/bin/env bash
# analyze() on a 30522 x 384 matrix (a BERT-sized embedding) and a 1536 x 384 one, wwn side by
# side with WeightWatcher 0.7.7 (SVD through SciPy). Times are the analyze call alone (no start-up,
# no matrix generation), best of a few runs; ratio = WeightWatcher / wwn (> 1: wwn faster). The
# alphas differ because the two draw different random matrices (same distribution).
#
# usage: Benchmarks/run-spectral.sh WWN_BINARY [runs]
# The Python reference (weightwatcher==0.7.7 and torch) comes from the shared Benchmarks/.venv,
# made on first use; set BENCH_PYTHON to use an existing interpreter that has them instead.
set -euo pipefail

wwn=${1:?usage: $0 WWN_BINARY [runs]}
runs=${2:-3}
[ -x "$wwn" ] || { echo "error: '$wwn' is not an executable (build with: swift build -c release)" >&2; exit 64; }
here=$(cd "$(dirname "$0")" && pwd)

python=${BENCH_PYTHON:-}
if [ -z "$python" ]; then
  . "$here/python-env.sh"
  python=$(bench_python)
fi

# best SHAPE_LINES...: the smallest time per shape over $runs runs of a program printing
# "rows columns seconds alpha" lines.
best() {
  local program=("$@")
  for _ in $(seq "$runs"); do "${program[@]}" 2>/dev/null; done \
    | awk '{key=$1"x"$2; if (!(key in t) || $3 < t[key]) {t[key]=$3; a[key]=$4}; order[key]=NR}
           END {for (k in t) print k, t[k], a[k]}' | sort
}

wwn_times=$(best "$wwn" "$here/spectral/analyze.wwn")
ww_times=$(best "$python" "$here/spectral/analyze.py")
printf "%-12s %12s %16s %8s\n" shape "wwn (s)" "WeightWatcher (s)" ratio
join <(echo "$wwn_times") <(echo "$ww_times") | while read -r shape ours ouralpha theirs theiralpha; do
  ratio=$(python3 -c "print('%.1f' % ($theirs / $ours))")
  printf "%-12s %12s %16s %8s   (alpha %s vs %s)\n" "$shape" "$ours" "$theirs" "${ratio}x" "$ouralpha" "$theiralpha"
done
