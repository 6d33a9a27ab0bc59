"""Every input group earns its keep (data-2), and the golden model serves every kind of input,
not only every class (model-7): thin and thick strokes, faint and bright, off to any side.

Measured on the committed golden model and the test split: no training here.
"""

from __future__ import annotations

import pytest
import yaml

from tests.model.golden import datamodule, goldens_config
from tests.model.input_costs import group_figures
from tests.model.input_groups import SPLIT, accuracy, slices

pytestmark = pytest.mark.quality
#: Accuracy that removing a group must cost, at least: less, and the group adds nothing the
#: model uses (drop it, or find out why the model ignores it).
MIN_COST = 0.01
SLICE_FLOORS = goldens_config().goldens.dir + "/slice_floors.yaml"


@pytest.mark.ml_test_score("data-2")
def test_every_input_group_earns_its_keep():
    """Catches an input the model does not use: a region of the image whose pixels, replaced
    by their training mean, cost the golden model less than MIN_COST of test accuracy."""
    brought = {name: figures["accuracy_brought"] for name, figures in group_figures().items()}
    print(brought)
    idle = {name: accuracy for name, accuracy in brought.items() if accuracy < MIN_COST}
    assert idle == {}, f"input groups that do not earn their keep (accuracy they bring): {idle}"


@pytest.mark.ml_test_score("model-7")
def test_golden_model_meets_the_floor_of_every_slice_of_its_inputs():
    """Catches a model that fails one kind of writing while overall accuracy hides it: a third
    of the test split by stroke thickness, brightness or position below its floor."""
    recorded = yaml.safe_load(open(SLICE_FLOORS))
    assert recorded["data_fingerprint"] == datamodule().fingerprint(), "floors of other data"
    _, images, labels = datamodule().split_arrays(SPLIT)
    cut = slices(images, datamodule().value_range)
    assert set(recorded["floors"]) == set(cut), "every slice needs a floor"
    measured = {name: accuracy(images[mask], labels[mask]) for name, mask in cut.items()}
    print({name: round(value, 4) for name, value in measured.items()})
    below = {
        name: round(measured[name], 4)
        for name, floor in recorded["floors"].items()
        if measured[name] < floor
    }
    assert below == {}, f"slices below their floor: {below} (floors: {SLICE_FLOORS})"
