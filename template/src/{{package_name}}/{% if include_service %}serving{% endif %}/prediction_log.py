"""The prediction log: one JSON line per request, appended to a local file.

A served request::

    {"time": "2026-11-29T10:00:00.123+00:00", "model_version": "3f2a9c1b7d4e", "worker": 4242,
     "status": 200, "request_id": "9b1f0c2e4d6a48b3a5c7e9f1b3d5a7c9", "latency_ms": 1.92,
     "inputs": [{"pixel_min": 0.0, "pixel_max": 16.0, "pixel_mean": 4.9}],
     "predictions": [3], "confidences": [0.991]}

``inputs``, ``predictions`` and ``confidences`` hold one entry per image of the request, in
order. The inputs are summarised, never stored: the same per-image summaries the data gate
checks (data/table.py), so monitoring compares like with like and the log holds no raw data:
only ``serving.log_raw_inputs: true`` adds the images themselves (``raw_inputs``), for a team
whose privacy review allows it. Records older than ``serving.log_retention_days`` are deleted
when the service starts, and once a day while it runs.
A refused request logs its status and error instead (``"status": 422, "error": "..."``).
``latency_ms`` is the time from the request reaching the service to its prediction;
``worker`` is the process id of the service's worker that answered (``serving.workers``).
``request_id`` is the id the answer carried. A request a canary candidate answered
(serving/canary.py) is logged with the candidate's version and holds the golden model's answer
to the same images too, ``"shadow": {"model_version": ..., "predictions": [...],
"confidences": [...]}``, so the two can be compared on the candidate's own traffic.

A true label sent back later (``POST /feedback``) is a record of its own, joined to its
prediction by the request id when monitoring reads the log (monitoring/online.py)::

    {"time": "2026-11-29T10:05:00.456+00:00", "worker": 4242,
     "feedback": "9b1f0c2e4d6a48b3a5c7e9f1b3d5a7c9", "labels": [3]}

Several workers append to the one log, each line in a single ``write`` to a file opened with
``O_APPEND``: the kernel puts each whole line at the end of the file, so lines of different
processes never mix or overwrite each other (on a local file system, not NFS). One file, not
one per worker: ``monitor`` and the retention read one file, in the order lines were written.

This module owns the format: the service writes it, monitoring reads it (``read_log``).
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import threading
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import TextIO

import numpy as np

from ..data.table import pixel_summaries
from ..project import ProjectError, UsageError

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


def expire(path: Path, retention_days: float, at: datetime) -> int:
    """Delete the records of the log at ``path`` older than ``retention_days`` before ``at``;
    how many were deleted."""
    if not path.is_file():
        return 0
    # surrogateescape: bytes that are not UTF-8 are kept as they are, for monitor to name.
    with path.open("r+", encoding="utf-8", errors="surrogateescape") as file:
        # Other workers' appends wait (append_line), so none is lost between read and rewrite.
        fcntl.flock(file, fcntl.LOCK_EX)
        return drop_older(file, at - timedelta(days=retention_days))


def drop_older(file: TextIO, oldest: datetime) -> int:
    """Rewrite the open log ``file`` without its records from before ``oldest``; how many."""
    lines = file.read().splitlines(keepends=True)
    kept = [line for line in lines if not too_old(line, oldest)]
    if len(kept) < len(lines):
        file.seek(0)
        file.write("".join(kept))
        file.truncate()
    return len(lines) - len(kept)


def open_for_append(path: Path) -> int:
    """A descriptor of ``path`` opened ``O_APPEND`` (created if missing): every write lands
    whole at the end of the file."""
    return os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)


def append_line(path: Path, line: bytes) -> None:
    """Append one whole line to ``path``, with one ``write`` to the file opened ``O_APPEND``.

    Opened per line: a log rotated away while the service runs is simply started anew.
    """
    descriptor = open_for_append(path)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_SH)  # not while expire() rewrites the file
        written = os.write(descriptor, line)
    finally:
        os.close(descriptor)
    if written != len(line):
        raise OSError(f"{path}: wrote {written} of the {len(line)} bytes of a line (disk full?)")


def seal_torn_line(path: Path) -> None:
    """End a last line cut short (a writer killed mid-line, a full disk), so that the next
    record starts a line of its own instead of being glued to the torn one and lost with it."""
    if not path.is_file() or path.stat().st_size == 0:
        return
    with path.open("rb") as file:
        file.seek(-1, os.SEEK_END)
        ends_whole = file.read(1) == b"\n"
    if not ends_whole:
        append_line(path, b"\n")


def too_old(line: str, oldest: datetime) -> bool:
    """Whether a log line is a record from before ``oldest`` (a line not read as one is kept)."""
    try:
        return datetime.fromisoformat(json.loads(line)["time"]) < oldest
    except (ValueError, KeyError, TypeError):
        return False


class LogNotWritten(Exception):
    """A record could not be appended (full disk, no permission, the path is a folder)."""


class PredictionLog:
    """Appends records to ``path``; safe to share between the service's worker threads.

    Holds no raw input unless ``keep_raw_inputs``; keeps records ``retention_days`` at most.
    """

    def __init__(
        self,
        path: Path | str,
        model_version: str,
        keep_raw_inputs: bool = False,
        retention_days: float = 30,
    ) -> None:
        self.path = Path(path)
        self.model_version = model_version
        self.keep_raw_inputs = keep_raw_inputs
        self.retention_days = retention_days
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        #: Why the last write failed; None once one succeeds (`/health` reports it).
        self.failure: str | None = None
        self._expired_at = datetime.now(timezone.utc)
        expire(self.path, retention_days, self._expired_at)
        seal_torn_line(self.path)

    def served(
        self,
        latency_s: float,
        images: np.ndarray,
        predictions: list[int],
        confidences: list[float],
        request_id: str,
        shadow: dict | None = None,
    ) -> None:
        """Log an answer; ``shadow``: the golden model's answer to the same images, when a
        canary candidate (this log's model_version) gave the one served."""
        self._append(
            {
                "status": 200,
                "request_id": request_id,
                "latency_ms": round(latency_s * 1000, 3),
                "inputs": input_summaries(images),
                "predictions": predictions,
                "confidences": [round(value, DECIMALS) for value in confidences],
                **({"raw_inputs": images.tolist()} if self.keep_raw_inputs else {}),
                **({"shadow": shadow} if shadow is not None else {}),
            }
        )

    def feedback(self, request_id: str, labels: list[int]) -> None:
        """Log the true labels of the images of an earlier request, one per image."""
        self._append({"feedback": request_id, "labels": labels}, answered=False)

    def can_write(self) -> bool:
        """Whether the log takes records: after a failed write, whether it opens for appending
        again (a load balancer that stopped routing here must see the service recover)."""
        if self.failure is not None:
            try:
                os.close(open_for_append(self.path))
                self.failure = None
            except OSError:
                pass
        return self.failure is None

    def refused(self, status: int, error: str) -> None:
        """Log a refusal. The client is answered with it either way: a log that cannot be
        written costs this record (and says so), never the answer."""
        try:
            self._append({"status": status, "error": error})
        except LogNotWritten as failure:
            log.error("%s; lost the record of a %d refusal", failure, status)

    def _append(self, fields: dict, answered: bool = True) -> None:
        """``answered``: a record of a request the model answered (or refused), stamped with
        the model's version; a label sent back is not."""
        record = {"time": now(), "worker": os.getpid()}
        if answered:
            record["model_version"] = self.model_version
        line = json.dumps({**record, **fields}, separators=(",", ":")) + "\n"
        with self._lock:
            at = datetime.now(timezone.utc)
            if at - self._expired_at > timedelta(days=1):
                expire(self.path, self.retention_days, at)
                self._expired_at = at
            try:
                append_line(self.path, line.encode("utf-8"))
            except OSError as error:
                self.failure = f"cannot write the prediction log {self.path}: {error}"
                raise LogNotWritten(self.failure) from None
            self.failure = None


class LogUnreadable(ProjectError):
    """A record of the log that monitoring cannot read: the message names its line and field.

    An exit code of its own: "cannot read the log" is not "the traffic failed its
    expectations" (1).
    """

    exit_code = 4


#: The fields of every record of a request, and of a served one (status 200), with the types
#: they hold; and those of a label sent back (``feedback``).
FIELDS: dict[str, type | tuple[type, ...]] = {"time": str, "model_version": str, "status": int}
FEEDBACK_FIELDS: dict[str, type | tuple[type, ...]] = {
    "time": str,
    "feedback": str,
    "labels": list,
}
SERVED_FIELDS: dict[str, type | tuple[type, ...]] = {
    "latency_ms": (int, float),
    "inputs": list,
    "predictions": list,
    "confidences": list,
}


def check_record(record: object, where: str) -> dict:
    """``record`` if it has every field it needs with the right type; else LogUnreadable."""
    if not isinstance(record, dict):
        raise LogUnreadable(f"{where}: not a prediction log record (a JSON object)")
    if "feedback" in record:
        fields = FEEDBACK_FIELDS
    else:
        fields = {**FIELDS, **(SERVED_FIELDS if record.get("status") == 200 else {})}
    for field, kinds in fields.items():
        if field not in record:
            raise LogUnreadable(f"{where}: no {field!r} field")
        value = record[field]
        if not isinstance(value, kinds) or isinstance(value, bool):
            expected = type_names(kinds)
            raise LogUnreadable(f"{where}: {field!r} is {value!r}, not of type {expected}")
    if record.get("status") == 200:
        counts = {name: len(record[name]) for name in ("inputs", "predictions", "confidences")}
        if len(set(counts.values())) > 1:
            raise LogUnreadable(f"{where}: one entry per image expected, found {counts}")
    return record


def type_names(kinds: type | tuple[type, ...]) -> str:
    return " or ".join(kind.__name__ for kind in (kinds if isinstance(kinds, tuple) else (kinds,)))


def is_url(source: Path | str) -> bool:
    """>>> is_url("s3://bucket/predictions.jsonl"), is_url("logs/serve/predictions.jsonl")
    (True, False)
    """
    return "://" in str(source)


def log_bytes(source: Path | str) -> bytes:
    """The log's bytes, from a local path or from a URL fsspec opens (``s3://``, ``gs://``,
    ``file://``: the protocol's package, s3fs or gcsfs, installed beside fsspec)."""
    if is_url(source):
        import fsspec

        try:
            with fsspec.open(str(source), "rb") as file:
                return file.read()
        except FileNotFoundError:
            pass
        except (ImportError, ValueError) as error:
            raise UsageError(f"cannot open the prediction log {source}: {error}") from None
    elif Path(source).is_file():
        return Path(source).read_bytes()
    raise UsageError(
        f"no prediction log at {source}: serve some traffic first (`serve`, then `replay`), "
        "or point monitoring.served_log at the log the service writes"
    )


def read_log(path: Path | str) -> list[dict]:
    """Every record of the log at ``path`` (a path, or a URL: log_bytes), oldest first.

    Forgiving of a torn line, strict about a bad field: a line that is not JSON (a writer
    stopped mid-line, a full disk) is skipped, and a warning names it; a record that lacks a
    field or holds the wrong type, or bytes that are not UTF-8, raise LogUnreadable naming the
    line.
    """
    path = str(path) if is_url(path) else Path(path)
    records, torn = [], []
    for number, raw in enumerate(log_bytes(path).split(b"\n"), start=1):
        if not raw.strip():
            continue
        try:
            line = raw.decode("utf-8")
        except UnicodeDecodeError as error:
            raise LogUnreadable(
                f"{path}, line {number}: not UTF-8 text (byte {error.start}: {error.reason})"
            ) from None
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            torn.append(number)
            continue
        records.append(check_record(record, f"{path}, line {number}"))
    if torn:
        shown = ", ".join(map(str, torn[:10])) + (", ..." if len(torn) > 10 else "")
        log.warning(
            "%s: skipped %d line(s) that are not whole records (a writer stopped mid-line?): "
            "line %s",
            path,
            len(torn),
            shown,
        )
    return records
