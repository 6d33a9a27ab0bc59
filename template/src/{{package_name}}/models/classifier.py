"""The LightningModule: loss, metrics and optimizer around any image classifier net."""

from __future__ import annotations

from datetime import datetime, timezone

import lightning as L
import torch
from torch import nn
from torch.nn import functional as F


class ImageClassifier(L.LightningModule):
    """Cross-entropy training of ``net``; logs ``{stage}/loss`` and ``{stage}/acc``."""

    def __init__(self, net: nn.Module, lr: float = 3e-3, weight_decay: float = 0.0) -> None:
        super().__init__()
        # The net is saved in the checkpoint's state dict; keep it out of hparams.
        self.save_hyperparameters(logger=False, ignore=["net"])
        self.net = net

    def forward(self, images: torch.Tensor) -> torch.Tensor:
        return self.net(images)

    def _shared_step(self, batch: tuple[torch.Tensor, torch.Tensor], stage: str) -> torch.Tensor:
        images, labels = batch
        logits = self(images)
        loss = F.cross_entropy(logits, labels)
        accuracy = (logits.argmax(dim=1) == labels).float().mean()
        on_step = stage == "train"
        self.log(
            f"{stage}/loss",
            loss,
            on_step=on_step,
            on_epoch=True,
            prog_bar=True,
            batch_size=len(labels),
            sync_dist=not on_step,
        )
        self.log(
            f"{stage}/acc",
            accuracy,
            on_step=False,
            on_epoch=True,
            prog_bar=True,
            batch_size=len(labels),
            sync_dist=True,
        )
        return loss

    def training_step(self, batch, batch_idx: int) -> torch.Tensor:
        return self._shared_step(batch, "train")

    def validation_step(self, batch, batch_idx: int) -> None:
        self._shared_step(batch, "val")

    def test_step(self, batch, batch_idx: int) -> None:
        self._shared_step(batch, "test")

    def configure_optimizers(self) -> torch.optim.Optimizer:
        return torch.optim.AdamW(
            self.parameters(), lr=self.hparams.lr, weight_decay=self.hparams.weight_decay
        )

    # Exact resume: dropout draws from torch's global generator, which Lightning does not
    # checkpoint. Saving it makes a resumed run replay the masks an uninterrupted run would use.

    def on_save_checkpoint(self, checkpoint: dict) -> None:
        # When these weights were made: the training date a model card reports (goldens/card.py).
        checkpoint["saved_at"] = datetime.now(timezone.utc).isoformat(timespec="seconds")
        checkpoint["rng_states"] = {"torch": torch.get_rng_state()}
        if torch.cuda.is_available():
            checkpoint["rng_states"]["cuda"] = torch.cuda.get_rng_state_all()

    def on_load_checkpoint(self, checkpoint: dict) -> None:
        states = checkpoint.get("rng_states", {})
        if "torch" in states:
            torch.set_rng_state(states["torch"])
        if "cuda" in states and torch.cuda.is_available():
            torch.cuda.set_rng_state_all(states["cuda"])
