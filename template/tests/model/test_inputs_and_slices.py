"""Every input group earns its keep (data-2), and the golden model serves every kind of input,
not only every class (model-7): thin and thick strokes, faint and bright, off to any side.

Measured on the committed golden model and the test split: no training here.
"""

from __future__ import annotations

import pytest

from tests.model.golden import datamodule
from tests.model.input_costs import group_figures
from tests.model.input_groups import SLICE_FLOORS, measured_record, slice_accuracies

pytestmark = pytest.mark.quality
#: Accuracy that removing a group must cost, at least: less, and the group adds nothing the
#: model uses (drop it, or find out why the model ignores it).
MIN_COST = 0.01


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
    recorded = measured_record(SLICE_FLOORS, "python -m tests.model.input_groups")
    assert recorded["data_fingerprint"] == datamodule().fingerprint(), "floors of other data"
    measured = slice_accuracies()
    print(measured)
    assert set(recorded["floors"]) == set(measured), "every slice needs a floor"
    below = {
        name: measured[name]
        for name, floor in recorded["floors"].items()
        if measured[name] < floor
    }
    assert below == {}, f"slices below their floor: {below} (floors: {SLICE_FLOORS})"
