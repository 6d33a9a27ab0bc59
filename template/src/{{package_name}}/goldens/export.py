"""Export a model for serving: TorchScript that takes raw inputs, preprocessing included.

``<project> export`` exports the golden model; ``export ckpt_path=<a .ckpt>`` a trained one.
The artifact needs torch alone: ``torch.jit.load(path)(raw_images)`` gives class probabilities
for images in the dataset's own units, scaled exactly as in training (data/preprocess.py). Two
extra files travel inside it: ``metadata.json`` says what it expects and where it came from
(model version, training date, data fingerprint), ``reference.json`` what its inputs and outputs
looked like in training (reference.py), for judging served traffic.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import torch
from omegaconf import DictConfig
from torch import nn

from ..build import build_datamodule
from ..config_checks import check_config
from ..data.base import ImageDataModule
from ..project import UsageError, run, shown
from .promotion import check_promotion
from .reference import REFERENCE, training_reference
from .store import WEIGHTS, build_net, fitted, load_golden_net, net_weights_of

METADATA = "metadata.json"


class ServedModel(nn.Module):
    """Raw images (B, H, W) in the dataset's units -> class probabilities (B, classes)."""

    def __init__(self, preprocess: nn.Module, net: nn.Module) -> None:
        super().__init__()
        self.preprocess, self.net = preprocess, net

    def forward(self, images: torch.Tensor) -> torch.Tensor:
        return self.net(self.preprocess(images)).softmax(dim=1)


def model_version(net: nn.Module) -> str:
    """A short hash of the network's weights: the same weights always get the same version."""
    digest = hashlib.sha256()
    for name, tensor in net.state_dict().items():
        digest.update(name.encode())
        digest.update(tensor.detach().cpu().contiguous().numpy().tobytes())
    return digest.hexdigest()[:12]


def saved_at(path: Path) -> datetime:
    """When ``path`` was last written: for a checkpoint, when training saved those weights."""
    return datetime.fromtimestamp(path.stat().st_mtime, timezone.utc)


def timestamp(moment: datetime) -> str:
    return moment.astimezone(timezone.utc).isoformat(timespec="seconds")


def metadata(datamodule: ImageDataModule, source: str, version: str, trained_at: datetime) -> dict:
    """What a server needs to validate requests, and where the model came from."""
    return {
        "dataset": datamodule.name,
        "class_names": list(datamodule.class_names),
        "image_size": list(datamodule.image_size),
        "value_range": list(datamodule.value_range),
        "data_fingerprint": datamodule.fingerprint(),
        "source": source,
        "model_version": version,
        "trained_at": timestamp(trained_at),
        "exported_at": timestamp(datetime.now(timezone.utc)),
    }


def export_model(
    net: nn.Module,
    datamodule: ImageDataModule,
    path: Path,
    source: str,
    *,
    trained_at: datetime,
) -> Path:
    """Script ``net`` with the datamodule's preprocessing and save it with its metadata.

    ``trained_at`` is when the weights were trained (monitoring judges the model's age by it).
    """
    served = torch.jit.script(ServedModel(datamodule.preprocess(), net.eval()))
    path.parent.mkdir(parents=True, exist_ok=True)
    about = metadata(datamodule, source, model_version(net), trained_at)
    extra = {
        METADATA: json.dumps(about, indent=2),
        REFERENCE: json.dumps(training_reference(served, datamodule), indent=2),
    }
    torch.jit.save(served, str(path), _extra_files=extra)
    return path


@dataclass(frozen=True)
class Exported:
    """An exported model, loaded: the TorchScript module and the two files it carries."""

    model: torch.jit.ScriptModule
    metadata: dict
    reference: dict


def load_exported(path: Path | str) -> Exported:
    """The artifact at ``path``; a one-line error when it is missing or not an export."""
    path = Path(path)
    if not path.is_file():
        raise UsageError(
            f"no exported model at {path}: run the `export` command first (or point the config "
            "at another artifact)"
        )
    extra = {METADATA: "", REFERENCE: ""}
    try:
        model = torch.jit.load(str(path), map_location="cpu", _extra_files=extra)
    except (RuntimeError, ValueError) as error:
        reason = str(error).strip().splitlines()[0]
        raise UsageError(f"{path} is not an exported TorchScript model ({reason})") from None
    missing = [name for name, text in extra.items() if not text]
    if missing:
        raise UsageError(
            f"{path} carries no {' or '.join(missing)}: it was exported by an older version "
            "of this project; run `export` again"
        )
    return Exported(model.eval(), json.loads(extra[METADATA]), json.loads(extra[REFERENCE]))


def read_metadata(path: Path | str) -> dict:
    return load_exported(path).metadata


def export(cfg: DictConfig) -> Path:
    check_config(cfg)
    datamodule = build_datamodule(cfg)
    if cfg.get("ckpt_path"):
        weights = Path(cfg.ckpt_path)
        net = fitted(build_net(cfg, datamodule), net_weights_of(weights), weights)
        source = shown(weights)
        check_promotion(cfg, datamodule, net, source)  # refuse a worse model unless force=true
    else:
        weights = Path(cfg.goldens.dir) / WEIGHTS
        net = load_golden_net(cfg, datamodule)
        source = f"golden model ({shown(cfg.goldens.dir)})"
    # git does not keep file times: a fresh clone's golden weights look as new as the clone.
    trained_at = saved_at(weights)
    path = export_model(net, datamodule, Path(cfg.output), source, trained_at=trained_at)
    print(f"Exported {source} (version {model_version(net)}) to {shown(path)}")
    return path


def main(argv: Sequence[str] | None = None) -> None:
    run(export, "export", argv)


if __name__ == "__main__":
    main()
