"""Warnings of this project's dependencies that tell its users nothing, each with the reason.

Silenced in every command (project.run) and in the test suite (tests/conftest.py), one list
for both: a console or a test run that prints warnings nobody acts on teaches people to ignore
warnings. Anything not listed here is shown.
"""

from __future__ import annotations

import warnings

#: Message (a regular expression matched at its start) -> why it says nothing here.
DEPENDENCY_NOTICES = {
    r"`isinstance\(treespec, LeafSpec\)` is deprecated": (
        "Lightning 2.6 calls a torch pytree API that torch 2.10 deprecates: Lightning's to change"
    ),
    r"The dirpath has changed from": (
        "a resumed run writes a run folder of its own, so its checkpoint callbacks start their "
        "best-of lists anew there, as intended"
    ),
}


def silence_dependency_notices() -> None:
    for message in DEPENDENCY_NOTICES:
        warnings.filterwarnings("ignore", message=message)
