"""Make it fast: find the largest batch size and a good learning rate (Lightning's Tuner).

``python -m <package>.tune [overrides]`` prints both suggestions; set them with
``data.batch_size=... model.lr=...``.
"""

from __future__ import annotations

import hydra
import lightning as L
from lightning.pytorch.tuner import Tuner
from omegaconf import DictConfig

from .instantiate import build_trainer


def tune(cfg: DictConfig, max_batch_trials: int = 6, lr_steps: int = 60) -> dict[str, float]:
    """Batch size by doubling until it fails or trials run out, then the LR range test."""
    if cfg.get("seed") is not None:
        L.seed_everything(cfg.seed, workers=True)
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
    # No early stop: a sweep that diverges at its high end still leaves the finite part of the
    # curve, which is all the suggestion needs (non-finite losses are dropped).
    finder = tuner.lr_find(
        model,
        datamodule=datamodule,
        num_training=lr_steps,
        early_stop_threshold=None,
        update_attr=False,
    )
    suggestion = finder.suggestion()
    if suggestion is None:
        raise RuntimeError(
            f"The learning-rate finder could not suggest a rate from {lr_steps} steps: the loss "
            "curve has too few finite points. Sweep longer (lr_steps) or lower min_lr/max_lr."
        )
    return {"batch_size": float(batch_size), "lr": float(suggestion)}


@hydra.main(version_base="1.3", config_path="../../configs", config_name="train")
def main(cfg: DictConfig) -> None:
    found = tune(cfg)
    print(f"Suggested: data.batch_size={int(found['batch_size'])} model.lr={found['lr']:.2e}")


if __name__ == "__main__":
    main()
