"""Build Lightning objects from Hydra configs: the plumbing shared by train and evaluate."""

from __future__ import annotations

from typing import Any

import hydra
import lightning as L
from omegaconf import DictConfig


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


def build_trainer(cfg: DictConfig) -> L.Trainer:
    """The Trainer, with the callbacks and loggers chosen in ``cfg``."""
    loggers = instantiate_group(cfg.get("logger"))
    return hydra.utils.instantiate(
        cfg.trainer, callbacks=instantiate_group(cfg.get("callbacks")), logger=loggers or False
    )


def as_floats(metrics: dict[str, Any]) -> dict[str, float]:
    """Lightning's metrics are 0-d tensors; callers want plain floats."""
    return {name: float(value) for name, value in metrics.items()}
