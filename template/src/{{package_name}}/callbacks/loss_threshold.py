"""Record the first epoch whose mean training loss falls below a threshold (memorization)."""

from __future__ import annotations

import lightning as L


class LossBelowThreshold(L.Callback):
    """Sets ``reached_at_epoch`` (1-based) and stops training when the loss gets there."""

    def __init__(self, threshold: float) -> None:
        self.threshold = threshold
        self.reached_at_epoch: int | None = None
        self.epoch_losses: list[float] = []
        self._batch_losses: list[float] = []

    def on_train_batch_end(self, trainer, pl_module, outputs, batch, batch_idx: int) -> None:
        self._batch_losses.append(float(outputs["loss"]))

    def on_train_epoch_end(self, trainer: L.Trainer, pl_module: L.LightningModule) -> None:
        self.epoch_losses.append(sum(self._batch_losses) / max(len(self._batch_losses), 1))
        self._batch_losses.clear()
        if self.reached_at_epoch is None and self.epoch_losses[-1] < self.threshold:
            self.reached_at_epoch = len(self.epoch_losses)
            trainer.should_stop = True
