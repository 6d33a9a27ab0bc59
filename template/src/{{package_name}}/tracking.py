"""What every experiment tracker gets besides Lightning's metrics: the run's config and pictures.

One function per thing to send, each knowing how every logger of configs/logger/ takes it, so a
run's record is the same whichever tracker a person picks. A tracker's package is imported only
when its logger is used (the optional extras in pyproject.toml).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import hydra
from hydra.errors import InstantiationException
from lightning.pytorch.loggers import (
    CSVLogger,
    Logger,
    MLFlowLogger,
    TensorBoardLogger,
    WandbLogger,
)
from omegaconf import DictConfig, OmegaConf

from .project import UsageError, shown

#: The config groups that decide what a run computes: sent to every tracker as its parameters.
RECORDED_GROUPS = ("data", "model", "trainer")


def build_loggers(group: DictConfig | None) -> list[Logger]:
    """The loggers chosen in ``logger``; one whose package is missing says which extra it is."""
    loggers = []
    for name, entry in (group or {}).items():
        if not entry:
            continue
        try:
            loggers.append(hydra.utils.instantiate(entry))
        except InstantiationException as error:
            missing = error.__cause__
            if not isinstance(missing, ImportError):
                raise
            raise UsageError(
                f"logger.{name} cannot start: {missing}. Its package is an optional extra: "
                f'pip install -e ".[{name}]" (uv: uv sync --extra {name})'
            ) from None
    return loggers


def run_parameters(cfg: DictConfig, data_fingerprint: str) -> dict[str, Any]:
    """The config that decides a run's result, and a hash naming exactly the data it saw."""
    # Resolved in place, so that interpolations into other groups (${paths.*}) resolve.
    parameters = {
        group: OmegaConf.to_container(cfg[group], resolve=True)
        for group in RECORDED_GROUPS
        if group in cfg
    }
    return {**parameters, "seed": cfg.get("seed"), "data_fingerprint": data_fingerprint}


def log_parameters(loggers: list[Logger], parameters: dict[str, Any]) -> None:
    for logger in loggers:
        logger.log_hyperparams(parameters)


def log_image(loggers: list[Logger], path: Path, step: int) -> None:
    """Send the PNG at ``path`` to each tracker that keeps pictures, under its file name.

    CSV keeps none: the PNG in the run folder is the record.
    """
    for logger in loggers:
        if isinstance(logger, TensorBoardLogger):
            from matplotlib.image import imread

            pixels = imread(path)  # (height, width, RGBA) floats in [0, 1]
            logger.experiment.add_image(path.stem, pixels, step, dataformats="HWC")
        elif isinstance(logger, MLFlowLogger):
            logger.experiment.log_artifact(logger.run_id, str(path), artifact_path="plots")
        elif isinstance(logger, WandbLogger):
            logger.log_image(key=path.stem, images=[str(path)], step=step)


def where(logger: Logger) -> str:
    """Where a tracker keeps the run, and how a person opens it."""
    if isinstance(logger, CSVLogger):
        return f"csv, {shown(Path(logger.log_dir, 'metrics.csv'))}"
    if isinstance(logger, TensorBoardLogger):
        return f"tensorboard, open with: tensorboard --logdir {shown(logger.log_dir)}"
    if isinstance(logger, MLFlowLogger):
        return (
            f"mlflow, run {logger.run_id}, open with: mlflow ui --backend-store-uri "
            f"{logger.experiment.tracking_uri}"
        )
    if isinstance(logger, WandbLogger):
        run_dir = shown(Path(logger.experiment.dir).parent)
        return f"wandb, {run_dir} (an offline run uploads with: wandb sync {run_dir})"
    return f"{type(logger).__name__}, {logger.log_dir}"
