#!/usr/bin/env bash
# Run this repo's tests as the ml-testkit workflows do: with the repo's own pytest settings,
# selecting by the `gpu` marker only if the repo registers it.
#
#   bash .ml-testkit/tests.sh          # CI: every test but the `gpu` ones
#   bash .ml-testkit/tests.sh gpu      # the GPU runner: the `gpu` ones
#   PYTHON: the interpreter whose pytest runs them (default python)
#
# Under --strict-markers (in pytest.ini, setup.cfg, tox.ini or pyproject.toml), `-m` naming an
# unregistered marker is a usage error in pytest 9, before any test runs. So the marker is
# looked up in `pytest --markers` first, which lists every registered one wherever it is set.
# A repo without it (one that skips its GPU tests on a machine without CUDA, say) runs every
# test in both places: on the GPU runner, those skips no longer apply.
# A repo with no tests yet, or none selected, passes with a notice.
set -euo pipefail
cd "$(dirname "$0")/.."
python_bin="${PYTHON:-python}"
kind="${1:-cpu}"
selection=()

# Read whole before grep: `grep -q` stops at the first match, and with pipefail the pytest it
# cut off (SIGPIPE) would make a registered marker look missing.
markers="$("${python_bin}" -m pytest --markers 2>/dev/null || true)"
if grep -q '^@pytest\.mark\.gpu:' <<<"${markers}"; then
    if [[ "${kind}" == gpu ]]; then
        selection=(-m gpu)
    else
        selection=(-m "not gpu")
    fi
elif [[ "${kind}" == gpu ]]; then
    echo "::notice::No 'gpu' marker is registered: running every test on the GPU runner."
fi

status=0
"${python_bin}" -m pytest ${selection[@]+"${selection[@]}"} -ra || status=$?
if [[ "${status}" -eq 5 ]]; then
    echo "::notice::pytest collected no tests to run here; CI runs them once there are some."
    status=0
fi
exit "${status}"
