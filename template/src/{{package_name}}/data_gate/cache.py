"""Remember tables that passed the suites, so the next run on the same data skips validation.

The key covers the table's exact values (each sample's shape and dtype included) and the source
of the suites that judged it: editing a suite, or any value, invalidates the entry.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pandas as pd

from ..data.table import table_fingerprint


def cache_key(table: pd.DataFrame, suite_sources: bytes) -> str:
    suites = hashlib.sha256(suite_sources).hexdigest()
    return f"{table_fingerprint(table)[:24]}-{suites[:12]}"


def marker(gx_dir: Path, key: str) -> Path:
    return gx_dir / "uncommitted" / "passed" / key


def has_passed(gx_dir: Path, key: str) -> bool:
    return marker(gx_dir, key).is_file()


def remember_pass(gx_dir: Path, key: str) -> None:
    path = marker(gx_dir, key)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch()
