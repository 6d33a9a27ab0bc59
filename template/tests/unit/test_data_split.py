"""The split is deterministic and disjoint: catches test data leaking into training."""

from __future__ import annotations

import numpy as np

from tests.hydra_configs import compose_config
from hydra.utils import instantiate


def _split_ids():
    datamodule = instantiate(compose_config("train").data)
    datamodule.setup("fit")
    return datamodule.sample_ids


def test_split_is_disjoint_and_complete():
    ids = _split_ids()
    together = np.concatenate(list(ids.values()))
    assert len(together) == len(set(together.tolist())) == 1797


def test_split_is_the_same_every_time():
    first, second = _split_ids(), _split_ids()
    for split in first:
        np.testing.assert_array_equal(first[split], second[split])
