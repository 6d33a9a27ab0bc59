"""Small measuring helpers shared by the benchmark scripts."""

from __future__ import annotations

import os
import statistics
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Run:
    seconds: float
    peak_mib: float
    stdout: str


def measure(command: list[str], cwd: Path | None = None, env: dict | None = None) -> Run:
    """Wall time and peak resident memory of one command (its own process tree's largest RSS)."""
    start = time.perf_counter()
    process = subprocess.Popen(
        command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True
    )
    stdout = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{stdout[-3000:]}")
    return Run(seconds, usage.ru_maxrss / 1024, stdout)


def median(values: list[float]) -> float:
    return statistics.median(values)
