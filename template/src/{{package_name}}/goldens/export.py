"""Export a model for serving: TorchScript that takes raw inputs, preprocessing included.

``<project> export`` exports the golden model; ``export ckpt_path=<a .ckpt>`` a trained one.
The artifact needs torch alone: ``torch.jit.load(path)(raw_images)`` gives class probabilities
for images in the dataset's own units, scaled exactly as in training (data/preprocess.py). Its
``metadata.json`` (an extra file inside the artifact) says what it expects and where it came from.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime, timezone
from pathlib import Path

import torch
from omegaconf import DictConfig
from torch import nn

from ..build import build_datamodule
from ..config_checks import check_config
from ..data.base import ImageDataModule
from ..project import run, shown
from .promotion import check_promotion
from .store import build_net, fitted, load_golden_net, net_weights_of

METADATA = "metadata.json"


class ServedModel(nn.Module):
    """Raw images (B, H, W) in the dataset's units -> class probabilities (B, classes)."""

    def __init__(self, preprocess: nn.Module, net: nn.Module) -> None:
        super().__init__()
        self.preprocess, self.net = preprocess, net

    def forward(self, images: torch.Tensor) -> torch.Tensor:
        return self.net(self.preprocess(images)).softmax(dim=1)


def metadata(datamodule: ImageDataModule, source: str) -> dict:
    """What a server needs to validate requests, and where the model came from."""
    return {
        "dataset": datamodule.name,
        "class_names": list(datamodule.class_names),
        "image_size": list(datamodule.image_size),
        "value_range": list(datamodule.value_range),
        "data_fingerprint": datamodule.fingerprint(),
        "source": source,
        "exported_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    }


def export_model(net: nn.Module, datamodule: ImageDataModule, path: Path, source: str) -> Path:
    """Script ``net`` with the datamodule's preprocessing and save it with its metadata."""
    served = torch.jit.script(ServedModel(datamodule.preprocess(), net.eval()))
    path.parent.mkdir(parents=True, exist_ok=True)
    extra = {METADATA: json.dumps(metadata(datamodule, source), indent=2)}
    torch.jit.save(served, str(path), _extra_files=extra)
    return path


def read_metadata(path: Path) -> dict:
    extra = {METADATA: ""}
    torch.jit.load(str(path), map_location="cpu", _extra_files=extra)
    return json.loads(extra[METADATA])


def export(cfg: DictConfig) -> Path:
    check_config(cfg)
    datamodule = build_datamodule(cfg)
    if cfg.get("ckpt_path"):
        checkpoint = Path(cfg.ckpt_path)
        net = fitted(build_net(cfg, datamodule), net_weights_of(checkpoint), checkpoint)
        source = shown(checkpoint)
        check_promotion(cfg, datamodule, net, source)  # refuse a worse model unless force=true
    else:
        net = load_golden_net(cfg, datamodule)
        source = f"golden model ({shown(cfg.goldens.dir)})"
    path = export_model(net, datamodule, Path(cfg.output), source)
    print(f"Exported {source} to {shown(path)}")
    return path


def main(argv: Sequence[str] | None = None) -> None:
    run(export, "export", argv)


if __name__ == "__main__":
    main()
