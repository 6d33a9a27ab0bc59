"""Log the gradient norm each step: exploding or vanishing gradients show up in the logs."""

from __future__ import annotations

import lightning as L
from lightning.pytorch.utilities import grad_norm


class GradNormLogger(L.Callback):
    """Log ``train/grad_norm`` (total 2-norm), and per parameter if ``per_parameter``."""

    def __init__(self, per_parameter: bool = False) -> None:
        self.per_parameter = per_parameter

    def on_before_optimizer_step(
        self, trainer: L.Trainer, pl_module: L.LightningModule, optimizer
    ) -> None:
        norms = grad_norm(pl_module, norm_type=2)
        if not norms:
            return
        pl_module.log(
            "train/grad_norm", norms.pop("grad_2.0_norm_total"), on_step=True, on_epoch=False
        )
        if self.per_parameter:
            pl_module.log_dict(norms, on_step=True, on_epoch=False)
