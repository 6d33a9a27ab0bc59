"""Every shell command in the generated repo's docs runs, exactly as written, in a fresh install.

The pages in the order a newcomer reads them: README.md, CONTRIBUTING.md, then docs/*.md. Each
command runs with bash in one render, installed in a venv that sees this environment's packages
(torch and the rest come from here, so nothing big is downloaded). What the docs mark
`# needs: network` or `# needs: gpu` is skipped; so is what the table below says another test
runs. The session's summary lists every command, ran or skipped, with the reason.
"""

from __future__ import annotations

from pathlib import Path

from tests.helpers.doc_commands import commands_of, report, run_as_written
from tests.helpers.installed import Installed, install, venv_seeing_these_packages
from tests.helpers.rendering import render
from tests.helpers.service import free_port
from tests.helpers.template_releases import clone_template


def candidate_checkpoint(project: Path) -> str:
    """The best epoch of the README's candidate, `train seed=7`: the checkpoint a reader adopts
    and canaries (the plain `train` gives the golden model itself, which adopts nothing)."""
    for overrides in sorted(project.glob("logs/train/runs/*/.hydra/overrides.yaml")):
        [checkpoint, *_] = [*(overrides.parents[1] / "checkpoints").glob("epoch_*.ckpt"), None]
        if overrides.read_text().strip() == "- seed=7" and checkpoint is not None:
            return str(checkpoint)
    raise AssertionError("no `train seed=7` run with a best epoch: the README's candidate")


#: What the docs leave for the reader to fill in, and what it is here. The canary's candidate
#: is named apart from the adoption above it, so that its commands are not skipped as run.
FILL_IN = {
    "path/to/epoch_NNN.ckpt": candidate_checkpoint,
    "path/to/candidate.ckpt": candidate_checkpoint,
}
#: Commands another generator test runs already, with their own assertions. Most are whole
#: suite runs, a minute or more each: run here as well, they would double this test's cost.
PROVEN_ELSEWHERE = {
    'pytest -m "not slow"': "tests/test_generated_suite_passes.py (every variant)",
    'pytest -m "not slow" && pre-commit run --all-files': (
        "tests/test_update.py (after a real update with a conflict resolved)"
    ),
    "pytest --ml-test-score": "tests/test_ml_test_score.py (the default suite's score, read back)",
    'pytest --ml-test-score -m "not slow"': (
        "tests/test_ml_test_score.py (a deselected test earns nothing)"
    ),
    "python benchmarks/serve_load.py --start --repeat 5": (
        "tests/test_serving.py (the benchmark, small bounds, against a running service)"
    ),
    # Three training runs and twelve load runs each: minutes, for what one of each proves.
    "python benchmarks/performance.py": (
        "tests/test_performance_budgets.py (one run of each: passes, then fails a slower training)"
    ),
    "python benchmarks/performance.py --record": (
        "tests/test_performance_budgets.py (one run of each, keeping the margins)"
    ),
    # Ten trials of the full run: minutes, for what two short trials prove.
    "python -m tests.model.tuning hydra.sweeper.n_trials=10": (
        "tests/test_tuning_record.py (two short trials; the generated test then holds configs/)"
    ),
    # Every mutant of every module [tool.mutmut] names: minutes, for what one run on two
    # modules proves (the report, the score, --fail-under).
    "bash scripts/mutation.sh": (
        "tests/test_mutation_testing.py (split and preprocessing; a weakened test's survivors)"
    ),
    "pytest": "tests/test_generated_suite_passes.py (the whole suite, every variant)",
    "pytest -n auto": "tests/test_generated_suite_passes.py (the default's second run, -n 2)",
    'pytest -n auto -m "not slow"': (
        "tests/test_generated_suite_passes.py (the default's pre-push tier on two workers)"
    ),
    "pytest --override data=my_data": "tests/test_bring_your_own_data.py (on another dataset)",
    # In a fresh .venv it downloads and installs 1.6 GB (three minutes here), and the one step
    # the other test leaves out, torch from PyTorch's index, cannot reach that index here.
    "bash scripts/setup-dev.sh": (
        "tests/test_onboarding.py (end to end, in a venv that already holds torch)"
    ),
    # The search through the local twin, two trials at once: the generated suite runs it as
    # written (tests/training/test_hparams_search.py, which checks the trials overlapped).
    "ml-project train -m hparams_search=digits_optuna hydra/launcher=local hydra.sweeper.n_jobs=2 "
    "hydra.sweeper.n_trials=2 trainer.max_epochs=1": (
        "tests/test_generated_suite_passes.py (the generated search test, through the local twin)"
    ),
    # 20 and 5 trials of a long run: minutes of CI for what two one-epoch trials prove.
    "ml-project train -m hparams_search=digits_optuna": (
        "tests/test_model_quality.py (the search from the console script, two short trials)"
    ),
    "ml-project train -m hparams_search=digits_optuna hydra.sweeper.n_trials=5 "
    "trainer.max_epochs=5": "tests/test_model_quality.py (the same, two short trials)",
}
#: Pages whose commands another test runs as written, with its own assertions.
PAGES_PROVEN_ELSEWHERE = {"docs/bring-your-own-data.md": "tests/test_bring_your_own_data.py"}


def reading_order(project: Path) -> list[Path]:
    docs = sorted((project / "docs").glob("*.md"))
    pages = [project / "README.md", project / "CONTRIBUTING.md", *docs]
    proven = set(PAGES_PROVEN_ELSEWHERE)
    return [page for page in pages if page.relative_to(project).as_posix() not in proven]


def test_every_command_in_the_generated_docs_runs_as_written(tmp_path, record_property):
    """Catches a documented command that fails, or does something else than the docs say."""
    project = render(tmp_path / "project")
    installed = install(project, tmp_path / "venv")
    # The service's documented port (8000) may be another test's: the docs' own way to move it,
    # PORT, takes a free one, and the one url written with 8000 follows.
    port = str(free_port())
    installed.machine["PORT"] = port
    fill_in = {**FILL_IN, "127.0.0.1:8000": f"127.0.0.1:{port}"}
    commands = [c for page in reading_order(project) for c in commands_of(page, project)]
    outcomes = run_as_written(installed, commands, fill_in, PROVEN_ELSEWHERE)
    record_property("commands", report(outcomes))
    assert sum(outcome.status == "ran" for outcome in outcomes) >= 20, report(outcomes)


#: ml-testkit's own README: the template is the reader's clone of it, not the copy on GitHub.
TEMPLATE_FILL_IN = {"gh:ml-testkit/ml-testkit": str}
TEMPLATE_PROVEN_ELSEWHERE = {
    "nox -s tests": ".ci/run (CI runs the generator's whole suite on every push)",
    "pytest": "tests/test_generated_suite_passes.py (the generated suite, every variant)",
}
#: git needs a name to commit with, which a fresh machine's user sets once; the README does not.
GIT_USER = {
    "GIT_AUTHOR_NAME": "New User",
    "GIT_AUTHOR_EMAIL": "new.user@example.com",
    "GIT_COMMITTER_NAME": "New User",
    "GIT_COMMITTER_EMAIL": "new.user@example.com",
}


def test_every_command_in_the_template_readme_runs_as_written(tmp_path, record_property):
    """Catches a command in ml-testkit's own README that fails for a new user."""
    checkout = clone_template(tmp_path / "ml-testkit")
    user = Installed(checkout, venv_seeing_these_packages(tmp_path / "venv"), GIT_USER)
    commands = commands_of(checkout / "README.md", checkout)
    outcomes = run_as_written(user, commands, TEMPLATE_FILL_IN, TEMPLATE_PROVEN_ELSEWHERE)
    record_property("commands", report(outcomes))
    assert list(checkout.glob("build/demo/logs/train/runs/*/checkpoints/last.ckpt"))
    assert list(checkout.glob("my-project/logs/train/runs/*/checkpoints/last.ckpt"))
