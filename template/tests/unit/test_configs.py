"""Every config group option composes: catches typos and broken defaults before a run does."""

from __future__ import annotations

import pytest
from hydra.utils import instantiate

from tests.hydra_configs import CONFIG_DIR, compose_config

GROUPS = [
    *("data", "model", "trainer", "callbacks", "logger", "paths", "experiment"),
    *("debug", "data_gate"),
]
OPTIONS = [
    (group, option.stem)
    for group in GROUPS
    for option in sorted((CONFIG_DIR / group).glob("*.yaml"))
]


def test_every_group_has_options():
    """Catches a config group folder that was emptied or renamed."""
    assert {group for group, _ in OPTIONS} == set(GROUPS)


@pytest.mark.parametrize(("group", "option"), OPTIONS, ids=[f"{g}={o}" for g, o in OPTIONS])
def test_group_option_composes(group: str, option: str):
    """Catches a config that fails to compose or to resolve its interpolations."""
    cfg = compose_config("train", [f"{group}={option}"])
    assert cfg.trainer._target_ == "lightning.pytorch.Trainer"
    assert cfg.paths.output_dir  # resolves ${now:...} and friends


def test_data_and_model_instantiate():
    """Catches a _target_ that no longer points at a class with those arguments."""
    cfg = compose_config("train")
    datamodule = instantiate(cfg.data)
    model = instantiate(cfg.model)
    datamodule.setup("fit")
    images, labels = next(iter(datamodule.train_dataloader()))
    assert model(images).shape == (len(labels), 10)


def test_evaluate_config_requires_a_checkpoint():
    """Catches an evaluate config that would silently run on an untrained model."""
    from omegaconf import MissingMandatoryValue

    cfg = compose_config("evaluate")
    with pytest.raises(MissingMandatoryValue):
        _ = cfg.ckpt_path
