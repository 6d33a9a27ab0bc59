"""The promotion gate: a model replaces the golden one, or is exported, only if it is good enough.

Three checks on the test split, each with its number in the refusal:

- it beats the baseline (a logistic regression on the same split, quality.py);
- its accuracy is at most ``goldens.quality.max_accuracy_drop`` below the golden model's;
- every class meets its floor (``class_floors.yaml``, floors.py).

``force=true`` adopts or exports it anyway, with a warning in the log. A golden model made for
other data (another fingerprint) or another architecture is not compared against.
"""

from __future__ import annotations

import logging
from pathlib import Path

from omegaconf import DictConfig
from torch import nn

from ..data.base import ImageDataModule
from ..project import UsageError
from .card import read_card
from .floors import below_floors, floors_for
from .quality import baseline_accuracy, measure
from .store import WEIGHTS, load_golden_net

log = logging.getLogger(__name__)


def comparable_golden(cfg: DictConfig, datamodule: ImageDataModule) -> nn.Module | None:
    """The golden network, if there is one made for this data and this model config."""
    directory = Path(cfg.goldens.dir)
    if not (directory / WEIGHTS).is_file():
        return None
    card = read_card(directory)
    if card and card["data"]["fingerprint"] != datamodule.fingerprint():
        return None
    try:
        return load_golden_net(cfg, datamodule)
    except UsageError:  # weights made for another architecture
        return None


def shortfalls(cfg: DictConfig, datamodule: ImageDataModule, measured: dict) -> list[str]:
    """Each way in which a model measured as ``measured`` falls short of the gate."""
    quality, split = cfg.goldens.quality, measured["split"]
    accuracy = measured["accuracy"]
    problems = []
    baseline = baseline_accuracy(datamodule, split)
    if accuracy <= baseline:
        problems.append(
            f"its {split} accuracy {accuracy:.4f} does not beat the baseline's {baseline:.4f}"
        )
    golden = comparable_golden(cfg, datamodule)
    if golden is not None:
        golden_accuracy = measure(golden, datamodule, split)["accuracy"]
        if golden_accuracy - accuracy > quality.max_accuracy_drop:
            problems.append(
                f"its {split} accuracy {accuracy:.4f} is below the golden model's "
                f"{golden_accuracy:.4f} by more than goldens.quality.max_accuracy_drop="
                f"{quality.max_accuracy_drop:g}"
            )
    floors = floors_for(cfg.goldens.dir, datamodule)
    if floors is not None:
        problems += below_floors(measured, floors)
    return problems


def check_promotion(
    cfg: DictConfig, datamodule: ImageDataModule, candidate: nn.Module, source: str
) -> dict:
    """Measure ``candidate``; refuse it (UsageError) if it falls short, unless cfg.force.

    Returns the measurement (``quality.measure``) on ``goldens.quality.split``.
    """
    measured = measure(candidate, datamodule, cfg.goldens.quality.split)
    problems = shortfalls(cfg, datamodule, measured)
    if problems and not cfg.get("force"):
        raise UsageError(
            f"refusing {source}: {'; '.join(problems)}. Pass force=true to use it anyway"
        )
    if problems:
        log.warning("FORCED (force=true): using %s although %s", source, "; ".join(problems))
    return measured
