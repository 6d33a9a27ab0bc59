"""Reading checkpoints safely, and finding the one a command names.

Every command that reads a checkpoint goes through :func:`load_checkpoint`: tensors and plain
data only (``weights_only=True``, so a crafted file cannot run code), contents that match the
digest saved with them (torch checks no checksum, so flipped bytes would load), and finite
weights only (a corrupted file is refused, naming it, instead of training from garbage).

Every checkpoint this project writes is sealed: training's (:class:`SealedCheckpointIO`, which
Lightning's own loads go through too) and the golden model's ``weights.pt``. A checkpoint from
elsewhere has no digest and is refused until someone who trusts it seals it::

    python -m <package>.checkpoints seal path/to/file.ckpt
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import torch
from lightning.pytorch.plugins.io import TorchCheckpointIO
from omegaconf import DictConfig

from .callbacks.nan_guard import NonFiniteError
from .project import ProjectError, UsageError, fail

log = logging.getLogger(__name__)

#: What a training run leaves to resume from: the end of its last epoch, or where a
#: pre-emption (SIGTERM) stopped it.
RESUMABLE = ("last.ckpt", "preempted.ckpt")
#: A run's best epoch so far (configs/callbacks/: best_checkpoint): what `train` tests.
BEST = "epoch_*.ckpt"
#: What ckpt_path takes besides a path, in every command that takes one.
NAMED = {"best": "the newest run's best epoch", "last": "the newest run's last.ckpt"}


#: The key of a sealed checkpoint that holds the SHA-256 of everything else in it.
DIGEST = "contents_sha256"


def load_checkpoint(path: Path | str) -> dict[str, Any]:
    """The checkpoint at ``path``, loaded without running code, intact, with finite weights."""
    path = Path(path)
    if not path.is_file():
        raise UsageError(
            f"no checkpoint at {path}: pass ckpt_path=<path to a .ckpt file>, for example "
            "the last.ckpt of a training run (logs/train/runs/<run>/checkpoints/)"
        )
    checkpoint = unsealed(read_safely(path), path)
    if "state_dict" not in checkpoint:
        raise UsageError(f"{path} is not a Lightning checkpoint (no state_dict in it)")
    require_finite(checkpoint["state_dict"], path)
    return checkpoint


def read_safely(path: Path) -> Any:
    """``torch.load`` of tensors and plain data only; one line naming the file if it fails."""
    try:
        return torch.load(path, map_location="cpu", weights_only=True)
    except pickle.UnpicklingError as error:
        # torch says "weights only load failed" both for an object that would run code (a
        # GLOBAL it does not allow) and for bytes that are no pickle at all (a corrupted file).
        if "GLOBAL" in str(error) or "allowlisted" in str(error):
            reason = str(error).split("error:")[-1].strip().splitlines()[0]
            raise UsageError(
                f"refusing to load {path}: it holds more than tensors and plain data, which "
                f"could run code when loaded ({reason})"
            ) from None
        raise UsageError(f"{path} is corrupted: not a readable checkpoint") from None
    except (RuntimeError, EOFError, OSError, ValueError) as error:
        reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise UsageError(f"{path} is corrupted: not a readable checkpoint ({reason})") from None


def digest_of(contents: Any) -> str:
    """The SHA-256 of a checkpoint's contents: every key, tensor (dtype, shape and bytes) and
    value, in an order that does not depend on how the file was written.

    >>> weights = torch.zeros(2)
    >>> digest_of({"w": weights, "epoch": 1}) == digest_of({"epoch": 1, "w": weights})
    True
    >>> digest_of({"w": torch.zeros(2)}) == digest_of({"w": torch.tensor([0.0, 1e-30])})
    False
    """
    digest = hashlib.sha256()
    feed(digest, contents)
    return digest.hexdigest()


def feed(digest: Any, value: Any) -> None:
    if torch.is_tensor(value):
        flat = value.detach().cpu().contiguous().reshape(-1)
        digest.update(f"tensor {flat.dtype} {tuple(value.shape)}:".encode())
        digest.update(flat.view(torch.uint8).numpy().tobytes())
    elif isinstance(value, dict):
        digest.update(f"dict {len(value)}:".encode())
        for key in sorted(value, key=repr):
            feed(digest, key)
            feed(digest, value[key])
    elif isinstance(value, (list, tuple)):
        digest.update(f"{type(value).__name__} {len(value)}:".encode())
        for item in value:
            feed(digest, item)
    else:
        digest.update(f"{type(value).__name__} {value!r};".encode())


def sealed(checkpoint: dict[str, Any]) -> dict[str, Any]:
    """``checkpoint`` with the digest of its contents, which every load checks."""
    contents = {key: value for key, value in checkpoint.items() if key != DIGEST}
    return {**contents, DIGEST: digest_of(contents)}


def unsealed(checkpoint: Any, path: Path) -> dict[str, Any]:
    """The contents of a sealed checkpoint, refused unless they match its digest."""
    if not isinstance(checkpoint, dict):
        raise UsageError(f"{path} is not a checkpoint (it holds a {type(checkpoint).__name__})")
    contents = {key: value for key, value in checkpoint.items() if key != DIGEST}
    if DIGEST not in checkpoint:
        raise UsageError(
            f"{path} carries no digest, so nothing can tell whether it is intact: this project "
            "did not write it. If you trust it, seal it once with "
            f"`python -m {__package__}.checkpoints seal {path}`"
        )
    if digest_of(contents) != checkpoint[DIGEST]:
        raise UsageError(
            f"{path} is corrupted: its contents do not match the digest saved with them (a "
            "damaged disk or copy, or an edit); use another checkpoint, or train again"
        )
    return contents


class SealedCheckpointIO(TorchCheckpointIO):
    """Lightning's saving and loading of checkpoints, sealed on save and checked on load.

    Lightning saves more than training checkpoints through it (DDP's ranks hand their weights
    over in a bare state_dict, the tuner its trials): any dict is sealed and checked alike.
    """

    def save_checkpoint(self, checkpoint: dict, path: Any, storage_options: Any = None) -> None:
        super().save_checkpoint(sealed(checkpoint), path, storage_options)

    def load_checkpoint(self, path: Any, map_location: Any = None, weights_only: Any = None):
        return unsealed(read_safely(Path(path)), Path(path))


def seal(path: Path) -> None:
    """Seal a checkpoint from elsewhere that you trust (or golden weights saved as a bare
    state_dict): read it safely, add its digest, and replace the file in one step."""
    contents = read_safely(path)
    if isinstance(contents, dict) and DIGEST in contents:
        unsealed(contents, path)
        print(f"{path} is sealed already, and intact")
        return
    if isinstance(contents, dict) and contents and all(map(torch.is_tensor, contents.values())):
        contents = {"state_dict": contents}  # golden weights.pt as older versions wrote it
    if not isinstance(contents, dict) or "state_dict" not in contents:
        raise UsageError(f"{path} is not a Lightning checkpoint (no state_dict in it)")
    write_sealed(contents, path)
    print(f"Sealed {path}: every command now accepts it")


def write_sealed(checkpoint: dict[str, Any], path: Path) -> None:
    """Save ``checkpoint`` sealed, atomically: a reader never sees half a file."""
    partial = path.with_name(f"{path.name}.partial")
    torch.save(sealed(checkpoint), partial)
    os.replace(partial, path)


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


def main(argv: Sequence[str] | None = None) -> None:
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) < 2 or args[0] != "seal":
        print(f"usage: python -m {__package__}.checkpoints seal CHECKPOINT ...", file=sys.stderr)
        sys.exit(2)
    try:
        for path in args[1:]:
            seal(Path(path))
    except ProjectError as error:
        fail(error)


if __name__ == "__main__":
    main()
