"""The generated repo's ML commands run end to end and say what they did or what went wrong."""

from __future__ import annotations

import json
import subprocess
import sys

import yaml

from tests.helpers.commands import run_in, run_pytest
from tests.helpers.edits import replace_in
from tests.helpers.git import git, init_repo


def test_validate_data_builds_data_docs_and_leaves_the_tree_clean(fresh_project):
    """validate-data runs the gx/ checkpoint, builds Data Docs, and writes only ignored files."""
    project = init_repo(fresh_project, "render")
    result = run_in(project, sys.executable, "-m", "ml_project.validate_data")
    assert "PASSED: 1797 rows checked" in result.stdout
    docs = result.stdout.split("Data Docs: ")[1].split()[0]
    assert docs.endswith("gx/uncommitted/data_docs/local_site/index.html")
    assert "<html" in (project / docs.split(str(project) + "/")[1]).read_text().lower()
    assert git(project, "status", "--porcelain") == ""


def test_validate_data_fails_naming_the_expectation_and_column(fresh_project):
    """Corrupted source data makes validate-data exit non-zero and say what failed."""
    replace_in(
        fresh_project / "src/ml_project/data/digits.py",
        "    bunch = load_digits()\n",
        "    bunch = load_digits()\n    bunch.images[5, 0, 0] = -3\n",
    )
    result = run_in(fresh_project, sys.executable, "-m", "ml_project.validate_data", check=False)
    assert result.returncode == 1
    assert "FAILED digits_values: expect_column_values_to_be_between on column 'pixel_min'" in (
        result.stdout
    )


def test_training_refuses_bad_data_and_the_override_is_loud(fresh_project):
    """`train` stops at the data gate; data_gate.enabled=false trains anyway, with a warning."""
    replace_in(
        fresh_project / "src/ml_project/data/digits.py",
        "    bunch = load_digits()\n",
        "    bunch = load_digits()\n    bunch.target[3] = 11\n",
    )
    quick = ["+trainer.fast_dev_run=true", "logger=none", "trainer.enable_progress_bar=false"]
    refused = run_in(fresh_project, sys.executable, "-m", "ml_project.train", *quick, check=False)
    assert refused.returncode != 0
    assert "DataValidationError" in refused.stderr and "column 'label'" in refused.stderr
    forced = run_in(
        fresh_project, sys.executable, "-m", "ml_project.train", *quick, "data_gate.enabled=false"
    )
    assert "DATA GATE DISABLED" in forced.stdout + forced.stderr


def test_update_goldens_regenerates_and_reports_changes(fresh_project):
    """The documented command rewrites goldens.json and prints what changed (nothing here)."""
    goldens = fresh_project / "tests/model/goldens/goldens.json"
    tampered = json.loads(goldens.read_text())
    first = tampered["predictions"][0]
    tampered["predictions"][0] = (first + 1) % 10
    goldens.write_text(json.dumps(tampered))
    result = run_in(fresh_project, sys.executable, "-m", "ml_project.regression.update_goldens")
    assert "Updated tests/model/goldens/goldens.json" in result.stdout
    sample = tampered["sample_ids"][0]
    assert f"sample {sample}: prediction {(first + 1) % 10} -> {first}" in result.stdout
    run_pytest(fresh_project, "-q", "tests/model/test_regression.py")


def test_hard_examples_command_writes_reviewable_suites_and_galleries(fresh_project, tmp_path):
    """Ranking by loss writes named YAML suites (ids, tags, reason, threshold) and galleries."""
    run_in(
        fresh_project,
        *(sys.executable, "-m", "ml_project.regression.hard_examples"),
        *("--suite-dir", str(tmp_path / "suites"), "--gallery-dir", str(tmp_path / "gallery")),
    )
    for name in ("hardest_val", "hardest_test"):
        suite = yaml.safe_load((tmp_path / "suites" / f"{name}.yaml").read_text())
        assert suite["name"] == name and suite["reason"] and suite["tags"]
        assert len(suite["sample_ids"]) == 16 and suite["threshold"]["max_mean_loss"] > 0
        assert (tmp_path / "gallery" / f"{name}.png").read_bytes().startswith(b"\x89PNG")
        committed_suite = fresh_project / "tests/model/suites" / f"{name}.yaml"
        assert yaml.safe_load(committed_suite.read_text())["sample_ids"] == suite["sample_ids"]


def test_memorization_reports_the_epochs_it_needed(default_project):
    """The memorization test prints the epoch at which the loss fell below its threshold."""
    result = run_pytest(default_project, "-q", "-s", "-m", "memorization")
    assert "memorized in " in result.stdout and "epochs (budget 75)" in result.stdout


def test_export_command_writes_a_torchscript_model(default_project, tmp_path):
    """The export command writes a file that torch alone loads and runs on digits."""
    out = tmp_path / "model.pt"
    run_in(default_project, sys.executable, "-m", "ml_project.regression.export", str(out))
    serve = (
        "import sys, torch; "
        "print(tuple(torch.jit.load(sys.argv[1])(torch.zeros(3, 1, 8, 8)).shape))"
    )
    result = subprocess.run(
        [sys.executable, "-c", serve, str(out)], capture_output=True, text=True
    )
    assert result.stdout.strip() == "(3, 10)", result.stderr
