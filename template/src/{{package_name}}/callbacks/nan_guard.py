"""Stop training at the first non-finite loss, gradient or epoch metric, naming where it began."""

from __future__ import annotations

import math

import lightning as L
import torch

from ..project import ProjectError


class NonFiniteError(ProjectError, FloatingPointError):
    """Training produced a NaN or Inf; the message says where and what to try."""

    exit_code = 4


class NanGuard(L.Callback):
    """Raise NonFiniteError at the first NaN/Inf loss or gradient, or epoch-level metric.

    Epoch metrics matter too: finite but huge step losses (weights loaded from a corrupted
    file, say) overflow to Inf when Lightning averages them over the epoch.
    With ``16-mixed`` precision, Inf gradients are expected now and then (the gradient
    scaler skips those steps), so only the loss is checked there.
    """

    def on_before_backward(self, trainer: L.Trainer, pl_module: L.LightningModule, loss) -> None:
        if not torch.isfinite(loss).all():
            raise NonFiniteError(
                f"non-finite training loss {loss.item()} at global step {trainer.global_step} "
                f"(epoch {trainer.current_epoch}); try debug=anomaly to find the operation, "
                "or debug=fp64 to rule out precision"
            )

    def on_after_backward(self, trainer: L.Trainer, pl_module: L.LightningModule) -> None:
        if str(trainer.precision) == "16-mixed":
            return
        for name, parameter in pl_module.named_parameters():
            if parameter.grad is not None and not torch.isfinite(parameter.grad).all():
                raise NonFiniteError(
                    f"non-finite gradient in parameter {name!r} at global step "
                    f"{trainer.global_step} (epoch {trainer.current_epoch})"
                )

    def _check_epoch_metrics(self, trainer: L.Trainer, stage: str) -> None:
        for name, value in trainer.callback_metrics.items():
            if not math.isfinite(float(value)):
                raise NonFiniteError(
                    f"non-finite {name} = {float(value)} at the end of {stage} epoch "
                    f"{trainer.current_epoch}: the weights or the data hold extreme values"
                )

    def on_train_epoch_end(self, trainer: L.Trainer, pl_module: L.LightningModule) -> None:
        self._check_epoch_metrics(trainer, "training")

    def on_validation_epoch_end(self, trainer: L.Trainer, pl_module: L.LightningModule) -> None:
        if not trainer.sanity_checking:
            self._check_epoch_metrics(trainer, "validation")
