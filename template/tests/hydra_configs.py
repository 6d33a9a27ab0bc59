"""Hydra configs composed from configs/ as the command line would, and shrunk for tests."""

from __future__ import annotations

from pathlib import Path

from hydra import compose, initialize_config_dir
from omegaconf import DictConfig, open_dict

PROJECT_ROOT = Path(__file__).resolve().parents[1]
CONFIG_DIR = PROJECT_ROOT / "configs"


def compose_config(config_name: str, overrides: list[str] | None = None) -> DictConfig:
    """Compose ``configs/<config_name>.yaml`` with overrides, as the command line would."""
    with initialize_config_dir(version_base="1.3", config_dir=str(CONFIG_DIR)):
        return compose(config_name=config_name, overrides=overrides or [])


def shrink_for_tests(cfg: DictConfig, output_dir: Path) -> DictConfig:
    """Write under ``output_dir``, and keep the console quiet."""
    with open_dict(cfg):
        cfg.paths.output_dir = str(output_dir)
        cfg.paths.log_dir = str(output_dir)
        if "data_gate" in cfg:
            # The repo's gx/ wherever pytest runs from (its cache keeps the gate cheap).
            cfg.data_gate.gx_dir = str(PROJECT_ROOT / "gx")
        cfg.trainer.enable_progress_bar = False
        cfg.trainer.enable_model_summary = False
    return cfg
