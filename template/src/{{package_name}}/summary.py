"""The lines a run ends with: what it achieved, and where everything it wrote is.

Logged, so they close both the console and the run's log file.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path

import lightning as L

from . import tracking
from .callbacks.run_plots import RunPlots
from .project import shown

log = logging.getLogger(__name__)

#: Per-class accuracies are many; the summary names the few weakest classes.
WEAKEST_SHOWN = 3


def headline(metrics: dict[str, float]) -> str:
    """The epoch-level metrics, one name and value each (per-step and per-class ones left out).

    >>> headline({"test/acc": 0.98765, "test/acc_per_class/3": 0.9,
    ...           "train/loss": 0.3, "train/loss_step": 0.2, "train/loss_epoch": 0.3})
    'test/acc 0.9877  train/loss_epoch 0.3'
    """
    shown_metrics = {
        name: value
        for name, value in sorted(metrics.items())
        # A metric logged per step and per epoch is there thrice: name, name_step, name_epoch.
        if not name.endswith("_step")
        and f"{name}_epoch" not in metrics
        and "/acc_per_class/" not in name
    }
    return "  ".join(f"{name} {value:.4g}" for name, value in shown_metrics.items())


def weakest_classes(metrics: dict[str, float], count: int = WEAKEST_SHOWN) -> str:
    """The classes with the lowest test accuracy, lowest first.

    >>> weakest_classes({"test/acc_per_class/3": 0.9, "test/acc_per_class/8": 0.8,
    ...                  "test/acc_per_class/1": 1.0}, count=2)
    '8 0.8, 3 0.9'
    """
    per_class = {
        name.rsplit("/", 1)[1]: value
        for name, value in metrics.items()
        if name.startswith("test/acc_per_class/")
    }
    weakest = sorted(per_class.items(), key=lambda item: item[1])[:count]
    return ", ".join(f"{name} {value:.3g}" for name, value in weakest)


def run_summary(
    output_dir: Path,
    metrics: dict[str, float],
    outputs: dict[str, Iterable[Path | str]],
    notes: Iterable[str] = (),
) -> list[str]:
    """The summary's lines: the run folder, its metrics, then one line per kind of output.

    ``outputs`` maps a kind (``checkpoints``, ``plots``, ...) to its files; paths inside the
    run folder are shown relative to it, others relative to the project. ``notes`` are lines
    as they are (the data gate's verdict, where each tracker keeps the run).
    """

    def place(path: Path | str) -> str:
        path = Path(path)
        try:
            return path.relative_to(output_dir).as_posix()
        except ValueError:
            return shown(path)

    lines = [f"Run finished: {shown(output_dir)}", f"  metrics: {headline(metrics) or 'none'}"]
    weakest = weakest_classes(metrics)
    if weakest:
        lines.append(f"  weakest classes (test accuracy): {weakest}")
    for kind, paths in outputs.items():
        listed = ", ".join(place(path) for path in paths)
        if listed:
            lines.append(f"  {kind}: {listed}")
    lines += [f"  {note}" for note in notes]
    return lines


def trainer_outputs(trainer: L.Trainer) -> dict[str, list[Path]]:
    """The checkpoints and pictures a Trainer's callbacks wrote, by kind."""
    outputs: dict[str, list[Path]] = {}
    for callback in trainer.checkpoint_callbacks:
        if callback.monitor and callback.best_model_path:
            outputs[f"best checkpoint ({callback.monitor})"] = [Path(callback.best_model_path)]
    # Listed from disk: testing a checkpoint restores the callbacks' state as it was then.
    folders = {Path(cb.dirpath) for cb in trainer.checkpoint_callbacks if cb.dirpath}
    written = sorted(path for folder in folders for path in folder.glob("*.ckpt"))
    if written:
        outputs["checkpoints"] = written
    for callback in trainer.callbacks:
        if isinstance(callback, RunPlots):
            outputs["plots"] = callback.written
    return outputs


def log_summary(
    trainer: L.Trainer, output_dir: Path, metrics: dict[str, float], notes: Iterable[str] = ()
) -> None:
    """Log the run's summary: metrics, checkpoints, plots, ``notes``, and its trackers."""
    outputs = {**trainer_outputs(trainer), "all metrics": [output_dir / "metrics.json"]}
    trackers = [f"tracker: {tracking.where(logger)}" for logger in trainer.loggers]
    for line in run_summary(output_dir, metrics, outputs, [*notes, *trackers]):
        log.info(line)
