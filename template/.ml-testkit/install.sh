#!/usr/bin/env bash
# Install what this repo's tests need, as it declares it: its requirements.txt, if it has one;
# the repo itself, if it is a package (setup.py, or pyproject.toml with [project] or
# [build-system]); then pytest, unless an installed version already satisfies the repo's pins.
# The ml-testkit CI workflow and .ml-testkit/setup-dev.sh both run it.
#
#   bash .ml-testkit/install.sh       # PYTHON: the interpreter to install into (default python)
#
# A requirements.txt may name its own indexes: `--extra-index-url https://download.pytorch.org/whl/cpu`
# on a line of its own takes torch's CPU build instead of PyPI's CUDA one.
set -euo pipefail
cd "$(dirname "$0")/.."
python_bin="${PYTHON:-python}"

if [[ -f requirements.txt ]]; then
    echo "install: requirements.txt"
    "${python_bin}" -m pip install -r requirements.txt
fi
if [[ -f setup.py ]] || grep -qs -E '^\[(project|build-system)\]' pyproject.toml; then
    echo "install: this repo, as a package"
    "${python_bin}" -m pip install -e .
fi
echo "install: pytest"
"${python_bin}" -m pip install pytest
