"""The last mutation run (scripts/mutation.sh) in Markdown: the score, then each mutant the tests
missed, with its diff. CI writes it to the job summary; here it prints.

A mutant is killed when a test fails on it, or when the tests take so long on it that mutmut
stops them (a timeout: the change made the code hang). The score is the share killed.
``--fail-under 85`` exits 1 when the score is lower.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import re
import sys
from pathlib import Path

STATS = Path("mutants", "mutmut-cicd-stats.json")
#: How `mutmut results` lists a mutant it did not kill: "    <name>: <status>".
RESULT_LINE = re.compile(r"^\s*(?P<name>\S+): (?P<status>[a-z ]+)$")
#: What each status means, for a reader of the report.
MEANING = {
    "survived": "the tests that reach this line pass with it changed",
    "no tests": "no test of [tool.mutmut]'s selection runs this function",
    "suspicious": "the tests got slow on it, but did not time out",
    "segfault": "the test process crashed",
}


def mutmut(*args: str) -> str:
    """What `mutmut <args>` prints: its command line, run in this process (a process for each
    of a hundred survivors would spend seconds importing mutmut each time)."""
    from mutmut.__main__ import cli

    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        cli.main(list(args), standalone_mode=False)
    return printed.getvalue()


def missed() -> list[tuple[str, str]]:
    """(mutant, status) of every mutant not killed, in mutmut's order."""
    found = (RESULT_LINE.match(line) for line in mutmut("results").splitlines())
    return [(m["name"], m["status"]) for m in found if m and m["status"] != "timeout"]


def score(stats: dict) -> tuple[int, int]:
    """(killed, out of): timeouts count as killed; mutants skipped before a run do not count."""
    return stats["killed"] + stats["timeout"], stats["total"] - stats["skipped"]


def report(stats: dict, mutants: list[tuple[str, str]]) -> str:
    killed, total = score(stats)
    share = 100 * killed / total if total else 100.0
    lines = [
        f"## Mutation testing: {killed} of {total} mutants killed ({share:.1f}%)",
        "",
        f"{stats['killed']} failed a test, {stats['timeout']} timed out; "
        f"{stats['survived']} survived, {stats['no_tests']} reached by no test.",
        "",
    ]
    if not mutants:
        return "\n".join([*lines, "Every mutant was killed."])
    lines += [
        "Each mutant below is a change to the code that the tests did not catch. Kill it with a "
        "test that fails on it, or, if it cannot change what the code does, mark the line "
        "`# pragma: no mutate` with the reason (docs/mutation-testing.md).",
        "",
    ]
    for name, status in mutants:
        diff = mutmut("show", name).split("\n", 1)[-1].strip()  # the first line repeats the name
        lines += [f"### `{name}`: {status}", "", MEANING.get(status, status), "", "```diff"]
        lines += [diff, "```", ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fail-under", type=float, default=0.0, metavar="PERCENT")
    args = parser.parse_args(argv)
    if not STATS.is_file():
        print(f"no {STATS}: run `bash scripts/mutation.sh` first", file=sys.stderr)
        return 2
    stats = json.loads(STATS.read_text())
    print(report(stats, missed()))
    killed, total = score(stats)
    if total and 100 * killed / total < args.fail_under:
        print(f"\nThe score is below --fail-under {args.fail_under:g}%.", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
