"""Record the first epoch whose mean training loss falls below a threshold (memorization).

``debug=overfit`` uses it to say, when training ends, whether the one batch was memorized and
in how many epochs.
"""

from __future__ import annotations

import logging

import lightning as L

log = logging.getLogger(__name__)


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

    def verdict(self) -> str:
        """Whether the loss got below the threshold, and when; or where it stayed."""
        if self.reached_at_epoch is not None:
            loss = self.epoch_losses[self.reached_at_epoch - 1]
            return (
                f"MEMORIZED: training loss {loss:.3g} < {self.threshold} after "
                f"{self.reached_at_epoch} epochs"
            )
        last = f"{self.epoch_losses[-1]:.3g}" if self.epoch_losses else "not measured"
        return (
            f"NOT MEMORIZED: training loss still {last} after {len(self.epoch_losses)} epochs "
            f"(threshold {self.threshold}): look for a bug in the model, its loss or its "
            "optimizer before training longer"
        )

    def on_train_end(self, trainer: L.Trainer, pl_module: L.LightningModule) -> None:
        if trainer.is_global_zero:
            log.info(self.verdict())
