"""Save a checkpoint when the job is told to stop (SIGTERM), so the work done is not lost.

Clusters pre-empt jobs with SIGTERM. Lightning turns it into ``SIGTERMException`` at the next
step; this callback then saves ``preempted.ckpt`` next to ``last.ckpt``, and ``train`` exits
with status 143 (128 + SIGTERM) saying how to resume. On SLURM, Lightning's own requeue
handling (SIGUSR1) applies as well.
"""

from __future__ import annotations

from pathlib import Path

import lightning as L
from lightning.pytorch.utilities.exceptions import SIGTERMException

PREEMPTED = "preempted.ckpt"


class PreemptionCheckpoint(L.Callback):
    def __init__(self, dirpath: str) -> None:
        self.dirpath = Path(dirpath)
        self.saved: Path | None = None

    def on_exception(
        self, trainer: L.Trainer, pl_module: L.LightningModule, exception: BaseException
    ) -> None:
        if isinstance(exception, SIGTERMException):
            self.saved = self.dirpath / PREEMPTED
            trainer.save_checkpoint(self.saved)
