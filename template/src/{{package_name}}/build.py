"""Build the run's objects from its Hydra config: the plumbing every command shares.

The datamodule comes first, because the model is built for it: its input shape and class
count are read off the datamodule, never written in the model's config.
"""

from __future__ import annotations

from typing import Any

import hydra
import lightning as L
from omegaconf import DictConfig

from .checkpoints import SealedCheckpointIO
from .data.base import ImageDataModule
from .models.classifier import ImageClassifier
from .profiling import ProfileSummary, build_profiler
from .tracking import build_loggers


def build_datamodule(cfg: DictConfig) -> ImageDataModule:
    return hydra.utils.instantiate(cfg.data)


def build_model(cfg: DictConfig, datamodule: ImageDataModule) -> ImageClassifier:
    """The configured LightningModule, its net sized for ``datamodule``'s images and classes."""
    net = {"input_shape": list(datamodule.input_shape), "num_classes": datamodule.num_classes}
    # Plain lists and dicts ("partial"), not OmegaConf's: the class names are saved in every
    # checkpoint, which then loads with weights_only=True.
    return hydra.utils.instantiate(
        cfg.model, net=net, class_names=list(datamodule.class_names), _convert_="partial"
    )


def instantiate_group(group: DictConfig | None) -> list[Any]:
    """Instantiate every entry of a config group such as ``callbacks`` or ``logger``.

    >>> from omegaconf import OmegaConf
    >>> instantiate_group(OmegaConf.create({"a": {"_target_": "builtins.dict", "x": 1}}))
    [{'x': 1}]
    >>> instantiate_group(None)
    []
    """
    if not group:
        return []
    return [hydra.utils.instantiate(entry) for entry in group.values() if entry]


def build_trainer(cfg: DictConfig, extra_callbacks: list[L.Callback] = ()) -> L.Trainer:
    """The Trainer, with the callbacks and loggers chosen in ``cfg``.

    A profiler named in ``trainer.profiler`` writes its report into the run folder, and a
    few lines of it to the console (profiling.py).
    """
    callbacks = [*instantiate_group(cfg.get("callbacks")), *extra_callbacks]
    loggers = build_loggers(cfg.get("logger"))
    profiler = cfg.trainer.get("profiler")
    if isinstance(profiler, str):
        profiler = build_profiler(profiler, cfg.paths.output_dir)
        callbacks.append(ProfileSummary())
    # Every checkpoint the run saves carries its digest, and every one it loads is checked.
    plugins = [*hydra.utils.instantiate(cfg.trainer.get("plugins") or []), SealedCheckpointIO()]
    return hydra.utils.instantiate(
        cfg.trainer,
        callbacks=callbacks,
        logger=loggers or False,
        profiler=profiler,
        plugins=plugins,
    )


def as_floats(metrics: dict[str, Any]) -> dict[str, float]:
    """Lightning's metrics are 0-d tensors; callers want plain floats."""
    return {name: float(value) for name, value in metrics.items()}
