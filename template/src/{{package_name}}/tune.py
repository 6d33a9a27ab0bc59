"""Make it fast: suggest a batch size and a learning rate, and check the rate with a short run.

``<project> tune [overrides]`` prints both suggestions; set them with
``data.batch_size=... model.lr=...``.
"""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, redirect_stderr
from typing import NamedTuple

import lightning as L
from lightning.pytorch.tuner import Tuner
from omegaconf import DictConfig, open_dict

from .build import build_datamodule, build_model, build_trainer
from .config_checks import check_config
from .project import run

#: A batch so large that an epoch has fewer optimizer steps than this learns too little per
#: epoch: the suggestion is capped at the training split's size divided by it.
MIN_STEPS_PER_EPOCH = 10


class Suggestion(NamedTuple):
    batch_size: int
    lr: float
    #: Validation loss after one epoch with the suggested and with the configured rate.
    val_loss_suggested: float
    val_loss_configured: float

    @property
    def lr_confirmed(self) -> bool:
        return self.val_loss_suggested <= self.val_loss_configured


def one_epoch_val_loss(cfg: DictConfig, batch_size: int, lr: float) -> float:
    """Validation loss after one epoch of training with ``batch_size`` and ``lr``.

    A probe, not a run: it writes no checkpoint (`train ckpt_path=last` must never resume it)
    and logs nowhere.
    """
    with open_dict(cfg):
        cfg.data.batch_size, cfg.model.lr = batch_size, lr
        cfg.trainer.max_epochs = 1
        cfg.trainer.enable_checkpointing = False
        cfg.callbacks = None
    L.seed_everything(cfg.get("seed") or 0, workers=True)
    datamodule = build_datamodule(cfg)
    trainer = build_trainer(cfg)
    trainer.fit(build_model(cfg, datamodule), datamodule=datamodule)
    return float(trainer.callback_metrics["val/loss"])


#: Lightning's loggers that narrate the tuner's inner steps: "will continue with full run using
#: batch size N" (before tune caps N), and how it restores the model between trials.
TUNER_NARRATION = (
    "lightning.pytorch.tuner.batch_size_scaling",
    "lightning.pytorch.trainer.connectors.checkpoint_connector",
)


@contextmanager
def tuner_quiet() -> Iterator[None]:
    """Only tune's own suggestion on screen, not Lightning's narration of its tuner."""
    loggers = [logging.getLogger(name) for name in TUNER_NARRATION]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.WARNING)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


def tune(cfg: DictConfig, max_batch_trials: int = 6, lr_steps: int = 60) -> Suggestion:
    """Batch size by doubling while it fits (capped), the LR range test, then a check of the LR."""
    check_config(cfg)
    with open_dict(cfg):  # trials and probes, not runs: no bars, summaries or logs of them
        cfg.trainer.enable_progress_bar = False
        cfg.trainer.enable_model_summary = False
        cfg.logger = None
    with tuner_quiet():
        return suggest(cfg, max_batch_trials, lr_steps)


def suggest(cfg: DictConfig, max_batch_trials: int, lr_steps: int) -> Suggestion:
    if cfg.get("seed") is not None:
        L.seed_everything(cfg.seed, workers=True)
    datamodule = build_datamodule(cfg)
    datamodule.setup("fit")
    model = build_model(cfg, datamodule)
    tuner = Tuner(build_trainer(cfg))
    largest = tuner.scale_batch_size(
        model,
        datamodule=datamodule,
        mode="power",
        init_val=cfg.data.batch_size,
        max_trials=max_batch_trials,
    )
    cap = max(1, len(datamodule.datasets["train"]) // MIN_STEPS_PER_EPOCH)
    batch_size = min(int(largest), cap)
    datamodule.hparams.batch_size = batch_size
    # No early stop: a sweep that diverges at its high end still leaves the finite part of the
    # curve, which is all the suggestion needs (non-finite losses are dropped).
    # Lightning's learning-rate finder draws a bar on stderr whatever the trainer says.
    with redirect_stderr(io.StringIO()):
        finder = tuner.lr_find(
            model,
            datamodule=datamodule,
            num_training=lr_steps,
            early_stop_threshold=None,
            update_attr=False,
        )
    lr = finder.suggestion()
    if lr is None:
        raise RuntimeError(
            f"The learning-rate finder could not suggest a rate from {lr_steps} steps: the loss "
            "curve has too few finite points. Sweep longer (lr_steps) or lower min_lr/max_lr."
        )
    configured_lr = cfg.model.lr
    return Suggestion(
        batch_size=batch_size,
        lr=float(lr),
        val_loss_suggested=one_epoch_val_loss(cfg.copy(), batch_size, float(lr)),
        val_loss_configured=one_epoch_val_loss(cfg.copy(), batch_size, configured_lr),
    )


def report(suggestion: Suggestion, configured_lr: float) -> str:
    """What to set, and how sure the check is about the learning rate."""
    lines = [
        f"data.batch_size={suggestion.batch_size}  (the largest that fits, at most 1/"
        f"{MIN_STEPS_PER_EPOCH} of the training split)"
    ]
    losses = (
        f"val/loss after one epoch {suggestion.val_loss_suggested:.3f} with it, "
        f"{suggestion.val_loss_configured:.3f} with the configured {configured_lr:.2e}"
    )
    if suggestion.lr_confirmed:
        lines.append(f"model.lr={suggestion.lr:.2e}  (confirmed: {losses})")
    else:
        lines.append(
            f"model.lr={configured_lr:.2e}  (keep it: the finder's {suggestion.lr:.2e} did worse, "
            f"{losses})"
        )
    return "Suggested:\n  " + "\n  ".join(lines)


def main(argv: Sequence[str] | None = None) -> None:
    def job(cfg: DictConfig) -> None:
        print(report(tune(cfg), cfg.model.lr))

    run(job, "train", argv)


if __name__ == "__main__":
    main()
