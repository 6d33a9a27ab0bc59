"""Render this template with copier's API, as a user's `copier copy` and `copier update` do."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import copier
import yaml

TEMPLATE_ROOT = Path(__file__).resolve().parents[2]


def render(
    destination: Path, *, template: Path = TEMPLATE_ROOT, vcs_ref: str = "HEAD", **answers: Any
) -> Path:
    """`copier copy --defaults` of ``template`` at ``vcs_ref``, without trust.

    By default this checkout's HEAD, uncommitted edits included while you develop; lifecycle
    tests pass a tagged clone (`template_releases.clone_template`) and one of its tags.
    """
    copier.run_copy(
        str(template),
        destination,
        data=answers,
        defaults=True,
        vcs_ref=vcs_ref,
        unsafe=False,
        quiet=True,
    )
    return destination


def update(project: Path, *, trust: bool = False) -> None:
    """`copier update --defaults --overwrite --conflict inline` (`--trust` only when asked).

    New questions take their defaults; where the user and the template changed the same lines,
    both sides stay in the file between conflict markers.
    """
    copier.run_update(
        project, defaults=True, overwrite=True, conflict="inline", unsafe=trust, quiet=True
    )


@cache
def copier_config() -> dict[str, Any]:
    """The template's copier.yml: its settings (``_exclude``...) and its questions."""
    return yaml.safe_load((TEMPLATE_ROOT / "copier.yml").read_text())


def rendered_files(project: Path) -> set[str]:
    """Every file of a rendered project, as POSIX paths relative to it."""
    return {
        path.relative_to(project).as_posix()
        for path in project.rglob("*")
        if path.is_file() and ".git" not in path.relative_to(project).parts
    }


def package_name(project: Path) -> str:
    """The package a render holds under src/ (its answer to package_name)."""
    return next(path.name for path in (project / "src").iterdir() if path.is_dir())
