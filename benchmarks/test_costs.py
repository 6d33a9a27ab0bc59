"""What each test module of a pytest run cost, from its JUnit XML report, as a Markdown table.

    python benchmarks/test_costs.py build/test-report.xml

`nox -s tests` writes that report. The seconds are pytest's per test (setup, call and
teardown): a module that builds a session fixture first is charged for it, so the table says
where time goes, not what a module would cost alone.
"""

from __future__ import annotations

import argparse
import xml.etree.ElementTree as ET
from collections import defaultdict
from pathlib import Path


def costs_by_module(report: Path) -> dict[str, tuple[int, float]]:
    """{module path: (tests, seconds)} of the run that wrote ``report``."""
    tests: dict[str, int] = defaultdict(int)
    seconds: dict[str, float] = defaultdict(float)
    for case in ET.parse(report).iter("testcase"):
        module = case.get("classname", "").replace(".", "/") + ".py"
        tests[module] += 1
        seconds[module] += float(case.get("time", 0))
    return {module: (tests[module], seconds[module]) for module in tests}


def table(costs: dict[str, tuple[int, float]]) -> str:
    rows = ["| module | tests | seconds |", "| --- | ---: | ---: |"]
    for module, (count, spent) in sorted(costs.items(), key=lambda item: -item[1][1]):
        rows.append(f"| `{module}` | {count} | {spent:.0f} |")
    total_tests = sum(count for count, _ in costs.values())
    total = sum(spent for _, spent in costs.values())
    rows.append(f"| all | {total_tests} | {total:.0f} |")
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("report", type=Path, help="a JUnit XML report (pytest --junitxml)")
    print(table(costs_by_module(parser.parse_args().report)))


if __name__ == "__main__":
    main()
