"""Adopt a model as the golden one and rewrite what describes it: ``<project> update-goldens``.

    <project> update-goldens                           # recompute goldens.json and the model card
    <project> update-goldens ckpt_path=best            # first adopt a trained model's network
                                                       # (best: the newest run's best epoch)

Adopting goes through the promotion gate (promotion.py; ``force=true`` overrides it) and keeps
the model it replaces for ``rollback-goldens`` (rollback.py). Golden outputs and the model card
that did not change beyond ``goldens.loss_tolerance`` are left as they are, so running it again
makes no diff. Class floors are measured once, for data that has none (floors.py). Review what
it prints, then commit.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from omegaconf import DictConfig
from torch import nn

from ..build import build_datamodule
from ..checkpoints import checkpoint_named_by, load_checkpoint
from ..config_checks import check_config
from ..data.base import ImageDataModule
from ..project import run, shown
from .card import (
    CARD,
    UNKNOWN_PROVENANCE,
    build_card,
    provenance_of,
    read_card,
    same_card,
    weights_digest,
    write_card,
)
from .floors import floors_for, floors_from, write_floors
from .outputs import (
    GOLDENS,
    compute_goldens,
    describe_changes,
    largest_loss_change,
    read_goldens,
    unchanged,
    write_goldens,
)
from .promotion import check_promotion
from .quality import baseline_accuracy, measure
from .rollback import keep_previous
from .store import (
    WEIGHTS,
    build_net,
    fitted,
    golden_weights,
    load_golden_net,
    net_weights,
    save_golden,
)


def adopt(cfg: DictConfig, datamodule: ImageDataModule, checkpoint_path: Path) -> dict | None:
    """Make the checkpoint's network the golden model; its provenance (None: it already was)."""
    checkpoint = load_checkpoint(checkpoint_path)
    candidate = fitted(build_net(cfg, datamodule), net_weights(checkpoint), checkpoint_path)
    directory = Path(cfg.goldens.dir)
    digest = weights_digest(candidate.state_dict())
    if (directory / WEIGHTS).is_file() and weights_digest(golden_weights(directory)) == digest:
        print(f"{shown(checkpoint_path)} holds the golden model already: nothing to adopt")
        return None
    measured = check_promotion(cfg, datamodule, candidate, shown(checkpoint_path))
    previous = keep_previous(cfg.goldens)
    save_golden(candidate, directory)
    kept = (
        f"; the model it replaced is in {shown(previous)} (rollback-goldens)" if previous else ""
    )
    print(
        f"Adopted {shown(checkpoint_path)} as the golden model ({measured['split']} accuracy "
        f"{measured['accuracy']:.4f}){kept}"
    )
    return provenance_of(checkpoint_path, checkpoint)


def update_golden_outputs(cfg: DictConfig, net: nn.Module, datamodule: ImageDataModule) -> list:
    """Rewrite goldens.json unless it still holds; the changes written."""
    new = compute_goldens(net, datamodule, cfg.goldens)
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


def update_card(
    cfg: DictConfig,
    net: nn.Module,
    datamodule: ImageDataModule,
    measured: dict,
    provenance: dict | None,
) -> None:
    """Rewrite the model card unless it still describes the golden model as it is."""
    directory = Path(cfg.goldens.dir)
    old = read_card(directory)
    weights = net.state_dict()
    if provenance is None:  # the same weights as before: the same provenance, if known
        same_weights = old and old["weights_sha256"] == weights_digest(weights)
        provenance = {key: old[key] for key in UNKNOWN_PROVENANCE} if same_weights else None
    baseline = baseline_accuracy(datamodule, measured["split"])
    card = build_card(
        cfg, datamodule, weights, measured, baseline, provenance or UNKNOWN_PROVENANCE
    )
    path = directory / CARD
    if old and same_card(old, card, cfg.goldens.loss_tolerance):
        print(f"Model card unchanged: {shown(path)}")
        return
    write_card(card, directory)
    print(
        f"Updated {shown(path)}: {measured['split']} accuracy {measured['accuracy']:.4f} "
        f"(baseline {baseline:.4f}), trained {card['trained_at']}"
    )


def update_goldens(cfg: DictConfig) -> list[str]:
    """The golden-output changes written (empty when the goldens still hold)."""
    check_config(cfg)
    datamodule = build_datamodule(cfg)
    provenance = adopt(cfg, datamodule, checkpoint_named_by(cfg)) if cfg.get("ckpt_path") else None
    net = load_golden_net(cfg, datamodule)
    changes = update_golden_outputs(cfg, net, datamodule)
    measured = measure(net, datamodule, cfg.goldens.quality.split)
    update_card(cfg, net, datamodule, measured, provenance)
    if floors_for(cfg.goldens.dir, datamodule) is None:
        floors = floors_from(measured, datamodule, cfg.goldens.quality.floor_margin)
        path = write_floors(floors, cfg.goldens.dir)
        print(f"Set class floors for {datamodule.name}: {shown(path)} (review them)")
    return changes


def main(argv: Sequence[str] | None = None) -> None:
    run(update_goldens, "update_goldens", argv)


if __name__ == "__main__":
    main()
