"""Adopt a model as the golden one and rewrite its golden outputs: ``<project> update-goldens``.

    <project> update-goldens                       # recompute goldens.json from the golden model
    <project> update-goldens ckpt_path=.../last.ckpt   # first adopt a trained model's network

Goldens that did not change beyond ``goldens.loss_tolerance`` are left as they are, so running it
again on the same machine makes no diff. Review what it prints, then commit.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from omegaconf import DictConfig

from ..build import build_datamodule
from ..config_checks import check_config
from ..project import run, shown
from .outputs import (
    GOLDENS,
    compute_goldens,
    describe_changes,
    largest_loss_change,
    read_goldens,
    unchanged,
    write_goldens,
)
from .store import adopt_checkpoint, load_golden_net


def update_goldens(cfg: DictConfig) -> list[str]:
    """The changes written (empty when the goldens still hold)."""
    check_config(cfg)
    datamodule = build_datamodule(cfg)
    if cfg.get("ckpt_path"):
        adopt_checkpoint(cfg, datamodule, Path(cfg.ckpt_path))
    new = compute_goldens(load_golden_net(cfg, datamodule), datamodule, cfg.goldens)
    directory = Path(cfg.goldens.dir)
    changes = ["no previous goldens"]
    if (directory / GOLDENS).is_file():
        old = read_goldens(directory)
        if unchanged(old, new, cfg.goldens.loss_tolerance):
            delta, _ = largest_loss_change(old, new)
            print(
                f"Goldens unchanged: {shown(directory / GOLDENS)} (same predictions, largest "
                f"loss change {delta:.2g} <= {cfg.goldens.loss_tolerance:g})"
            )
            return []
        changes = describe_changes(old, new)
    write_goldens(new, directory)
    print(f"Updated {shown(directory / GOLDENS)}:")
    print("\n".join(f"  {line}" for line in changes))
    return changes


def main(argv: Sequence[str] | None = None) -> None:
    run(update_goldens, "update_goldens", argv)


if __name__ == "__main__":
    main()
