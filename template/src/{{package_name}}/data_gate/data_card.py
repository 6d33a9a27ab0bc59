"""The data card every dataset states (``card`` on its datamodule), which the gate requires.

Before data is used, someone must have said where it comes from, under which licence, who
answers for it, what it may be used for, and whether it holds personal data: a dataset with no
such card, or with a field left out or empty, is refused by the data gate.
"""

from __future__ import annotations

from ..data.base import ImageDataModule
from ..project import ProjectError

#: Each field a card holds, and its type.
FIELDS = {"source": str, "licence": str, "owner": str, "allowed_uses": str, "personal_data": bool}


class MissingDataCard(ProjectError):
    """A dataset without a complete data card; the message names what is missing."""

    exit_code = 3


def card_problems(datamodule: type[ImageDataModule] | ImageDataModule) -> list[str]:
    """What is missing or wrong in a dataset's card: empty when it is complete."""
    card = getattr(datamodule, "card", None) or {}
    problems = []
    for field, kind in FIELDS.items():
        value = card.get(field)
        if not isinstance(value, kind) or (kind is str and not value.strip()):
            problems.append(f"{field} ({kind.__name__})")
    return problems


def require_data_card(datamodule: ImageDataModule) -> None:
    """Refuse a dataset whose card is missing or incomplete, naming each field it lacks."""
    if problems := card_problems(datamodule):
        raise MissingDataCard(
            f"{type(datamodule).__name__} ({datamodule.name}) has no complete data card: "
            f"its `card` lacks {', '.join(problems)}. State them on the datamodule "
            "(docs/bring-your-own-data.md) before the data is used."
        )
