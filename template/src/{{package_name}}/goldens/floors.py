"""Per-class accuracy floors: the least a golden model may score on each class of the test split.

Overall accuracy hides a class that got much worse while the others held (a few examples of one
class in hundreds). The floors live with the goldens (``class_floors.yaml``); they are set once,
from a measurement minus ``goldens.quality.floor_margin``, and then kept: they are requirements,
reviewed like code, not a copy of the current model's scores.
"""

from __future__ import annotations

import math
from pathlib import Path

import yaml

from ..data.base import ImageDataModule

FLOORS = "class_floors.yaml"
HEADER = """\
# Per-class accuracy floors: tests/model/test_quality.py holds the golden model to them, and
# update-goldens and export refuse a model below any of them (force=true overrides).
# Set by update-goldens from a measured model: its accuracy on each class minus
# goldens.quality.floor_margin. Raise the floor of a class that matters more; delete this
# file to have the next update-goldens measure them again.
"""


def floor_of(accuracy: float, margin: float) -> float:
    """``accuracy - margin``, rounded down to two decimals, never below 0.

    >>> floor_of(0.892857, 0.1), floor_of(0.95, 0.1), floor_of(0.05, 0.1)
    (0.79, 0.85, 0.0)
    """
    return max(0.0, math.floor(round((accuracy - margin) * 100, 6)) / 100)


def floors_from(measured: dict, datamodule: ImageDataModule, margin: float) -> dict:
    """The floors file's content, from a measurement (``quality.measure``)."""
    return {
        "dataset": datamodule.name,
        "data_fingerprint": datamodule.fingerprint(),
        "split": measured["split"],
        "margin": margin,
        "floors": {
            name: floor_of(scores["accuracy"], margin)
            for name, scores in measured["per_class"].items()
            if scores["accuracy"] is not None
        },
    }


def read_floors(directory: Path | str) -> dict | None:
    path = Path(directory) / FLOORS
    return yaml.safe_load(path.read_text()) if path.is_file() else None


def write_floors(floors: dict, directory: Path | str) -> Path:
    path = Path(directory) / FLOORS
    text = yaml.safe_dump(
        floors,
        sort_keys=False,  # pragma: no mutate: None (a mutant) is False too
    )
    path.write_text(HEADER + text)
    return path


def floors_for(directory: Path | str, datamodule: ImageDataModule) -> dict | None:
    """The floors set for this exact data (dataset and split), or None."""
    floors = read_floors(directory)
    if floors and floors.get("data_fingerprint") == datamodule.fingerprint():
        return floors
    return None


def below_floors(measured: dict, floors: dict) -> list[str]:
    """One line per class whose measured accuracy is below its floor.

    >>> measured = {"per_class": {"a": {"accuracy": 0.5}, "b": {"accuracy": 0.9}}}
    >>> below_floors(measured, {"floors": {"a": 0.79, "b": 0.85}})
    ["class 'a' accuracy 0.5000 is below its floor 0.79"]
    """
    lines = []
    for name, floor in floors["floors"].items():
        accuracy = measured["per_class"].get(name, {}).get("accuracy")
        if accuracy is None or accuracy < floor:
            shown = "unmeasured" if accuracy is None else f"{accuracy:.4f}"
            lines.append(f"class {name!r} accuracy {shown} is below its floor {floor:g}")
    return lines
