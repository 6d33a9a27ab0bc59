#!/usr/bin/env bash
# What CI checks, run locally: the pre-commit hooks on every file, then the CPU test suite
# with coverage. Extra arguments go to pytest, e.g. `bash scripts/check.sh -m "not slow"`.
set -euo pipefail
cd "$(dirname "$0")/.."

pre-commit run --all-files
python -m pytest --cov -m "not gpu" "$@"
