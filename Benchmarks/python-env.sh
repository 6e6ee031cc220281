# Sourced by the benchmark scripts: the Python reference tools, in one venv shared by all of them.
#
# bench_python: prints the python of Benchmarks/.venv, first installing Benchmarks/requirements.txt
# into it unless the venv is stamped with that file's current hash. The stamp is written only
# after pip succeeds, so an interrupted install, an edited requirements file or a venv whose
# python is gone all lead to (re)installing; otherwise the venv is reused as it is, in well under
# a second. pip installs into an existing venv, so a changed requirement does not refetch torch.
#
# Packages come from pip's configured index (pip.conf, PIP_* variables); nothing here names one.
# Plain `torch` from a default index is the CUDA build (several GB of nvidia-* wheels) on Linux;
# for the CPU-only build, configure pip (e.g. PIP_EXTRA_INDEX_URL or find-links) to offer it.
#
# Run directly (bash Benchmarks/python-env.sh) to create the venv ahead of the benchmarks.
bench_python() {
  local here venv requirements stamp hash
  here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
  venv=$here/.venv
  requirements=$here/requirements.txt
  stamp=$venv/requirements.sha256
  hash=$(sha256sum < "$requirements" | cut -d' ' -f1)
  if [ -x "$venv/bin/python" ] && [ "$(cat "$stamp" 2> /dev/null)" = "$hash" ]; then
    echo "$venv/bin/python"
    return
  fi
  echo "installing $requirements into $venv (a first install fetches torch: minutes) ..." >&2
  # --clear only when the venv has no working python: a venv that merely lacks a requirement
  # keeps what it has, and pip adds the rest.
  if [ -x "$venv/bin/python" ] && "$venv/bin/python" -c '' 2> /dev/null; then
    rm -f "$stamp"
  else
    python3 -m venv --clear "$venv" >&2
  fi
  "$venv/bin/python" -m pip install --quiet --upgrade pip >&2
  "$venv/bin/python" -m pip install --quiet -r "$requirements" >&2 \
    || { echo "error: could not install $requirements into $venv" >&2; exit 1; }
  echo "$hash" > "$stamp"
  echo "$venv/bin/python"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  bench_python
fi
