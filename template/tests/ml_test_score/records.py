"""Manual procedures and their recorded results, read from docs/ml-test-score.md.

A procedure is a ``### <item>: ...`` section. It earns half a point only with a record of a
time it was run: a line ``- YYYY-MM-DD: <what was found, with its figures>`` in its section,
dated no later than today and holding at least one figure besides the date. A heading, or a
procedure never run, earns nothing: the paper's half point is for results documented and
distributed, not for intentions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

PROCEDURES = Path("docs", "ml-test-score.md")
#: A procedure's heading: ``### data-2: All features are beneficial``.
HEADING = re.compile(r"^### (?P<item>[a-z]+-\d)\b", re.MULTILINE)
#: Any heading: where a procedure's section ends.
ANY_HEADING = re.compile(r"^#{1,3} ", re.MULTILINE)
RECORD = re.compile(r"^- (?P<date>\d{4}-\d{2}-\d{2}): (?P<text>.+)$", re.MULTILINE)
FIGURE = re.compile(r"\d")


@dataclass(frozen=True)
class Procedure:
    item: str
    #: The dated records with figures, newest first.
    records: tuple[str, ...]
    #: Record lines that do not count, each with the reason.
    refused: tuple[str, ...]


def refusal(record: re.Match, today: date) -> str | None:
    """Why a record line does not count, or None when it does.

    >>> today = date(2026, 12, 1)
    >>> refusal(RECORD.search("- 2026-11-30: test/acc 0.91 without the border"), today)
    >>> refusal(RECORD.search("- 2026-11-30: all fine"), today)
    '2026-11-30: no figures'
    >>> refusal(RECORD.search("- 2027-01-01: 3 ms"), today)
    '2027-01-01: dated after today'
    >>> refusal(RECORD.search("- 2026-13-01: 3 ms"), today)
    '2026-13-01: not a date'
    """
    try:
        dated = date.fromisoformat(record["date"])
    except ValueError:
        return f"{record['date']}: not a date"
    if dated > today:
        return f"{record['date']}: dated after today"
    if not FIGURE.search(record["text"]):
        return f"{record['date']}: no figures"
    return None


def procedures(text: str, today: date) -> dict[str, Procedure]:
    """Each item's procedure in ``text`` (docs/ml-test-score.md), with its records.

    >>> doc = "### data-2: x\\nDo it.\\n- 2026-11-02: 0.91 vs 0.93\\n- 2026-10-01: ok\\n## Next\\n"
    >>> found = procedures(doc, date(2026, 12, 1))["data-2"]
    >>> found.records, found.refused
    (('2026-11-02: 0.91 vs 0.93',), ('2026-10-01: no figures',))
    """
    found = {}
    for heading in HEADING.finditer(text):
        after = text[heading.end() :]
        end = ANY_HEADING.search(after)
        section = after[: end.start()] if end else after
        lines = list(RECORD.finditer(section))
        reasons = {line.group(0): refusal(line, today) for line in lines}
        counted = [f"{m['date']}: {m['text']}" for m in lines if not reasons[m.group(0)]]
        refused = tuple(reason for reason in reasons.values() if reason)
        found[heading["item"]] = Procedure(
            heading["item"], tuple(sorted(counted, reverse=True)), refused
        )
    return found


def read_procedures(root: Path, today: date) -> dict[str, Procedure]:
    path = root / PROCEDURES
    return procedures(path.read_text(), today) if path.is_file() else {}
