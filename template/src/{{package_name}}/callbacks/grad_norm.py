"""Log the gradient norm each step, and sum it up on the console when training ends.

Exploding or vanishing gradients show up in the tracker's curves step by step, and in a few
lines of the run's log: the first, last, median and largest total norm, and with
``per_parameter`` (debug=grad_norm) the parameters whose gradients grew largest.
"""

from __future__ import annotations

import logging

import lightning as L
import torch
from lightning.pytorch.utilities import grad_norm

log = logging.getLogger(__name__)

TOTAL = "grad_2.0_norm_total"
#: Parameters named in the summary of per-parameter norms.
LARGEST_SHOWN = 3


class GradNormLogger(L.Callback):
    """Log ``train/grad_norm`` (total 2-norm), and per parameter if ``per_parameter``."""

    def __init__(self, per_parameter: bool = False) -> None:
        self.per_parameter = per_parameter
        # Tensors, not floats: reading a GPU value each step would wait for the GPU.
        self.totals: list[torch.Tensor] = []
        self.largest: dict[str, torch.Tensor] = {}

    def on_before_optimizer_step(
        self, trainer: L.Trainer, pl_module: L.LightningModule, optimizer
    ) -> None:
        norms = grad_norm(pl_module, norm_type=2)
        if not norms:
            return
        total = norms.pop(TOTAL)
        self.totals.append(total.detach())
        pl_module.log("train/grad_norm", total, on_step=True, on_epoch=False)
        if self.per_parameter:
            pl_module.log_dict(norms, on_step=True, on_epoch=False)
            for name, norm in norms.items():
                seen = self.largest.get(name)
                self.largest[name] = norm.detach() if seen is None else torch.maximum(seen, norm)

    def summary(self) -> list[str]:
        """A few lines on the total norm over the run and the largest per-parameter norms."""
        if not self.totals:
            return []
        totals = torch.stack(self.totals).float().cpu()
        peak = int(totals.argmax())
        lines = [
            f"gradient 2-norm over {len(totals)} steps: first {totals[0]:.3g}, "
            f"last {totals[-1]:.3g}, median {totals.median():.3g}, "
            f"largest {totals[peak]:.3g} (step {peak})"
        ]
        if self.largest:
            ranked = sorted(self.largest.items(), key=lambda item: float(item[1]), reverse=True)
            named = ", ".join(
                f"{name.removeprefix('grad_2.0_norm/')} {float(norm):.3g}"
                for name, norm in ranked[:LARGEST_SHOWN]
            )
            lines.append(f"largest gradient 2-norm per parameter: {named}")
        return lines

    def on_train_end(self, trainer: L.Trainer, pl_module: L.LightningModule) -> None:
        if trainer.is_global_zero:
            for line in self.summary():
                log.info(line)
