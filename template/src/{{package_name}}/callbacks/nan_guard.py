"""Stop training at the first non-finite loss or gradient, naming the step and parameter."""

from __future__ import annotations

import lightning as L
import torch


class NonFiniteError(FloatingPointError):
    """Training produced a NaN or Inf; the message says at which step and where."""


class NanGuard(L.Callback):
    """Raise NonFiniteError at the first NaN/Inf loss, or gradient after backward.

    With ``16-mixed`` precision, Inf gradients are expected now and then (the gradient
    scaler skips those steps), so only the loss is checked there.
    """

    def on_before_backward(self, trainer: L.Trainer, pl_module: L.LightningModule, loss) -> None:
        if not torch.isfinite(loss).all():
            raise NonFiniteError(
                f"Non-finite training loss {loss.item()} at global step {trainer.global_step} "
                f"(epoch {trainer.current_epoch}). Try debug=anomaly to find the operation, "
                "or debug=fp64 to rule out precision."
            )

    def on_after_backward(self, trainer: L.Trainer, pl_module: L.LightningModule) -> None:
        if str(trainer.precision) == "16-mixed":
            return
        for name, parameter in pl_module.named_parameters():
            if parameter.grad is not None and not torch.isfinite(parameter.grad).all():
                raise NonFiniteError(
                    f"Non-finite gradient in parameter {name!r} at global step "
                    f"{trainer.global_step} (epoch {trainer.current_epoch})."
                )
