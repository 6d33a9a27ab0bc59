"""What each input costs (data-3), measured by a benchmark whose record a test reads.

``python -m tests.model.input_costs`` times the preprocessing against the model's forward pass
on the training split (a ratio, measured in one run, so it travels between machines), and for
each input group (input_groups.regions) its share of the pixels and the test accuracy it
brings. It writes goldens/input_costs.yaml, keeping the budgets there; tests/model/
test_input_costs.py holds the record to them. Run it again after changing the preprocessing,
the data or the golden model: the test names a record that no longer matches them.
"""

from __future__ import annotations

import hashlib
import inspect
import time
from datetime import date
from pathlib import Path

import torch
import yaml

from tests.model.golden import datamodule, golden_net, goldens_config
from tests.model.input_groups import SPLIT, accuracy, regions, without

RECORD = Path(goldens_config().goldens.dir) / "input_costs.yaml"
REPEATS = 20
HEADER = """\
# What each input costs (data-3): written by `python -m tests.model.input_costs`, held to the
# budgets below by tests/model/test_input_costs.py. preprocess_share is the preprocessing's
# share of the time of preprocessing plus the model's forward pass; each group brings test
# accuracy (lost when its pixels are replaced by their training mean) for its share of pixels.
"""


def preprocessing_digest() -> str:
    """A hash of the preprocessing's code: a record measured for other code is stale."""
    source = inspect.getsource(type(datamodule().preprocess()))
    return hashlib.sha256(source.encode()).hexdigest()[:16]


def group_figures() -> dict[str, dict[str, float]]:
    """Per input group: its share of the pixels, and the test accuracy it brings."""
    _, images, labels = datamodule().split_arrays(SPLIT)
    _, train_images, _ = datamodule().split_arrays("train")
    fill, whole = train_images.mean(axis=0), accuracy(images, labels)
    figures = {}
    for name, mask in regions(*datamodule().image_size).items():
        brought = whole - accuracy(without(images, mask, fill), labels)
        share = round(float(mask.mean()), 4)
        figures[name] = {"pixel_share": share, "accuracy_brought": round(brought, 4)}
    return figures


def seconds(step, inputs, repeats: int = REPEATS) -> float:
    """The fastest of ``repeats`` timings of ``step(inputs)``: the least disturbed by others."""
    best = float("inf")
    with torch.no_grad():
        for _ in range(repeats):
            started = time.perf_counter()
            step(inputs)
            best = min(best, time.perf_counter() - started)
    return best


def preprocess_share() -> float:
    _, images, _ = datamodule().split_arrays("train")
    raw = torch.as_tensor(images, dtype=torch.float32)
    preprocess, net = datamodule().preprocess(), golden_net().eval()
    spent = seconds(preprocess, raw)
    return round(spent / (spent + seconds(net, preprocess(raw))), 4)


def record(path: Path = RECORD) -> dict:
    """Measure again and write the record, keeping its budgets."""
    budgets = yaml.safe_load(path.read_text())["budgets"]
    new = {
        "budgets": budgets,
        "dataset": datamodule().name,
        "measured_on": date.today().isoformat(),
        "torch": str(torch.__version__),
        "data_fingerprint": datamodule().fingerprint(),
        "preprocessing_digest": preprocessing_digest(),
        "preprocess_share": preprocess_share(),
        "groups": group_figures(),
    }
    path.write_text(HEADER + yaml.safe_dump(new, sort_keys=False))
    return new


if __name__ == "__main__":
    print(record())
