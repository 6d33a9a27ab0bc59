"""Real bugs and benign edits to inject into a render, and the generated test that must catch each.

Each mutation replaces one exact snippet of one file of the generated package; a snippet that
is no longer found fails loudly, so a template change cannot silently disarm a mutation.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tests.helpers.edits import replace_in
from tests.helpers.rendering import package_name


@dataclass(frozen=True)
class Mutation:
    name: str
    file: str  # relative to src/<package>/
    before: str
    after: str
    #: The generated tests to run (paths or -m expressions): only those that should catch it.
    pytest_args: tuple[str, ...]
    #: The generated test that must fail, as pytest names it in its summary.
    caught_by: str

    def apply(self, project: Path) -> None:
        replace_in(project / "src" / package_name(project) / self.file, self.before, self.after)


BUGS = [
    Mutation(
        name="gradients_never_reach_weights",
        file="models/classifier.py",
        before="    def configure_optimizers(self)",
        # Gradients are computed, then wiped before every step: the weights never move.
        after="    def on_before_optimizer_step(self, optimizer) -> None:\n"
        "        optimizer.zero_grad()\n\n"
        "    def configure_optimizers(self)",
        pytest_args=("tests/training/test_memorization.py",),
        caught_by="test_memorizes_one_batch_within_epoch_budget",
    ),
    Mutation(
        name="labels_shuffled_within_batch",
        file="models/classifier.py",
        before="        images, labels = batch\n",
        after="        images, labels = batch\n"
        "        labels = labels[torch.randperm(len(labels))]\n",
        pytest_args=("tests/training/test_memorization.py",),
        caught_by="test_memorizes_one_batch_within_epoch_budget",
    ),
    Mutation(
        name="data_value_out_of_range",
        file="data/digits.py",
        before="    bunch = load_digits()\n",
        # One pixel of one image at 17: above the scanner's maximum ink count of 16.
        after="    bunch = load_digits()\n    bunch.images[100, 4, 4] = 17.0\n",
        pytest_args=("tests/data",),
        caught_by="test_data_passes_its_expectation_suites",
    ),
    Mutation(
        name="model_outputs_changed",
        file="models/cnn.py",
        before="            nn.ReLU(),\n            nn.Dropout(dropout),",
        after="            nn.GELU(),\n            nn.Dropout(dropout),",
        pytest_args=("tests/model/test_regression.py",),
        caught_by="test_golden_predictions_and_losses_are_unchanged",
    ),
    Mutation(
        name="nan_in_loss",
        file="models/classifier.py",
        before="        loss = F.cross_entropy(logits, labels)\n",
        after="        loss = F.cross_entropy(logits, labels) + torch.log(torch.tensor(-1.0))\n",
        pytest_args=("tests/training/test_train.py::test_fast_dev_run",),
        caught_by="test_fast_dev_run",
    ),
]

#: The union of the targeted tests: benign edits must keep every one of them green.
ALL_TARGETED = tuple(sorted({arg for bug in BUGS for arg in bug.pytest_args}))

BENIGN = [
    Mutation(
        name="comment_added",
        file="models/classifier.py",
        before="        images, labels = batch\n",
        after="        # A batch is (images, labels), as DigitsDataModule builds it.\n"
        "        images, labels = batch\n",
        pytest_args=ALL_TARGETED,
        caught_by="",
    ),
    Mutation(
        name="local_variable_renamed",
        file="models/classifier.py",
        before="        logits = self(images)\n        loss = F.cross_entropy(logits, labels)\n"
        "        accuracy = (logits.argmax(dim=1) == labels).float().mean()\n",
        after="        scores = self(images)\n        loss = F.cross_entropy(scores, labels)\n"
        "        accuracy = (scores.argmax(dim=1) == labels).float().mean()\n",
        pytest_args=ALL_TARGETED,
        caught_by="",
    ),
]
