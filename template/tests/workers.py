"""`pytest -n auto`: what each test process keeps to itself, and what the processes share.

Under pytest-xdist every worker is a process with a temporary folder of its own, and the
workers of one run have the folder above theirs in common. Without xdist, the one process has
both to itself.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from filelock import FileLock


def shared_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The folder every worker of this run sees (this session's own without xdist)."""
    own = tmp_path_factory.getbasetemp()
    return own.parent if os.environ.get("PYTEST_XDIST_WORKER") else own


def built_once(
    tmp_path_factory: pytest.TempPathFactory, name: str, build: Callable[[Path], Any]
) -> tuple[Any, Path]:
    """``build(folder)`` once per run, whichever worker asks first; the others wait and read.

    ``build`` writes what it makes under ``folder`` and returns a JSON value, handed to every
    worker with the folder. A build that raises leaves nothing behind, so each worker that
    asks sees the error itself.
    """
    root = shared_dir(tmp_path_factory)
    folder, record = root / name, root / f"{name}.json"
    with FileLock(root / f"{name}.lock"):
        if not record.is_file():
            shutil.rmtree(folder, ignore_errors=True)  # a build that failed halfway
            folder.mkdir()
            record.write_text(json.dumps(build(folder)))
    return json.loads(record.read_text()), folder


def own_gx_context(project_root: Path, folder: Path) -> Path:
    """A great_expectations context of this process's own under ``folder``, from the project's
    committed gx/great_expectations.yml: validations write their stores and Data Docs there,
    never where another worker (or the repo's own gx/uncommitted/) does."""
    gx_dir = folder / "gx"  # GX finds a file context by this name
    gx_dir.mkdir(parents=True)
    shutil.copy2(project_root / "gx" / "great_expectations.yml", gx_dir)
    return gx_dir
