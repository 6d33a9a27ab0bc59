"""Export a model for serving: a torch.export program taking raw inputs, preprocessing included.

``<project> export`` exports the golden model; ``export ckpt_path=<a .ckpt>`` a trained one
(``ckpt_path=best``: the newest training run's best epoch). The artifact is a ``.pt2`` archive
that needs torch alone: ``torch.export.load(path).module()(raw_images)`` gives class
probabilities for a batch of any size of images in the dataset's own units (float32), scaled
exactly as in training (data/preprocess.py). Two extra files travel inside it:
``metadata.json`` says what it expects and where it came from
(model version, training date, data fingerprint) and how good it is offline (``offline``: the
model card's test accuracy, overall and per class, or for a checkpoint what the promotion gate
measured), ``reference.json`` what its inputs and outputs looked like in training
(reference.py), for judging served traffic.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import torch
from omegaconf import DictConfig
from torch import nn

from ..build import build_datamodule
from ..checkpoints import checkpoint_named_by
from ..config_checks import check_config
from ..data.base import ImageDataModule
from ..project import UsageError, run, shown
from .card import read_card, weights_digest
from .promotion import check_promotion
from .quality import measure
from .reference import REFERENCE, training_reference
from .store import WEIGHTS, build_net, fitted, load_golden_net, net_weights_of

METADATA = "metadata.json"
#: torch.export reads only archives named so.
SUFFIX = ".pt2"


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
    offline: dict | None = None,
) -> Path:
    """Export ``net`` with the datamodule's preprocessing and save it with its metadata.

    ``trained_at`` is when the weights were trained (monitoring judges the model's age by it);
    ``offline`` its measurement on the test split (quality.measure), which online accuracy is
    compared with (None: measured here).
    """
    if path.suffix != SUFFIX:
        raise UsageError(f"exported models are {SUFFIX} archives (torch.export): not {path}")
    program = exported_program(ServedModel(datamodule.preprocess(), net.eval()), datamodule)
    path.parent.mkdir(parents=True, exist_ok=True)
    about = metadata(datamodule, source, model_version(net), trained_at)
    about["offline"] = offline or measure(net, datamodule, "test")
    extra = {
        METADATA: json.dumps(about, indent=2),
        # The reference is what the program itself answers, not the eager module.
        REFERENCE: json.dumps(training_reference(program.module(), datamodule), indent=2),
    }
    torch.export.save(program, path, extra_files=extra)
    return path


def exported_program(
    served: ServedModel, datamodule: ImageDataModule
) -> torch.export.ExportedProgram:
    """``served`` traced for raw float32 batches of any size (1 and up) of the data's shape."""
    low, _ = datamodule.value_range
    example = torch.full((2, *datamodule.image_size), float(low))
    batch = torch.export.Dim("batch", min=1)
    return torch.export.export(served, (example,), dynamic_shapes={"images": {0: batch}})


@dataclass(frozen=True)
class Exported:
    """An exported model, loaded: the program's module and the two files it carries."""

    model: nn.Module
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
    if path.suffix != SUFFIX or not is_export_archive(path):
        raise UsageError(
            f"{path} is not an exported model (a {SUFFIX} archive written by torch.export): "
            "run `export` again (models exported before 0.4.0 are TorchScript)"
        )
    extra = {METADATA: "", REFERENCE: ""}
    try:
        program = torch.export.load(path, extra_files=extra)
    except (RuntimeError, ValueError, KeyError) as error:
        reason = str(error).strip().splitlines()[0]
        raise UsageError(f"{path} is not a readable exported model ({reason})") from None
    missing = [name for name, text in extra.items() if not text]
    if missing:
        raise UsageError(
            f"{path} carries no {' or '.join(missing)}: it was exported by an older version "
            "of this project; run `export` again"
        )
    # An exported program is already in inference mode: its module has no .eval().
    model = program.module()
    return Exported(model, json.loads(extra[METADATA]), json.loads(extra[REFERENCE]))


def is_export_archive(path: Path) -> bool:
    """Whether ``path`` is a torch.export archive, checked before torch reads it: torch logs a
    traceback for any other file before it refuses it."""
    if not zipfile.is_zipfile(path):
        return False
    with zipfile.ZipFile(path) as archive:
        return any(name.endswith("/archive_format") for name in archive.namelist())


def card_metrics(goldens_dir: Path | str, net: nn.Module) -> dict | None:
    """The model card's metrics, if the card describes ``net``'s weights (else None)."""
    card = read_card(goldens_dir)
    if card and card["weights_sha256"] == weights_digest(net.state_dict()):
        return card["metrics"]
    return None


def read_metadata(path: Path | str) -> dict:
    return load_exported(path).metadata


def export(cfg: DictConfig) -> Path:
    check_config(cfg)
    datamodule = build_datamodule(cfg)
    if cfg.get("ckpt_path"):
        weights = checkpoint_named_by(cfg)
        net = fitted(build_net(cfg, datamodule), net_weights_of(weights), weights)
        source = shown(weights)
        # Refuse a worse model unless force=true; what it measured is the model's offline figure.
        offline = check_promotion(cfg, datamodule, net, source)
    else:
        weights = Path(cfg.goldens.dir) / WEIGHTS
        net = load_golden_net(cfg, datamodule)
        source = f"golden model ({shown(cfg.goldens.dir)})"
        offline = card_metrics(cfg.goldens.dir, net)
    # git does not keep file times: a fresh clone's golden weights look as new as the clone.
    trained_at = saved_at(weights)
    path = export_model(
        net, datamodule, Path(cfg.output), source, trained_at=trained_at, offline=offline
    )
    print(f"Exported {source} (version {model_version(net)}) to {shown(path)}")
    return path


def main(argv: Sequence[str] | None = None) -> None:
    run(export, "export", argv)


if __name__ == "__main__":
    main()
