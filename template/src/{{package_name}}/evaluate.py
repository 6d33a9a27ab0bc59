"""Evaluate a checkpoint on the test split: ``python -m <package>.evaluate ckpt_path=...``."""

from __future__ import annotations

import json
from pathlib import Path

import hydra
from omegaconf import DictConfig

from .instantiate import as_floats, build_trainer


def evaluate(cfg: DictConfig) -> dict[str, float]:
    """Test ``cfg.ckpt_path`` and write the metrics to ``<output_dir>/metrics.json``."""
    checkpoint = Path(cfg.ckpt_path)
    if not checkpoint.is_file():
        raise FileNotFoundError(
            f"No checkpoint at {checkpoint}: pass ckpt_path=<path to a .ckpt file>, "
            "for example the last.ckpt of a training run."
        )
    datamodule = hydra.utils.instantiate(cfg.data)
    model = hydra.utils.instantiate(cfg.model)
    trainer = build_trainer(cfg)
    trainer.test(model, datamodule=datamodule, ckpt_path=str(checkpoint))
    metrics = as_floats(trainer.callback_metrics)
    output_dir = Path(cfg.paths.output_dir)
    output_dir.mkdir(parents=True, exist_ok=True)
    (output_dir / "metrics.json").write_text(json.dumps(metrics, indent=2, sort_keys=True))
    return metrics


@hydra.main(version_base="1.3", config_path="../../configs", config_name="evaluate")
def main(cfg: DictConfig) -> None:
    evaluate(cfg)


if __name__ == "__main__":
    main()
