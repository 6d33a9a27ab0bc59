"""The LightningModule: loss, metrics and optimizer around any image classifier net."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timezone

import lightning as L
import torch
from torch import nn
from torch.nn import functional as F
from torchmetrics.classification import MulticlassAccuracy, MulticlassConfusionMatrix


class ImageClassifier(L.LightningModule):
    """Cross-entropy training of ``net``; logs ``{stage}/loss`` and ``{stage}/acc``.

    The test also logs each class's accuracy (``test/acc_per_class/<class>``) and keeps its
    confusion matrix in ``confusion["test"]`` (rows: true class, columns: predicted), which the
    run's plots draw. torchmetrics keeps the running counts and sums them over every DDP rank,
    so each figure is the whole split's.
    """

    def __init__(
        self,
        net: nn.Module,
        class_names: Sequence[str],
        lr: float = 3e-3,
        weight_decay: float = 0.0,
    ) -> None:
        super().__init__()
        # The net is saved in the checkpoint's state dict; keep it out of hparams.
        self.save_hyperparameters(logger=False, ignore=["net"])
        self.net = net
        self.class_names = list(class_names)
        classes = len(self.class_names)
        # "micro": the share of samples predicted right (torchmetrics' default averages the
        # classes' accuracies instead).
        self.train_accuracy = MulticlassAccuracy(classes, average="micro")
        self.val_accuracy = MulticlassAccuracy(classes, average="micro")
        self.test_accuracy = MulticlassAccuracy(classes, average="micro")
        self.test_per_class = MulticlassAccuracy(classes, average=None)
        self.test_confusion = MulticlassConfusionMatrix(classes)
        self.confusion: dict[str, torch.Tensor] = {}

    def forward(self, images: torch.Tensor) -> torch.Tensor:
        return self.net(images)

    def _shared_step(self, batch: tuple[torch.Tensor, torch.Tensor], stage: str) -> torch.Tensor:
        images, labels = batch
        logits = self(images)
        loss = F.cross_entropy(logits, labels)
        predictions = logits.argmax(dim=1)
        accuracy = getattr(self, f"{stage}_accuracy")
        accuracy.update(predictions, labels)
        if stage == "test":
            self.test_per_class.update(predictions, labels)
            self.test_confusion.update(predictions, labels)
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
        # A torchmetrics object: Lightning computes it over the epoch and resets it.
        self.log(f"{stage}/acc", accuracy, on_step=False, on_epoch=True, prog_bar=True)
        return loss

    def training_step(self, batch, batch_idx: int) -> torch.Tensor:
        return self._shared_step(batch, "train")

    def validation_step(self, batch, batch_idx: int) -> None:
        self._shared_step(batch, "val")

    def test_step(self, batch, batch_idx: int) -> None:
        self._shared_step(batch, "test")

    def on_test_epoch_end(self) -> None:
        """Log each class's accuracy and keep the confusion matrix of the test."""
        per_class = self.test_per_class.compute()
        named = zip(self.class_names, per_class, strict=True)
        # Already summed over every rank by torchmetrics: no sync_dist needed.
        self.log_dict({f"test/acc_per_class/{name}": value for name, value in named})
        self.confusion["test"] = self.test_confusion.compute().cpu()
        self.test_per_class.reset()
        self.test_confusion.reset()

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
