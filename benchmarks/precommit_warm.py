"""Median wall time of a warm `pre-commit run --all-files` on a fresh default render.

    python benchmarks/precommit_warm.py [--runs 5] [--against REF]

The first run installs the hook environments (cold; from PyPI, or pre-commit's cache); the
median of the next runs is the warm figure. Target: at most 3 s. Each run's CPU time (user and
system, every hook process included) is printed too: on a shared machine the wall time follows
the load, the CPU time much less. `--against REF` renders this checkout at REF as well and
alternates the two renders run by run, so both see the same load.
"""

from __future__ import annotations

import argparse
import resource
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


def run_hooks(project: Path) -> tuple[float, float]:
    """(wall seconds, CPU seconds of every process it started) of one run of the hooks."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", "--all-files"],
        cwd=project,
        capture_output=True,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def report(name: str, cold: float, warm: list[tuple[float, float]]) -> None:
    walls, cpus = zip(*warm, strict=True)
    print(f"{name}: cold (first) run {cold:.2f} s")
    print(f"{name}: warm runs {', '.join(f'{s:.2f}' for s in walls)} s")
    print(f"{name}: warm CPU {', '.join(f'{s:.2f}' for s in cpus)} s")
    print(
        f"{name}: warm median of {len(warm)}: {statistics.median(walls):.2f} s wall, "
        f"{statistics.median(cpus):.2f} s CPU (target <= 3 s wall)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--against", metavar="REF", help="also measure a render of REF")
    args = parser.parse_args()
    refs = {"HEAD": "HEAD", **({args.against: args.against} if args.against else {})}
    with tempfile.TemporaryDirectory() as scratch:
        projects = {
            name: init_repo(render(Path(scratch) / f"project-{number}", vcs_ref=ref))
            for number, (name, ref) in enumerate(refs.items())
        }
        cold = {name: run_hooks(project)[0] for name, project in projects.items()}
        warm: dict[str, list[tuple[float, float]]] = {name: [] for name in projects}
        for _ in range(args.runs):
            for name, project in projects.items():
                warm[name].append(run_hooks(project))
    for name in projects:
        report(name, cold[name], warm[name])


if __name__ == "__main__":
    main()
