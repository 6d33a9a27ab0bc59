"""Train a model: ``python -m <package>.train [overrides]``. Thin on purpose: configs decide."""

from __future__ import annotations

import logging

import hydra
import lightning as L
from omegaconf import DictConfig

from .data.frame import splits_frame
from .data.gate import require_valid
from .instantiate import as_floats, build_trainer

log = logging.getLogger(__name__)


def check_data_gate(cfg: DictConfig, datamodule: L.LightningDataModule) -> None:
    """Refuse data that fails the expectation suites, unless data_gate.enabled=false."""
    gate = cfg.get("data_gate")
    if gate is None or gate.enabled:
        require_valid(splits_frame(datamodule), gate.gx_dir if gate else "gx")
    else:
        log.warning("DATA GATE DISABLED (data_gate.enabled=false): training on unvalidated data.")


def train(cfg: DictConfig) -> dict[str, float]:
    """Fit the configured model, then test its best checkpoint; return all logged metrics."""
    if cfg.get("seed") is not None:
        L.seed_everything(cfg.seed, workers=True)
    datamodule = hydra.utils.instantiate(cfg.data)
    check_data_gate(cfg, datamodule)
    model = hydra.utils.instantiate(cfg.model)
    trainer = build_trainer(cfg)
    trainer.fit(model, datamodule=datamodule, ckpt_path=cfg.get("ckpt_path"))
    metrics = as_floats(trainer.callback_metrics)
    if cfg.get("test"):
        best = trainer.checkpoint_callback and trainer.checkpoint_callback.best_model_path
        trainer.test(model, datamodule=datamodule, ckpt_path="best" if best else None)
        metrics.update(as_floats(trainer.callback_metrics))
    return metrics


@hydra.main(version_base="1.3", config_path="../../configs", config_name="train")
def main(cfg: DictConfig) -> float | None:
    metrics = train(cfg)
    # Returned so that Hydra sweepers can optimize it.
    return metrics.get(cfg.get("optimized_metric", ""))


if __name__ == "__main__":
    main()
