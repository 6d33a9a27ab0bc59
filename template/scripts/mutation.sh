#!/usr/bin/env bash
# Mutation testing (docs/mutation-testing.md): mutmut changes the modules that pyproject.toml's
# [tool.mutmut] names, one small change (a mutant) at a time, and runs the fast tests that reach
# each one; then the score and every surviving mutant are printed (scripts/mutation_report.py).
# Arguments go to the report, e.g. `--fail-under 85`. The report is stdout, mutmut's progress
# stderr: `bash scripts/mutation.sh > report.md` keeps the report alone. A second run re-tests only what changed
# since the first; `rm -rf mutants` starts afresh.
set -euo pipefail
cd "$(dirname "$0")/.."

# mutmut forks a test process per mutant, one per core. torch's thread pool does not survive a
# fork (the child can hang), and one thread each is as fast on tests this small.
export OMP_NUM_THREADS=1
cores="$(python -c 'import os; print(os.cpu_count() or 1)')"
python -m mutmut run --max-children "${cores}" >&2
python -m mutmut export-cicd-stats >/dev/null
python scripts/mutation_report.py "$@"
