"""Edit a file the way a person would, and fail loudly when it is not what the test expects.

An edit whose snippet is gone means the template changed under the test: the test must say so
rather than go on with an unedited file.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def replace_in(path: Path, old: str, new: str, *, count: int | None = 1) -> None:
    """Replace ``old`` with ``new`` in ``path``; ``old`` must occur ``count`` times.

    ``count=None`` replaces every occurrence, and needs at least one.
    """
    text = path.read_text()
    found = text.count(old)
    if found == 0 or count not in (None, found):
        expected = "at least once" if count is None else f"{count} time(s)"
        raise AssertionError(
            f"{path} contains {old!r} {found} time(s), not {expected}: the test's edit is stale"
        )
    path.write_text(text.replace(old, new))


def write(root: Path, relative: str, text: str) -> Path:
    """Write a file at ``root/relative``, creating its folders."""
    target = root / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text)
    return target


def append_to(path: Path, text: str) -> None:
    path.write_text(path.read_text() + text)


@contextmanager
def notebook_cells(notebook: Path) -> Iterator[list[dict]]:
    """The cells of a notebook, to change in place; written back as Jupyter does on exit."""
    content = json.loads(notebook.read_text())
    yield content["cells"]
    notebook.write_text(json.dumps(content, indent=1) + "\n")


def code_cell(source: str) -> dict:
    """A code cell that has never run: no outputs, no execution count."""
    return {
        "cell_type": "code",
        "execution_count": None,
        "metadata": {},
        "outputs": [],
        "source": source,
    }
