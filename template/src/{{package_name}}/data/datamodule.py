"""The LightningDataModule that serves the digits to training, split deterministically."""

from __future__ import annotations

import lightning as L
import numpy as np
import torch
from torch.utils.data import DataLoader, TensorDataset

from .digits import PIXEL_MAX, load_digits_arrays, split_indices


def to_model_input(images: np.ndarray) -> torch.Tensor:
    """Scale raw images (N, 8, 8) in [0, 16] to the model's input (N, 1, 8, 8) in [0, 1]."""
    return torch.from_numpy(np.asarray(images, dtype=np.float32) / PIXEL_MAX).unsqueeze(1)


class DigitsDataModule(L.LightningDataModule):
    """Digits, split deterministically; each sample keeps its id (its row in the dataset)."""

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
        self.sample_ids: dict[str, np.ndarray] = {}
        # Raw arrays as load_arrays returned them: what the data expectations check.
        self.raw_images = np.empty((0, 8, 8), dtype=np.float32)
        self.raw_labels = np.empty(0, dtype=np.int64)

    def load_arrays(self) -> tuple[np.ndarray, np.ndarray]:
        """Where the raw data enters; a subclass or a test can replace the source here."""
        return load_digits_arrays()

    def setup(self, stage: str | None = None) -> None:
        if self.datasets:
            return
        images, labels = self.load_arrays()
        self.raw_images, self.raw_labels = images, labels
        hp = self.hparams
        self.sample_ids = split_indices(
            len(labels), hp.val_fraction, hp.test_fraction, hp.split_seed
        )
        for split, ids in self.sample_ids.items():
            self.datasets[split] = TensorDataset(
                to_model_input(images[ids]), torch.from_numpy(labels[ids])
            )

    def _loader(self, split: str, shuffle: bool = False) -> DataLoader:
        return DataLoader(
            self.datasets[split],
            batch_size=self.hparams.batch_size,
            shuffle=shuffle,
            num_workers=self.hparams.num_workers,
        )

    def train_dataloader(self) -> DataLoader:
        return self._loader("train", shuffle=True)

    def val_dataloader(self) -> DataLoader:
        return self._loader("val")

    def test_dataloader(self) -> DataLoader:
        return self._loader("test")
