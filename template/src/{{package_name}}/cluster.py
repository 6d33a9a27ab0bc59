"""What a job needs to know when a cluster launcher started it (configs/hydra/launcher/).

The launchers are Hydra's submitit ones: on SLURM, or the local twin that runs the same path
on this machine. Outside a submitit job every function here answers None.
"""

from __future__ import annotations

import os
import signal
from pathlib import Path

#: Set by submitit in every job it starts ("slurm", "local").
EXECUTOR_VARIABLE = "SUBMITIT_EXECUTOR"


def in_submitit_job() -> bool:
    return EXECUTOR_VARIABLE in os.environ


def submitit_logs() -> Path | None:
    """The folder of this job's own stdout and stderr, as submitit keeps them."""
    if not in_submitit_job():
        return None
    import submitit

    return submitit.JobEnvironment().paths.folder


def warning_signal() -> signal.Signals | None:
    """The signal that warns this job of pre-emption or of its time limit: submitit's
    (SIGUSR2, unless the SUBMITIT_PREEMPT_SIGNAL variable names another)."""
    if not in_submitit_job():
        return None
    return signal.Signals["SIG" + os.environ.get("SUBMITIT_PREEMPT_SIGNAL", "USR2")]
