"""Make it fast: find the largest batch size and a good learning rate (Lightning's Tuner).

``python -m <package>.tune [overrides]`` prints both suggestions; set them with
``data.batch_size=... model.lr=...``.
"""

from __future__ import annotations

import hydra
from lightning.pytorch.tuner import Tuner
from omegaconf import DictConfig

from .instantiate import build_trainer


def tune(cfg: DictConfig, max_batch_trials: int = 6, lr_steps: int = 60) -> dict[str, float]:
    """Batch size by doubling until it fails or trials run out, then the LR range test."""
    datamodule = hydra.utils.instantiate(cfg.data)
    model = hydra.utils.instantiate(cfg.model)
    tuner = Tuner(build_trainer(cfg))
    batch_size = tuner.scale_batch_size(
        model,
        datamodule=datamodule,
        mode="power",
        init_val=cfg.data.batch_size,
        max_trials=max_batch_trials,
    )
    finder = tuner.lr_find(model, datamodule=datamodule, num_training=lr_steps, update_attr=False)
    return {"batch_size": float(batch_size), "lr": float(finder.suggestion())}


@hydra.main(version_base="1.3", config_path="../../configs", config_name="train")
def main(cfg: DictConfig) -> None:
    found = tune(cfg)
    print(f"Suggested: data.batch_size={int(found['batch_size'])} model.lr={found['lr']:.2e}")


if __name__ == "__main__":
    main()
