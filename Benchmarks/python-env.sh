# Sourced by the benchmark scripts: the Python reference tools, installed on demand.
#
# ensure_venv VENV IMPORTS PACKAGE...: makes VENV hold PACKAGE... unless `python -c IMPORTS`
# already succeeds there. torch comes from PyTorch's CPU-only index when it is reachable (a
# 200 MB wheel instead of 2 GB of CUDA libraries), else from PyPI, so the install works on a
# machine that reaches PyPI only. Prints the venv's python on stdout.
ensure_venv() {
  local venv=$1 imports=$2
  shift 2
  if [ -x "$venv/bin/python" ] && "$venv/bin/python" -c "$imports" 2> /dev/null; then
    echo "$venv/bin/python"
    return
  fi
  echo "installing $* into $venv ..." >&2
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --upgrade pip >&2
  if ! "$venv/bin/pip" install --quiet --retries 0 --timeout 15 \
      --index-url https://download.pytorch.org/whl/cpu --extra-index-url https://pypi.org/simple "$@" >&2 2> /dev/null; then
    "$venv/bin/pip" install --quiet "$@" >&2
  fi
  "$venv/bin/python" -c "$imports" || { echo "error: could not install $* into $venv" >&2; exit 1; }
  echo "$venv/bin/python"
}
