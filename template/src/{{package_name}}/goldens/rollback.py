"""The previous golden model: kept on adoption, restored by ``<project> rollback-goldens``.

Adopting a model (``update-goldens ckpt_path=...``) first copies the golden model as it is (its
weights, golden outputs, model card and hard-example suites) into ``goldens.previous_dir``.
``rollback-goldens`` swaps the two: the previous model is golden again and the one it replaced
becomes the previous, so running it twice changes nothing. ``export`` then serves the restored
model. Commit ``previous/`` with the rest, so anyone can roll back.

Each model's weights file keeps its time through both moves: ``export`` dates a model by it, and
monitoring judges the served model's age by that date, so a rolled-back model is as old as it
was, not as new as the rollback.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Sequence
from pathlib import Path

from omegaconf import DictConfig

from ..build import build_datamodule
from ..project import UsageError, run, shown
from .card import CARD, read_card
from .outputs import GOLDENS
from .store import WEIGHTS, build_net, fitted, golden_weights

#: The golden model's own files in goldens.dir; its suites are in goldens.suites_dir.
MODEL_FILES = (WEIGHTS, GOLDENS, CARD)
#: Where the suites go inside a copy of the golden model.
SUITES = "suites"


def snapshot(goldens: DictConfig) -> dict[str, bytes]:
    """The golden model's files as {name in a copy: content}: suites as ``suites/<name>``."""
    directory, suites_dir = Path(goldens.dir), Path(goldens.suites_dir)
    present = [name for name in MODEL_FILES if (directory / name).is_file()]
    files = {name: (directory / name).read_bytes() for name in present}
    files.update(
        {f"{SUITES}/{path.name}": path.read_bytes() for path in suites_dir.glob("*.yaml")}
    )
    return files


def read_copy(directory: Path) -> dict[str, bytes]:
    """A copy of the golden model (``previous/``), in the same form as :func:`snapshot`."""
    return {
        path.relative_to(directory).as_posix(): path.read_bytes()
        for path in directory.rglob("*")
        if path.is_file()
    }


def staged(files: dict[str, bytes], directory: Path) -> Path:
    """``files`` written into ``<directory>.partial``, a sibling, to be put in place later."""
    staging = directory.with_name(f"{directory.name}.partial")
    shutil.rmtree(staging, ignore_errors=True)
    for name, content in files.items():
        (staging / name).parent.mkdir(parents=True, exist_ok=True)
        (staging / name).write_bytes(content)
    return staging


def put_in_place(staging: Path, directory: Path) -> None:
    shutil.rmtree(directory, ignore_errors=True)
    staging.rename(directory)


def keep_previous(goldens: DictConfig) -> Path | None:
    """Copy the golden model into ``goldens.previous_dir`` (None when there is none yet)."""
    weights = Path(goldens.dir) / WEIGHTS
    if not weights.is_file():
        return None
    previous = Path(goldens.previous_dir)
    written = weights.stat().st_mtime
    put_in_place(staged(snapshot(goldens), previous), previous)
    dated(previous / WEIGHTS, written)
    return previous


def dated(path: Path, written: float) -> None:
    """Give a moved weights file the time the model's own file had (see the module's doc)."""
    os.utime(path, (written, written))


def restore(files: dict[str, bytes], goldens: DictConfig) -> None:
    """Make ``files`` (a copy's content) the golden model: its files and its suites."""
    directory, suites_dir = Path(goldens.dir), Path(goldens.suites_dir)
    # What the copy lacks must go too: a model card left behind would describe another model.
    for name in MODEL_FILES:
        (directory / name).unlink(missing_ok=True)
    for path in suites_dir.glob("*.yaml"):
        path.unlink()
    suites_dir.mkdir(parents=True, exist_ok=True)
    for name, content in files.items():
        folder, _, filename = name.rpartition("/")
        (suites_dir if folder == SUITES else directory).joinpath(filename).write_bytes(content)


def rollback_goldens(cfg: DictConfig) -> Path:
    """Swap the golden model and the previous one; return the previous model's folder."""
    goldens = cfg.goldens
    previous = Path(goldens.previous_dir)
    if not (previous / WEIGHTS).is_file():
        raise UsageError(
            f"no previous golden model in {shown(previous)}: there is nothing to roll back to "
            "(update-goldens ckpt_path=... keeps one when it adopts another model)"
        )
    # Refuse weights the configured model cannot load before anything moves.
    fitted(build_net(cfg, build_datamodule(cfg)), golden_weights(previous), previous / WEIGHTS)
    golden = Path(goldens.dir) / WEIGHTS
    restored_written = (previous / WEIGHTS).stat().st_mtime
    replaced_written = golden.stat().st_mtime if golden.is_file() else None
    # In this order, an interruption at any point leaves each model whole somewhere: the golden
    # folder, previous/ or previous.partial/.
    replaced = staged(snapshot(goldens), previous)
    restore(read_copy(previous), goldens)
    dated(golden, restored_written)
    put_in_place(replaced, previous)
    # A golden folder without weights (deleted by hand) leaves a previous/ without them too.
    if replaced_written is not None:
        dated(previous / WEIGHTS, replaced_written)
    card = read_card(goldens.dir) or {}
    accuracy = card.get("metrics", {}).get("accuracy", "unknown")
    print(
        f"Rolled back {shown(goldens.dir)} to the previous golden model (trained "
        f"{card.get('trained_at', 'unknown')}, test accuracy {accuracy}). The model it replaced "
        f"is in {shown(previous)}: rollback-goldens again undoes this; export serves the restored "
        "model."
    )
    return previous


def main(argv: Sequence[str] | None = None) -> None:
    run(rollback_goldens, "rollback_goldens", argv)


if __name__ == "__main__":
    main()
