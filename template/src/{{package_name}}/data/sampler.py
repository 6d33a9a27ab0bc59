"""A shuffle that depends only on (seed, epoch): a resumed run sees what a straight one did."""

from __future__ import annotations

from collections.abc import Iterator

import torch
from torch.utils.data import Sampler


class EpochShuffle(Sampler[int]):
    """A new random order each epoch, drawn from its own generator seeded by ``seed + epoch``.

    Lightning calls ``set_epoch`` before each training epoch (and wraps this sampler for DDP).
    Nothing is drawn from torch's global generator, which dropout uses: so resuming from a
    checkpoint replays the same batches and the same dropout masks as a run that never stopped.

    >>> sampler = EpochShuffle(5, seed=0)
    >>> first = list(sampler)
    >>> sampler.set_epoch(1)
    >>> sorted(list(sampler)) == sorted(first) and list(sampler) != first
    True
    >>> sampler.set_epoch(0)
    >>> list(sampler) == first
    True
    """

    def __init__(self, size: int, seed: int) -> None:
        self.size, self.seed, self.epoch = size, seed, 0

    def set_epoch(self, epoch: int) -> None:
        self.epoch = epoch

    def __iter__(self) -> Iterator[int]:
        generator = torch.Generator().manual_seed((self.seed + self.epoch) % 2**63)
        return iter(torch.randperm(self.size, generator=generator).tolist())

    def __len__(self) -> int:
        return self.size
