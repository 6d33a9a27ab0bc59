#!/usr/bin/env bash
# flake8 for the ml-testkit hooks, with this repo's own settings wherever it has them: a
# [flake8] section in .flake8, setup.cfg or tox.ini, or [tool.flake8] in pyproject.toml (read
# by Flake8-pyproject, which the hooks install). A repo with none gets settings that agree with
# its black: black's line length ([tool.black] line-length, else black's 88), and E203 and E701
# ignored, which flag code black writes (`x[a : b]`, a `...` body on the `def` line).
set -euo pipefail

if grep -qs '^\[flake8\]' .flake8 setup.cfg tox.ini || grep -qs '^\[tool\.flake8\]' pyproject.toml; then
    exec flake8 "$@"
fi
line_length=""
if [[ -f pyproject.toml ]]; then
    line_length="$(sed -n '/^\[tool\.black\]/,/^\[/s/^line-length *= *\([0-9][0-9]*\).*/\1/p' pyproject.toml)"
fi
exec flake8 --max-line-length="${line_length:-88}" --extend-ignore=E203,E701 "$@"
