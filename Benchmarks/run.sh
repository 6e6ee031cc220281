#!/usr/bin/env bash
# `make bench`: every benchmark, each side by side with its reference tool, reported as ratios.
set -euo pipefail
cd "$(dirname "$0")/.."
wwn=${1:-.build/release/wwn}
for script in Benchmarks/run-*.sh; do
  [ -x "$script" ] || continue
  echo "== $(basename "$script" .sh)"
  "$script" "$wwn"
  echo
done
