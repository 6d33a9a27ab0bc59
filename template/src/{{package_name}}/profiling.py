"""Profiling a run: the profiler's full report goes to a file, a few lines to the console.

``trainer.profiler=simple|advanced|pytorch`` picks Lightning's profiler. Left to itself it
prints its whole report when the run ends (thousands of lines for ``advanced``); here it writes
``<run folder>/fit-profile.txt`` instead, and :class:`ProfileSummary` logs the slowest actions.
"""

from __future__ import annotations

import logging
import pstats
from pathlib import Path

import lightning as L
from lightning.pytorch.profilers import (
    AdvancedProfiler,
    Profiler,
    PyTorchProfiler,
    SimpleProfiler,
)

from .project import UsageError, shown

log = logging.getLogger(__name__)

PROFILERS = {"simple": SimpleProfiler, "advanced": AdvancedProfiler, "pytorch": PyTorchProfiler}
#: The report's file name, after Lightning's stage prefix: fit-profile.txt.
REPORT_NAME = "profile"


def build_profiler(name: str, dirpath: Path | str) -> Profiler:
    """Lightning's profiler ``name``, writing its report into ``dirpath``."""
    if name not in PROFILERS:
        raise UsageError(
            f"trainer.profiler={name}: no such profiler; choose one of {', '.join(PROFILERS)}"
        )
    return PROFILERS[name](dirpath=str(dirpath), filename=REPORT_NAME)


def slowest(profiler: Profiler, count: int) -> list[tuple[str, float, int]]:
    """(action, total seconds, calls) of the ``count`` slowest actions, slowest first.

    Empty for a profiler whose records are not kept in memory (pytorch's are in its report).
    """
    if isinstance(profiler, SimpleProfiler):
        totals = [
            (action, sum(durations), len(durations))
            for action, durations in profiler.recorded_durations.items()
        ]
    elif isinstance(profiler, AdvancedProfiler):
        totals = []
        for action, profile in profiler.profiled_actions.items():
            try:
                stats = pstats.Stats(profile)
            except TypeError:  # an action that never ran collected no statistics
                continue
            totals.append((action, stats.total_tt, stats.total_calls))
    else:
        return []
    return sorted(totals, key=lambda row: row[1], reverse=True)[:count]


class ProfileSummary(L.Callback):
    """Log where the report is and the slowest actions, before the profiler forgets them."""

    def __init__(self, count: int = 5) -> None:
        self.count = count
        self.report: Path | None = None

    def teardown(self, trainer: L.Trainer, pl_module: L.LightningModule, stage: str) -> None:
        profiler = trainer.profiler
        if not trainer.is_global_zero or profiler.dirpath is None:
            return
        stage = getattr(stage, "value", stage)  # Lightning passes TrainerFn.FITTING: "fit"
        self.report = Path(profiler.dirpath) / f"{stage}-{REPORT_NAME}.txt"
        kind = type(profiler).__name__
        log.info("%s: the full report is in %s", kind, shown(self.report))
        rows = slowest(profiler, self.count)
        if rows:
            log.info("  slowest actions (total seconds, calls, action):")
        for action, seconds, calls in rows:
            log.info("  %9.3f s %8d  %s", seconds, calls, action)
