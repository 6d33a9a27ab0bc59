"""The prediction log: one JSON line per request, appended to a local file.

A served request::

    {"time": "2026-11-29T10:00:00.123+00:00", "model_version": "3f2a9c1b7d4e", "worker": 4242,
     "status": 200, "latency_ms": 1.92,
     "inputs": [{"pixel_min": 0.0, "pixel_max": 16.0, "pixel_mean": 4.9}],
     "predictions": [3], "confidences": [0.991]}

``inputs``, ``predictions`` and ``confidences`` hold one entry per image of the request, in
order. The inputs are summarised, never stored: the same per-image summaries the data gate
checks (data/table.py), so monitoring compares like with like and the log holds no raw data.
A refused request logs its status and error instead (``"status": 422, "error": "..."``).
``latency_ms`` is the time from the request reaching the service to its prediction;
``worker`` is the process id of the service's worker that answered (``serving.workers``).

Several workers append to the one log, each line in a single ``write`` to a file opened with
``O_APPEND``: the kernel puts each whole line at the end of the file, so lines of different
processes never mix or overwrite each other (on a local file system, not NFS). One file, not
one per worker: ``monitor`` and the retention read one file, in the order lines were written.

This module owns the format: the service writes it, monitoring reads it (``read_log``).
"""

from __future__ import annotations

import json
import logging
import os
import threading
from datetime import datetime, timezone
from pathlib import Path

import numpy as np

from ..data.table import pixel_summaries
from ..project import UsageError

log = logging.getLogger(__name__)

#: Decimals kept for floats: enough for monitoring, and short lines.
DECIMALS = 6


def now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds")


def input_summaries(images: np.ndarray) -> list[dict[str, float]]:
    """Per image, its smallest, largest and mean value.

    >>> input_summaries(np.array([[[0.0, 2.0]], [[4.0, 4.0]]]))[0]
    {'pixel_min': 0.0, 'pixel_max': 2.0, 'pixel_mean': 1.0}
    """
    summaries = pixel_summaries(images)
    columns = {name: values.round(DECIMALS).tolist() for name, values in summaries.items()}
    return [
        dict(zip(columns, values, strict=True)) for values in zip(*columns.values(), strict=True)
    ]


def append_line(path: Path, line: bytes) -> None:
    """Append one whole line to ``path``, with one ``write`` to the file opened ``O_APPEND``.

    Opened per line: a log rotated away while the service runs is simply started anew.
    """
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    try:
        written = os.write(descriptor, line)
    finally:
        os.close(descriptor)
    if written != len(line):
        raise OSError(f"{path}: wrote {written} of the {len(line)} bytes of a line (disk full?)")


class PredictionLog:
    """Appends records to ``path``; safe to share between the service's worker threads."""

    def __init__(self, path: Path | str, model_version: str) -> None:
        self.path = Path(path)
        self.model_version = model_version
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()

    def served(
        self,
        latency_s: float,
        images: np.ndarray,
        predictions: list[int],
        confidences: list[float],
    ) -> None:
        self._append(
            {
                "status": 200,
                "latency_ms": round(latency_s * 1000, 3),
                "inputs": input_summaries(images),
                "predictions": predictions,
                "confidences": [round(value, DECIMALS) for value in confidences],
            }
        )

    def refused(self, status: int, error: str) -> None:
        self._append({"status": status, "error": error})

    def _append(self, fields: dict) -> None:
        record = {"time": now(), "model_version": self.model_version, "worker": os.getpid()}
        line = json.dumps({**record, **fields}, separators=(",", ":")) + "\n"
        with self._lock:
            append_line(self.path, line.encode("utf-8"))


def read_log(path: Path | str) -> list[dict]:
    """Every record of the log at ``path``, oldest first.

    A last line cut short (the service stopped mid-write) is skipped with a warning; any other
    line that is not a JSON record is an error that names the file and the line.
    """
    path = Path(path)
    if not path.is_file():
        raise UsageError(
            f"no prediction log at {path}: serve some traffic first (`serve`, then `replay`), "
            "or point serving.prediction_log at the service's log"
        )
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    records = []
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            if number == len(lines) and not text.endswith("\n"):
                log.warning("%s: skipped its last line, cut short: %s", path, error)
                continue
            raise UsageError(f"{path}, line {number}: not a JSON record ({error})") from None
        if not isinstance(record, dict) or "status" not in record:
            raise UsageError(f"{path}, line {number}: not a prediction log record")
        records.append(record)
    return records
