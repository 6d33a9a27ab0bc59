"""The generated repo's ML commands run end to end and say what they did or what went wrong.

Read-only commands run in `installed_project` through its console script, as a person types
them; commands on data or code a test changed run in a `fresh_project` through `python -m`.
"""

from __future__ import annotations

import json

import yaml

from tests.helpers.commands import run_cli, run_pytest
from tests.helpers.edits import replace_in
from tests.helpers.git import git

LOAD_DIGITS = "        bunch = load_digits()\n"
#: A few training steps: enough to reach the data gate and the training loop, not to learn.
QUICK = ("trainer.max_epochs=1", "+trainer.limit_train_batches=2", "test=false")


def test_validate_data_builds_data_docs_and_leaves_the_tree_clean(installed_project):
    """validate-data runs the gx/ checkpoint, builds Data Docs, and writes only ignored files."""
    result = installed_project.run("ml-project", "validate-data")
    assert "PASSED: 1797 rows checked" in result.stdout
    docs = result.stdout.split("Data Docs: ")[1].split()[0]
    assert docs.endswith("gx/uncommitted/data_docs/local_site/index.html")
    assert "<html" in (installed_project.project / docs).read_text().lower()
    assert git(installed_project.project, "status", "--porcelain") == ""


def test_validate_data_fails_naming_the_expectation_and_column(fresh_project):
    """Corrupted source data makes validate-data exit non-zero and say what failed."""
    replace_in(
        fresh_project / "src/ml_project/data/digits.py",
        LOAD_DIGITS,
        LOAD_DIGITS + "        bunch.images[5, 0, 0] = -3\n",
    )
    result = run_cli(fresh_project, "validate-data", check=False)
    assert result.returncode == 1
    expected = "FAILED digits_contract: expect_column_values_to_be_between on column 'pixel_min'"
    assert expected in result.stdout


def test_training_refuses_bad_data_in_one_message_and_the_override_is_loud(fresh_project):
    """`train` stops at the data gate, naming the expectation, without a traceback;
    data_gate.enabled=false trains anyway, with a warning."""
    replace_in(
        fresh_project / "src/ml_project/data/digits.py",
        LOAD_DIGITS,
        LOAD_DIGITS + "        bunch.target[3] = 11\n",
    )
    refused = run_cli(fresh_project, "train", *QUICK, check=False)
    assert refused.returncode == 3, refused.stderr
    error = "ml-project: error: the data failed 1 expectation(s)"
    assert any(line.startswith(error) for line in refused.stderr.splitlines()), refused.stderr
    assert "expect_column_values_to_be_in_set on column 'label'" in refused.stderr
    assert "Traceback" not in refused.stderr
    forced = run_cli(fresh_project, "train", *QUICK, "data_gate.enabled=false")
    assert "DATA GATE DISABLED" in forced.stdout + forced.stderr


def test_update_goldens_reports_changes_then_leaves_stable_goldens_alone(fresh_project):
    """update-goldens rewrites goldens.json, saying what changed; run again, it changes nothing."""
    goldens = fresh_project / "tests/model/goldens/goldens.json"
    tampered = json.loads(goldens.read_text())
    first = tampered["predictions"][0]
    tampered["predictions"][0] = (first + 1) % 10
    goldens.write_text(json.dumps(tampered))
    result = run_cli(fresh_project, "update-goldens")
    assert "Updated tests/model/goldens/goldens.json" in result.stdout
    sample = tampered["sample_ids"][0]
    assert f"sample {sample}: prediction {(first + 1) % 10} -> {first}" in result.stdout
    rewritten = goldens.read_bytes()
    again = run_cli(fresh_project, "update-goldens")
    assert "Goldens unchanged" in again.stdout and goldens.read_bytes() == rewritten
    run_pytest(fresh_project, "-q", "tests/model/test_regression.py")


def test_hard_examples_writes_reviewable_suites_and_galleries(installed_project, tmp_path):
    """Ranking by loss writes named YAML suites (ids, tags, reason, thresholds) and galleries."""
    installed_project.run(
        "ml-project",
        "hard-examples",
        f"goldens.suites_dir={tmp_path / 'suites'}",
        f"goldens.hard_examples.gallery_dir={tmp_path / 'gallery'}",
    )
    for name in ("hardest_val", "hardest_test"):
        suite = yaml.safe_load((tmp_path / "suites" / f"{name}.yaml").read_text())
        assert suite["name"] == name and suite["reason"] and suite["tags"]
        assert len(suite["sample_ids"]) == 16 and suite["threshold"]["max_mean_loss"] > 0
        assert (tmp_path / "gallery" / f"{name}.png").read_bytes().startswith(b"\x89PNG")
        committed = installed_project.project / "tests/model/suites" / f"{name}.yaml"
        assert yaml.safe_load(committed.read_text())["sample_ids"] == suite["sample_ids"]


def test_memorization_reports_the_epochs_it_needed(default_project):
    """The memorization test prints the epoch at which the loss fell below its threshold."""
    result = run_pytest(default_project, "-q", "-s", "-m", "memorization")
    assert "memorized in " in result.stdout and "epochs (budget 75)" in result.stdout


SERVE_RAW_TEST_SPLIT = """
import sys, torch
from hydra import compose, initialize_config_dir
from ml_project.build import build_datamodule
from ml_project.goldens.outputs import model_inputs
from ml_project.goldens.store import load_golden_net

with initialize_config_dir(version_base="1.3", config_dir=sys.argv[2]):
    cfg = compose(config_name="export")
datamodule = build_datamodule(cfg)
_, raw, _ = datamodule.split_arrays("test")
served = torch.export.load(sys.argv[1]).module()(torch.as_tensor(raw, dtype=torch.float32))
_, inputs, _ = model_inputs(datamodule, "test")
with torch.no_grad():
    eager = load_golden_net(cfg, datamodule)(inputs).softmax(dim=1)
print(len(raw), float((served - eager).abs().max()))
"""


def test_export_command_serves_the_golden_model_on_raw_inputs(installed_project):
    """The exported artifact, fed the raw test split, gives the golden model's probabilities."""
    result = installed_project.run("ml-project", "export")
    assert "Exported golden model" in result.stdout and "artifacts/model.pt2" in result.stdout
    project = installed_project.project
    check = installed_project.run(
        "python", "-c", SERVE_RAW_TEST_SPLIT, "artifacts/model.pt2", f"{project}/configs"
    )
    count, largest_difference = check.stdout.split()
    assert int(count) == 270 and float(largest_difference) < 1e-5
    assert git(project, "status", "--porcelain") == "", "the export must land in an ignored folder"
