"""Save a checkpoint when the job is told to stop, so the work done is not lost.

Clusters pre-empt jobs with SIGTERM. Lightning turns it into ``SIGTERMException`` at the next
step; this callback then saves ``preempted.ckpt`` next to ``last.ckpt``, and ``train`` exits
with status 143 (128 + SIGTERM) saying how to resume.

Under a cluster launcher (configs/hydra/launcher/), submitit's warning signal (SIGUSR2, sent
before the time limit or a pre-emption) takes the same path: on its own, submitit's handler
would requeue the job at once, mid-step, and the requeued job would start over. Here the
signal stops training as SIGTERM does; once ``preempted.ckpt`` is saved, ``train`` hands over
to submitit's handler, which requeues the job, and the requeued job, in the same run folder,
resumes from that checkpoint (:func:`left_by_preemption`).
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable
from pathlib import Path

import lightning as L
from lightning.pytorch.trainer.states import TrainerFn
from lightning.pytorch.utilities.exceptions import SIGTERMException

from ..cluster import warning_signal

PREEMPTED = "preempted.ckpt"


def left_by_preemption(checkpoints_dir: Path) -> Path | None:
    """The checkpoint a pre-emption saved in this run folder, if any: a requeued job's."""
    saved = Path(checkpoints_dir) / PREEMPTED
    return saved if saved.is_file() else None


class PreemptionCheckpoint(L.Callback):
    def __init__(self, dirpath: str) -> None:
        self.dirpath = Path(dirpath)
        self.saved: Path | None = None
        #: The cluster's warning signal, once it has stopped training.
        self.warned_by: signal.Signals | None = None
        #: Whether Ctrl-C (SIGINT) stopped the run.
        self.interrupted = False
        self._cluster_handler: Callable | None = None

    def on_fit_start(self, trainer: L.Trainer, pl_module: L.LightningModule) -> None:
        warning = warning_signal()
        # Signal handlers belong to the main thread; Lightning's own are in place by now.
        if warning is not None and threading.current_thread() is threading.main_thread():
            self._cluster_handler = signal.getsignal(warning)
            signal.signal(warning, self._stop_as_on_sigterm)

    def _stop_as_on_sigterm(self, signum: int, frame: object) -> None:
        self.warned_by = signal.Signals(signum)
        # Lightning's SIGTERM handler, installed for the fit: stop at the next step.
        signal.raise_signal(signal.SIGTERM)

    def on_exception(
        self, trainer: L.Trainer, pl_module: L.LightningModule, exception: BaseException
    ) -> None:
        # Ctrl-C too: Lightning ends the process right after these hooks (sys.exit(1)).
        self.interrupted = isinstance(exception, KeyboardInterrupt)
        stopped = self.interrupted or isinstance(exception, SIGTERMException)
        # Only a fit has work to lose: a test stopped halfway leaves the checkpoints as they were.
        if stopped and trainer.state.fn == TrainerFn.FITTING:
            self.saved = self.dirpath / PREEMPTED
            trainer.save_checkpoint(self.saved)

    def requeue(self) -> None:
        """Hand the warning to submitit's own handler: it requeues the job, then exits."""
        assert self.warned_by is not None and callable(self._cluster_handler)
        self._cluster_handler(self.warned_by, None)
