"""Median wall time of a warm `pre-commit run --all-files` on a fresh default render.

    python benchmarks/precommit_warm.py [--runs 5]

The first run installs the hook environments (cold; from PyPI, or pre-commit's cache); the
median of the next runs is the warm figure. Target: at most 3 s.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.helpers.git import init_repo  # noqa: E402 - needs ROOT on sys.path
from tests.helpers.rendering import render  # noqa: E402 - needs ROOT on sys.path


def run_hooks(project: Path) -> float:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", "--all-files"],
        cwd=project,
        capture_output=True,
    )
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        project = init_repo(render(Path(scratch) / "project"))
        cold = run_hooks(project)
        warm = [run_hooks(project) for _ in range(args.runs)]
    print(f"cold (first) run: {cold:.2f} s")
    print(f"warm runs: {', '.join(f'{s:.2f}' for s in warm)} s")
    print(f"warm median of {args.runs}: {statistics.median(warm):.2f} s (target <= 3 s)")


if __name__ == "__main__":
    main()
