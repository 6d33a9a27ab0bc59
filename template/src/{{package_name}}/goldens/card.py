"""The model card (``model_card.json``): what the golden model is, where from, how good.

Written by ``update-goldens`` next to the weights and reviewed with them. It names the weights
(a digest of their tensors), the provenance (training and adoption dates, source checkpoint, the
git commit it was adopted from), the
data (dataset, fingerprint of the arrays and split), the data and model config, and the metrics
on the test split overall and per class, with the baseline's accuracy beside them.
"""

from __future__ import annotations

import hashlib
import json
import subprocess
from datetime import datetime, timezone
from pathlib import Path

import torch
from omegaconf import DictConfig, OmegaConf

from ..data.base import ImageDataModule
from ..project import find_project_root, shown

CARD = "model_card.json"
UNKNOWN = "unknown"


def weights_digest(weights: dict[str, torch.Tensor]) -> str:
    """A hash of the tensors' names and values: the same weights give the same digest.

    >>> weights_digest({"w": torch.zeros(2)}) == weights_digest({"w": torch.zeros(2)})
    True
    >>> weights_digest({"w": torch.zeros(2)}) == weights_digest({"w": torch.ones(2)})
    False
    """
    digest = hashlib.sha256()
    for name in sorted(weights):
        tensor = weights[name].detach().cpu().contiguous()
        digest.update(f"{name}:{tensor.dtype}:{tuple(tensor.shape)}".encode())
        digest.update(tensor.numpy().tobytes())
    return digest.hexdigest()[:16]


def git_commit() -> str:
    """``git rev-parse HEAD`` of the project, or "unknown" outside a git repository."""
    try:
        result = subprocess.run(
            ["git", "rev-parse", "HEAD"],
            cwd=find_project_root(),
            capture_output=True,
            text=True,
            check=False,  # pragma: no mutate: None (a mutant) and leaving it out are False too
        )
    except OSError:  # no git on the machine
        return UNKNOWN
    return result.stdout.strip() if result.returncode == 0 else UNKNOWN


def provenance_of(checkpoint_path: Path, checkpoint: dict) -> dict:
    """Where an adopted model came from: its checkpoint, when it was saved and adopted, and the
    git commit it was adopted from (the commit its review starts from)."""
    saved_at = checkpoint.get("saved_at")
    if saved_at is None:  # a checkpoint from before the classifier recorded it: its file's time
        mtime = checkpoint_path.stat().st_mtime
        saved_at = datetime.fromtimestamp(mtime, timezone.utc).isoformat(timespec="seconds")
    return {
        "trained_at": saved_at,
        "adopted_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "source": shown(checkpoint_path),
        "git_commit": git_commit(),
    }


#: The provenance keys; "unknown" only where a model came without one, which the model-review
#: tests refuse: a reviewer needs the dates and the commit.
UNKNOWN_PROVENANCE = {
    "trained_at": UNKNOWN,
    "adopted_at": UNKNOWN,
    "source": UNKNOWN,
    "git_commit": UNKNOWN,
}


def spec_of(cfg: DictConfig, datamodule: ImageDataModule) -> dict:
    """The data and model config, the net's shape read off the datamodule as build.py does."""
    model = OmegaConf.to_container(
        cfg.model,
        resolve=True,
        throw_on_missing=False,  # pragma: no mutate: None and the default are False too
    )
    model["net"].update(
        input_shape=list(datamodule.input_shape), num_classes=datamodule.num_classes
    )
    return {"data": OmegaConf.to_container(cfg.data, resolve=True), "model": model}


def build_card(
    cfg: DictConfig,
    datamodule: ImageDataModule,
    weights: dict[str, torch.Tensor],
    measured: dict,
    baseline_accuracy: float,
    provenance: dict,
) -> dict:
    return {
        "weights_sha256": weights_digest(weights),
        **provenance,
        "data": {
            "dataset": datamodule.name,
            "fingerprint": datamodule.fingerprint(),
            "class_names": list(datamodule.class_names),
        },
        "config": spec_of(cfg, datamodule),
        "metrics": measured,
        "baseline": {"model": "logistic regression on the pixels", "accuracy": baseline_accuracy},
    }


def read_card(directory: Path | str) -> dict | None:
    path = Path(directory) / CARD
    return json.loads(path.read_text()) if path.is_file() else None


def write_card(card: dict, directory: Path | str) -> Path:
    path = Path(directory) / CARD
    path.write_text(json.dumps(card, indent=2) + "\n")
    return path


def same_card(old: dict, new: dict, loss_tolerance: float) -> bool:
    """Equal, except for losses that moved by float noise only (as golden outputs allow).

    >>> card = {"weights_sha256": "ab", "metrics": {"accuracy": 0.9, "loss": 0.25}}
    >>> same_card(card, {**card, "metrics": {"accuracy": 0.9, "loss": 0.250001}}, 1e-4)
    True
    >>> same_card(card, {**card, "metrics": {"accuracy": 0.8, "loss": 0.25}}, 1e-4)
    False
    """
    without_loss = [{**card, "metrics": {**card["metrics"], "loss": None}} for card in (old, new)]
    loss_change = abs(old["metrics"]["loss"] - new["metrics"]["loss"])
    return without_loss[0] == without_loss[1] and loss_change <= loss_tolerance
