"""The real run's products, kept under build/docs-pictures/<key>/ until the template changes.

A render and its commands cost about a minute; most docs builds change a page, not the
template, and take the products of the last run made from the same template.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

#: What a render is made of: copier copies template/ as copier.yml says.
TEMPLATE_PATHS = ("template", "copier.yml")


def template_files(root: Path) -> list[str]:
    """The files copier renders from: git's, with uncommitted edits and new files that git does
    not ignore (copier includes both when it renders a dirty checkout at HEAD)."""
    listing = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--"]
        + list(TEMPLATE_PATHS),
        cwd=root,
        capture_output=True,
        check=True,
    ).stdout.decode()
    return sorted(set(listing.split("\0")) - {""})


def cache_key(root: Path, recipe: bytes) -> str:
    """A hash of each template file's path and content, and of ``recipe`` (the code that turns
    a render into products), so that changing either makes new products."""
    digest = hashlib.sha256(recipe)
    for name in template_files(root):
        path = root / name
        # A tracked file deleted but not yet committed is listed, and rendered without it.
        content = path.read_bytes() if path.is_file() else b"<deleted>"
        digest.update(f"{name}\0{len(content)}\0".encode() + content)
    return digest.hexdigest()[:16]


def cached(folder: Path, make: Callable[[Path], None]) -> Path:
    """``folder``, made by ``make(folder)`` unless a build already made it.

    ``make`` writes into a folder of its own, renamed into place once complete: an interrupted
    build leaves no half-made cache, and of two builds racing, the first to finish is kept.
    """
    if folder.is_dir():
        return folder
    scratch = folder.with_name(f"{folder.name}.partial-{os.getpid()}")
    shutil.rmtree(scratch, ignore_errors=True)
    scratch.mkdir(parents=True)
    try:
        make(scratch)
        scratch.rename(folder)
    except OSError:
        if not folder.is_dir():
            raise
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return folder
