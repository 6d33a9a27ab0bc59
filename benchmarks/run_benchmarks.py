"""Benchmarks of the generator and of the default generated project (medians of several runs).

    python benchmarks/run_benchmarks.py [--repeat 3] [--suite-repeat 3]

Prints: render time of `copier copy --defaults`, wall time of the generated default test
suite (serial) and of its pre-push tier (`-m "not slow"`: serial, on two pytest-xdist workers,
and on `-n auto`), wall time / peak memory / test accuracy of the default training run
(`<package> train`, imports included), and the same for a plain PyTorch loop of the same CNN on
the same data, measured side by side in this invocation. Each figure with a budget
(docs/performance.md, issue 23) is printed beside it, with "within" or "over" for its median.
Nothing here fails on a budget: machines are shared and noisy.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

from measure import measure, median

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.helpers.commands import project_env  # noqa: E402 - needs ROOT on sys.path
from tests.helpers.rendering import render  # noqa: E402

PACKAGE = "ml_project"
#: The budgets of issue 23 (2 cores, calm machine, medians): the most each figure may be.
BUDGETS = {
    "render": (1.5, "s"),
    "suite": (60.0, "s"),
    "pre-push, serial": (40.0, "s"),
    "pre-push, -n 2": (25.0, "s"),
    "training peak RSS": (1000.0, "MiB"),
    "training / plain loop": (1.7, "x"),
}


def render_api_seconds(destination: Path) -> float:
    start = time.perf_counter()
    render(destination)
    return time.perf_counter() - start


def render_cli_seconds(destination: Path) -> float:
    command = ["copier", "copy", "--defaults", "--quiet", "--vcs-ref", "HEAD", str(ROOT)]
    return measure([*command, str(destination)]).seconds


def test_accuracy(output_dir: Path) -> float:
    """The test/acc of the run's summary (metrics.json)."""
    return json.loads((output_dir / "metrics.json").read_text())["test/acc"]


def against(budget: str | None, value: float) -> str:
    """``budget <= 60 s: within`` (or ``over``), or nothing for a figure without a budget."""
    if budget is None:
        return ""
    limit, unit = BUDGETS[budget]
    return f"budget <= {limit:g} {unit}: {'within' if value <= limit else 'over'}"


def report(name: str, values: list[float], unit: str, budget: str | None = None) -> None:
    shown = ", ".join(f"{v:.2f}" for v in values)
    middle = median(values)
    print(f"{name:<46} median {middle:8.2f} {unit:<4} [{shown}] {against(budget, middle)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs of render and training")
    parser.add_argument("--suite-repeat", type=int, default=3, help="runs of the generated suite")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        render_api = [render_api_seconds(scratch / f"api{i}") for i in range(args.repeat)]
        render_cmd = [render_cli_seconds(scratch / f"cli{i}") for i in range(args.repeat)]
        project = scratch / "api0"
        # Bytecode cached as on a person's machine: where PYTHONDONTWRITEBYTECODE is set (this
        # project's CI machines), each pytest run would compile and assertion-rewrite its
        # plugins anew, about 4 s a run.
        env = project_env(project, "PYTHONDONTWRITEBYTECODE")

        train_runs, accuracies = [], []
        plain_runs, plain_accuracies = [], []
        for i in range(args.repeat):
            output_dir = scratch / f"train{i}"
            train_runs.append(
                measure(
                    [
                        sys.executable,
                        "-m",
                        f"{PACKAGE}.cli",
                        "train",
                        f"paths.output_dir={output_dir}",
                        "trainer.enable_progress_bar=false",
                    ],
                    cwd=project,
                    env=env,
                )
            )
            accuracies.append(test_accuracy(output_dir))
            plain = measure([sys.executable, str(ROOT / "benchmarks" / "plain_loop.py")], env=env)
            plain_runs.append(plain)
            plain_accuracies.append(json.loads(plain.stdout.strip().splitlines()[-1])["test/acc"])

        pytest = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
        pre_push = [*pytest, "-m", "not slow"]
        runs = {
            "suite": pytest,
            "pre-push, serial": pre_push,
            "pre-push, -n 2": [*pre_push, "-n", "2"],
            "pre-push, -n auto": [*pre_push, "-n", "auto"],
        }
        seconds: dict[str, list[float]] = {name: [] for name in runs}
        for _ in range(args.suite_repeat):  # alternating, so all see the same load
            for name, command in runs.items():
                seconds[name].append(measure(command, cwd=project, env=env).seconds)

    print(f"ml-testkit benchmarks on {os.cpu_count()} CPUs (medians; individual runs in brackets)")
    report("render, copier.run_copy (API)", render_api, "s")
    report("render, `copier copy --defaults` (CLI)", render_cmd, "s", "render")
    report("generated default test suite (pytest -q)", seconds["suite"], "s", "suite")
    for name in ("pre-push, serial", "pre-push, -n 2"):
        report(f"generated {name} (-m 'not slow')", seconds[name], "s", name)
    auto = f"pre-push, -n auto ({os.cpu_count()} CPUs)"
    report(f"generated {auto}", seconds["pre-push, -n auto"], "s")
    report("default training run, wall", [r.seconds for r in train_runs], "s")
    report(
        "default training run, peak RSS", [r.peak_mib for r in train_runs], "MiB", "training peak RSS"
    )
    report("default training run, test accuracy", accuracies, "")
    report("plain PyTorch loop, wall", [r.seconds for r in plain_runs], "s")
    report("plain PyTorch loop, peak RSS", [r.peak_mib for r in plain_runs], "MiB")
    report("plain PyTorch loop, test accuracy", plain_accuracies, "")
    ratio = median([r.seconds for r in train_runs]) / median([r.seconds for r in plain_runs])
    budget = against("training / plain loop", ratio)
    print(f"{'training wall time / plain loop wall time':<46} {ratio:8.2f}x  {budget}")


if __name__ == "__main__":
    main()
