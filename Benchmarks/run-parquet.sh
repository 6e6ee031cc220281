#!/usr/bin/env bash
# Parquet text loading side by side with pyarrow: a file of n rows as HF datasets writes one (a
# string text and an int64 label, snappy, written here by Benchmarks/parquet/make-parquet.py).
# wwn: `load_text(path, features: "none")` (decode, UTF-8 check, labels to classes), timed
# around the call. pyarrow: read_table of both columns + to_pydict (Python strings and ints,
# what a user iterating the texts gets; pyarrow decodes on all cores). Best of three each, page
# cache warm. ratio = wwn rows/s / pyarrow rows/s (> 1: wwn faster).
#
# usage: Benchmarks/run-parquet.sh WWN_BINARY [rows]
set -euo pipefail

wwn=${1:?usage: $0 WWN_BINARY [rows]}
rows=${2:-200000}
[ -x "$wwn" ] || { echo "error: '$wwn' is not an executable (build with: swift build -c release)" >&2; exit 64; }
here=$(cd "$(dirname "$0")" && pwd)
if [ -n "${PYARROW_PYTHON:-}" ]; then
  python=$PYARROW_PYTHON   # an existing interpreter with pyarrow (development)
else
  . "$here/python-env.sh"
  python=$(bench_python)
fi

folder=$(mktemp -d "${TMPDIR:-/tmp}/wwn-bench-parquet.XXXXXX")
trap 'rm -rf "$folder"' EXIT
file=$folder/texts.parquet
"$python" "$here/parquet/make-parquet.py" "$file" "$rows"

field() { awk -v name="$1" '$1 == name { print $2 }' <<< "$2"; }

echo "wwn: $wwn ($(nproc) cores)"
echo "pyarrow: $("$python" -c 'import pyarrow; print(pyarrow.__version__)'), $rows rows, $(stat -c %s "$file") bytes"
w=$("$wwn" "$here/parquet/load.wwn" -p path="$file")
p=$("$python" "$here/parquet/read.py" "$file")
[ "$(field count "$w")" = "$(field count "$p")" ] && [ "$(field classes "$w")" = "$(field classes "$p")" ] \
  || { echo "error: wwn and pyarrow disagree: $w / $p" >&2; exit 1; }
python3 - "$rows" "$(field seconds "$w")" "$(field seconds "$p")" <<'PY'
import sys
n, ws, ps = int(sys.argv[1]), float(sys.argv[2]), float(sys.argv[3])
w, p = n / ws, n / ps
print("%-38s %12s %16s %7s" % ("task", "wwn rows/s", "pyarrow rows/s", "ratio"))
print("%-38s %12.0f %16.0f %7.2f" % ("read a snappy Parquet text set", w, p, w / p))
PY
