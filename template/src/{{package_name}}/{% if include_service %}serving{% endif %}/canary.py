"""A canary: a candidate model served beside the golden one, to a share of the clients.

``serve serving.canary.model=artifacts/candidate.pt2`` loads both. A request that carries the
client header (``serving.canary.client_header``, X-Client-Id by default) goes to the model its
key hashes to, so a client always gets the same model, in every worker and after a restart, and
``serving.canary.share`` of the keys get the candidate. A request without the header is drawn at
random with that share. The candidate's answers are logged with its version and with the golden
model's answer to the same images (``shadow``), so ``canary-verdict`` compares the two models on
the candidate's own traffic (monitoring/canary.py).
"""

from __future__ import annotations

import hashlib
import logging
import random
from dataclasses import dataclass
from pathlib import Path

from torch import nn

from ..goldens.export import load_exported
from ..project import UsageError
from .prediction_log import PredictionLog

log = logging.getLogger(__name__)

#: What the candidate must share with the golden model to take the same requests.
SAME_INPUTS = ("dataset", "class_names", "image_size", "value_range")


def bucket(key: str) -> float:
    """Where the client ``key`` falls in [0, 1): the same place in every process and run.

    >>> bucket("client-7") == bucket("client-7"), 0 <= bucket("anyone") < 1
    (True, True)
    """
    digest = hashlib.sha256(key.encode()).digest()
    return int.from_bytes(digest[:8], "big") / 2**64


@dataclass
class Canary:
    """The candidate, its version, the share of clients it answers, the header that names a
    client, and the log it writes."""

    model: nn.Module
    version: str
    share: float
    header: str
    log: PredictionLog

    def takes(self, key: str | None) -> bool:
        """Whether the candidate answers a request from the client ``key`` (None: no key)."""
        draw = bucket(key) if key else random.random()
        return draw < self.share


def load_canary(
    settings: dict | None, golden: dict, prediction_log: Path | str, **log_privacy
) -> Canary | None:
    """The candidate ``settings`` name (serving.canary: its ``model``, ``share`` and
    ``client_header``), checked to take the golden model's inputs; None without a candidate."""
    if not settings or not settings.get("model"):
        return None
    path, share = settings["model"], settings["share"]
    if not 0 <= share <= 1:
        raise UsageError(f"serving.canary.share={share!r}: give a number from 0 to 1")
    candidate = load_exported(path)
    metadata = candidate.metadata
    differ = [key for key in SAME_INPUTS if metadata[key] != golden[key]]
    if differ:
        raise UsageError(
            f"the canary candidate {path} takes other inputs than the golden model "
            f"({', '.join(differ)} differ): export both for the same data"
        )
    version = metadata["model_version"]
    if version == golden["model_version"]:
        log.warning(
            "The canary candidate %s is the served model itself (version %s: promoted "
            "already?): serving it alone.",
            path,
            version,
        )
        return None
    answers = PredictionLog(prediction_log, version, **log_privacy)
    return Canary(candidate.model, version, share, settings["client_header"], answers)
