"""Check the values a person sets most before any expensive work: fail in a second, naming the key.

Hydra accepts any override whose key exists (``data.batch_size=abc``); without these checks the
mistake surfaces after the data gate and the model summary, as a traceback.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from omegaconf import DictConfig, OmegaConf

from .project import UsageError


def is_whole(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


class Rule(NamedTuple):
    key: str
    holds: Callable[[Any], bool]
    allowed: str


RULES = [
    Rule("data.batch_size", lambda v: is_whole(v) and v >= 1, "a whole number >= 1"),
    Rule("data.val_fraction", lambda v: is_number(v) and 0 < v < 1, "a number between 0 and 1"),
    Rule("data.test_fraction", lambda v: is_number(v) and 0 < v < 1, "a number between 0 and 1"),
    Rule(
        "trainer.max_epochs",
        lambda v: v is None or (is_whole(v) and (v >= 1 or v == -1)),
        "a whole number >= 1 (or -1: no limit)",
    ),
    Rule("model.lr", lambda v: is_number(v) and 0 < v < 10, "a number > 0 and < 10, e.g. 0.003"),
    Rule("model.weight_decay", lambda v: is_number(v) and 0 <= v < 1, "a number >= 0 and < 1"),
]


def check_config(cfg: DictConfig) -> None:
    """Raise UsageError for the first value a rule refuses.

    >>> try:
    ...     check_config(OmegaConf.create({"data": {"batch_size": "abc"}}))
    ... except UsageError as error:
    ...     print(error)
    data.batch_size='abc' is not allowed: a whole number >= 1
    """
    check_rules(cfg, RULES)
    data = cfg.get("data") or {}
    held_out = data.get("val_fraction", 0) + data.get("test_fraction", 0)
    if not held_out < 1:
        raise UsageError(
            f"data.val_fraction + data.test_fraction = {held_out:g} leaves no training data: "
            "their sum must be below 1"
        )


def check_rules(cfg: DictConfig, rules: list[Rule]) -> None:
    """Raise UsageError for the first value one of ``rules`` refuses; absent keys pass."""
    for rule in rules:
        value = OmegaConf.select(cfg, rule.key, default=_ABSENT)
        if value is not _ABSENT and not rule.holds(value):
            raise UsageError(f"{rule.key}={value!r} is not allowed: {rule.allowed}")


_ABSENT = object()
