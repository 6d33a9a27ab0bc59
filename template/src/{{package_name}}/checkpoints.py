"""Reading checkpoints safely, and finding the one a command names.

Every command that reads a checkpoint goes through :func:`load_checkpoint`: tensors and plain
data only (``weights_only=True``, so a crafted file cannot run code), and finite weights only
(a corrupted file is refused, naming it, instead of training from garbage).
"""

from __future__ import annotations

import logging
import pickle
from pathlib import Path
from typing import Any

import torch
from omegaconf import DictConfig

from .callbacks.nan_guard import NonFiniteError
from .project import UsageError

log = logging.getLogger(__name__)

#: What a training run leaves to resume from: the end of its last epoch, or where a
#: pre-emption (SIGTERM) stopped it.
RESUMABLE = ("last.ckpt", "preempted.ckpt")
#: A run's best epoch so far (configs/callbacks/: best_checkpoint): what `train` tests.
BEST = "epoch_*.ckpt"
#: What ckpt_path takes besides a path, in every command that takes one.
NAMED = {"best": "the newest run's best epoch", "last": "the newest run's last.ckpt"}


def load_checkpoint(path: Path | str) -> dict[str, Any]:
    """The checkpoint at ``path``, loaded without running code, with finite weights."""
    path = Path(path)
    if not path.is_file():
        raise UsageError(
            f"no checkpoint at {path}: pass ckpt_path=<path to a .ckpt file>, for example "
            "the last.ckpt of a training run (logs/train/runs/<run>/checkpoints/)"
        )
    try:
        checkpoint = torch.load(path, map_location="cpu", weights_only=True)
    except pickle.UnpicklingError as error:
        reason = str(error).strip().splitlines()[0]
        raise UsageError(
            f"refusing to load {path}: it holds more than tensors and plain data, which could "
            f"run code when loaded ({reason})"
        ) from None
    except (RuntimeError, EOFError, OSError) as error:
        raise UsageError(f"{path} is not a readable checkpoint ({error})") from None
    if not isinstance(checkpoint, dict) or "state_dict" not in checkpoint:
        raise UsageError(f"{path} is not a Lightning checkpoint (no state_dict in it)")
    require_finite(checkpoint["state_dict"], path)
    return checkpoint


def require_finite(tensors: dict[str, torch.Tensor], source: Path | str) -> None:
    """Raise NonFiniteError naming ``source`` and the first tensor holding NaN or Inf."""
    for name, tensor in tensors.items():
        if torch.is_tensor(tensor) and tensor.is_floating_point() and not tensor.isfinite().all():
            raise NonFiniteError(
                f"{source} holds non-finite values (NaN or Inf) in {name}: the file is corrupted "
                "or was saved after training diverged; resume from an earlier checkpoint"
            )


def newest_resumable(runs_dir: Path) -> Path:
    """The most recently written last.ckpt or preempted.ckpt of any run under ``runs_dir``."""
    candidates = [path for name in RESUMABLE for path in runs_dir.glob(f"*/checkpoints/{name}")]
    if not candidates:
        raise UsageError(
            f"ckpt_path=last: no last.ckpt or preempted.ckpt under {runs_dir}: train once "
            "first, or pass ckpt_path=<path to a .ckpt file>"
        )
    return max(candidates, key=lambda path: path.stat().st_mtime_ns)


def newest_best(runs_dir: Path) -> Path:
    """The best epoch's checkpoint of the run under ``runs_dir`` that saved one most recently."""
    candidates = list(runs_dir.glob(f"*/checkpoints/{BEST}"))
    if not candidates:
        raise UsageError(
            f"ckpt_path=best: no {BEST} (a run's best epoch) under {runs_dir}: train once "
            "first, or pass ckpt_path=<path to a .ckpt file>"
        )
    return max(candidates, key=lambda path: path.stat().st_mtime_ns)


def named_checkpoint(ckpt_path: str, train_runs_dir: Path) -> Path:
    """``ckpt_path`` as a command takes it: ``best``, ``last`` (see NAMED) or a path."""
    if ckpt_path == "best":
        return newest_best(train_runs_dir)
    if ckpt_path == "last":
        return newest_resumable(train_runs_dir)
    return Path(ckpt_path)


def checkpoint_named_by(cfg: DictConfig) -> Path:
    """The checkpoint ``cfg.ckpt_path`` names, ``best`` and ``last`` looked for among training's
    runs (paths.train_runs_dir)."""
    return named_checkpoint(cfg.ckpt_path, Path(cfg.paths.train_runs_dir))


def resolve_resume(ckpt_path: str | None, runs_dir: Path) -> Path | None:
    """``None`` (start fresh), a path, ``last`` (the newest resumable checkpoint of any run)
    or ``best``."""
    if ckpt_path is None:
        return None
    path = named_checkpoint(ckpt_path, runs_dir)
    log.info("Resuming from %s", path)
    return path
