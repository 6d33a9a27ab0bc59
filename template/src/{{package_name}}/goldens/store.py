"""The committed golden model: the network's weights (a state_dict), built from the configs.

Saved as a sealed checkpoint that holds the state_dict alone (checkpoints.py): a flipped byte
is refused at load, naming the file. A state_dict, not a pickled module: it loads whatever the
package is called, and holds no code. The architecture is not stored beside it: it is the model
config plus the datamodule, exactly as training builds it (build.py), so a changed config fails
loudly here instead of guessing.
"""

from __future__ import annotations

from pathlib import Path

import torch
from omegaconf import DictConfig
from torch import nn

from ..build import build_model
from ..checkpoints import load_checkpoint, write_sealed
from ..data.base import ImageDataModule
from ..project import UsageError

WEIGHTS = "weights.pt"


def build_net(cfg: DictConfig, datamodule: ImageDataModule) -> nn.Module:
    return build_model(cfg, datamodule).net


def golden_weights(directory: Path | str) -> dict[str, torch.Tensor]:
    """The golden network's weights, loaded safely, refused unless intact and finite."""
    path = Path(directory) / WEIGHTS
    if not path.is_file():
        raise UsageError(
            f"no golden model at {path}: adopt one with `update-goldens ckpt_path=<a .ckpt>`"
        )
    return load_checkpoint(path)["state_dict"]


def load_golden_net(cfg: DictConfig, datamodule: ImageDataModule) -> nn.Module:
    """The golden network in eval mode (dropout off), on CPU."""
    path = Path(cfg.goldens.dir) / WEIGHTS
    return fitted(build_net(cfg, datamodule), golden_weights(cfg.goldens.dir), path).eval()


def fitted(net: nn.Module, weights: dict[str, torch.Tensor], source: Path) -> nn.Module:
    """``net`` with ``weights`` loaded; a clear error when they were made for another model."""
    try:
        net.load_state_dict(weights)
    except RuntimeError as error:
        raise UsageError(
            f"the weights in {source} do not fit the configured model and data "
            f"({str(error).splitlines()[0].rstrip(':.')}): use a model trained with this config"
        ) from None
    return net


def net_weights_of(checkpoint_path: Path) -> dict[str, torch.Tensor]:
    """The network's weights (``net.*``) of a Lightning checkpoint, loaded safely."""
    return net_weights(load_checkpoint(checkpoint_path))


def net_weights(checkpoint: dict) -> dict[str, torch.Tensor]:
    """The network's weights (``net.*``) of a loaded Lightning checkpoint."""
    state = checkpoint["state_dict"]
    return {k.removeprefix("net."): v for k, v in state.items() if k.startswith("net.")}


def save_golden(net: nn.Module, directory: Path | str) -> Path:
    """Make ``net`` the golden model: its state_dict, sealed, is ``<directory>/weights.pt``."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    write_sealed({"state_dict": net.state_dict()}, directory / WEIGHTS)
    return directory / WEIGHTS
