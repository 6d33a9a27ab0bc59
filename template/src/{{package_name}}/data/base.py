"""Labelled images as a LightningDataModule: the one place that knows a dataset's facts.

A dataset is a subclass that states four facts (``name``, ``class_names``, ``image_size``,
``value_range``) and implements ``load_arrays``; digits.py is the example. Everything
downstream reads what it needs here instead of keeping a constant of its own: the model its
input shape and class count (build.py), the data gate the validation table and the contract
(data_gate/), goldens, export and serving the splits, the preprocessing and the fingerprint.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, ClassVar

import lightning as L
import numpy as np
import torch
from torch.utils.data import DataLoader, TensorDataset

from .preprocess import Preprocess
from .sampler import EpochShuffle
from .split import split_indices

if TYPE_CHECKING:
    import pandas as pd


class ImageDataModule(L.LightningDataModule):
    """Images and labels from ``load_arrays``, split deterministically into train/val/test.

    Each sample keeps its id (its row in the arrays) through the split, so suites of hard
    examples and golden outputs can name the samples they hold.
    """

    #: Short name: names the dataset's expectation suites (data_gate/suites/<name>.py).
    name: ClassVar[str]
    #: One name per class, in label order (label i is class_names[i]).
    class_names: ClassVar[tuple[str, ...]]
    #: (height, width) of one raw image.
    image_size: ClassVar[tuple[int, int]]
    #: (lowest, highest) raw pixel value, in the dataset's own units.
    value_range: ClassVar[tuple[float, float]]
    #: The data card: source, licence, owner, allowed uses, whether it holds personal data. The
    #: data gate refuses a dataset without a complete one (data_gate/data_card.py).
    card: ClassVar[dict[str, str | bool]]

    def __init__(
        self,
        batch_size: int = 64,
        val_fraction: float = 0.15,
        test_fraction: float = 0.15,
        split_seed: int = 12345,
        num_workers: int = 0,
    ) -> None:
        super().__init__()
        self.save_hyperparameters(logger=False)
        self.datasets: dict[str, TensorDataset] = {}
        self._arrays: tuple[np.ndarray, np.ndarray] | None = None

    def load_arrays(self) -> tuple[np.ndarray, np.ndarray]:
        """Raw images, shape (N, height, width) in ``value_range``, float32; labels (N,), int64."""
        raise NotImplementedError(f"{type(self).__name__} must implement load_arrays()")

    # Facts that follow from the four above.

    @property
    def num_classes(self) -> int:
        return len(self.class_names)

    @property
    def input_shape(self) -> tuple[int, int, int]:
        """(channels, height, width) of one model input."""
        return (1, *self.image_size)

    def preprocess(self) -> Preprocess:
        """Raw images -> model inputs; the exported model carries the same module."""
        return Preprocess(self.value_range)

    # The raw data, loaded once.

    def arrays(self) -> tuple[np.ndarray, np.ndarray]:
        """(images, labels) as ``load_arrays`` returned them: what the data gate validates."""
        if self._arrays is None:
            images, labels = self.load_arrays()
            self._arrays = (np.asarray(images), np.asarray(labels))
        return self._arrays

    @property
    def sample_ids(self) -> dict[str, np.ndarray]:
        hp = self.hparams
        count = len(self.arrays()[1])
        return split_indices(count, hp.val_fraction, hp.test_fraction, hp.split_seed)

    def split_arrays(self, split: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(sample ids, raw images, labels) of one split, in id order."""
        images, labels = self.arrays()
        ids = self.sample_ids[split]
        return ids, images[ids], labels[ids]

    def validation_table(self) -> pd.DataFrame:
        """One row per sample, for the expectation suites (see table.py)."""
        from .table import validation_table

        images, labels = self.arrays()
        return validation_table(images, labels, self.sample_ids)

    def fingerprint(self) -> str:
        """A hash of the raw arrays and the split: names exactly what a model was trained on."""
        images, labels = self.arrays()
        digest = hashlib.sha256()
        for array in (images, labels, *self.sample_ids.values()):
            digest.update(np.ascontiguousarray(array).tobytes())
        return digest.hexdigest()[:16]

    # What Lightning calls.

    def setup(self, stage: str | None = None) -> None:
        if self.datasets:
            return
        preprocess = self.preprocess()
        for split in self.sample_ids:
            _, images, labels = self.split_arrays(split)
            inputs = preprocess(torch.as_tensor(images, dtype=torch.float32))
            self.datasets[split] = TensorDataset(inputs, torch.as_tensor(labels))

    def _loader(self, split: str, sampler: EpochShuffle | None = None) -> DataLoader:
        return DataLoader(
            self.datasets[split],
            batch_size=self.hparams.batch_size,
            sampler=sampler,
            num_workers=self.hparams.num_workers,
            # Its own generator: creating a loader's iterator then draws nothing from torch's
            # global one, which dropout uses (so a resumed run replays the same masks).
            generator=torch.Generator(),
        )

    def train_dataloader(self) -> DataLoader:
        if self.trainer is not None and self.trainer.overfit_batches:
            # Overfitting (debug=overfit) learns the same first batches every epoch: in order.
            return self._loader("train")
        # torch.initial_seed() is the run's seed (seed_everything), so a resumed run shuffles
        # as the first one did.
        shuffle = EpochShuffle(len(self.datasets["train"]), seed=torch.initial_seed())
        return self._loader("train", sampler=shuffle)

    def val_dataloader(self) -> DataLoader:
        return self._loader("val")

    def test_dataloader(self) -> DataLoader:
        return self._loader("test")
