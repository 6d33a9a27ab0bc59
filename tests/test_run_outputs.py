"""What a person sees after `<project> train`: a quiet log ending in a summary, the run's
pictures, and the run in each experiment tracker, read back with the tracker's own API.

One short training run through the installed console script serves every test, with all four
trackers at once (`logger=[csv,tensorboard,mlflow,wandb]`) and a great_expectations context of
its own, so that the data gate really validates (no cached pass) and its logging is in the log.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.helpers.trackers import wandb_logged

TRACKERS = ("csv", "tensorboard", "mlflow", "wandb")
PICTURES = ("curves", "confusion_matrix", "hardest_test")
LOG_LINE = re.compile(r"^\[[^]]+\]\[(?P<logger>[^]]+)\]\[(?P<level>[A-Z]+)\] - (?P<message>.*)$")


@dataclass(frozen=True)
class TrackedRun:
    run_dir: Path
    log_dir: Path
    log: list[str]
    console: str

    def summary_line(self, label: str) -> str:
        """The summary's line that starts with ``label``, without the log's prefix."""
        for line in self.log:
            message = LOG_LINE.match(line)
            if message and message["message"].strip().startswith(label):
                return message["message"].strip()
        raise AssertionError(f"no summary line starting with {label!r}:\n" + "\n".join(self.log))


@pytest.fixture(scope="module")
def tracked_run(installed_project, tmp_path_factory) -> TrackedRun:
    root = tmp_path_factory.mktemp("tracked")
    gx_dir = root / "gx"
    gx_dir.mkdir()
    shutil.copy(installed_project.project / "gx" / "great_expectations.yml", gx_dir)
    result = installed_project.run(
        "ml-project",
        "train",
        f"logger=[{','.join(TRACKERS)}]",
        "trainer.max_epochs=2",
        "+trainer.limit_train_batches=4",
        f"paths.log_dir={root / 'logs'}",
        f"data_gate.gx_dir={gx_dir}",
    )
    [run_dir] = (root / "logs" / "train" / "runs").iterdir()
    log = (run_dir / "train.log").read_text().splitlines()
    return TrackedRun(run_dir, root / "logs", log, result.stdout + result.stderr)


def test_training_log_holds_no_library_chatter(tracked_run):
    """Catches third-party INFO noise (great_expectations wrote 230 lines of it) in the log."""
    info_from = {
        match["logger"]
        for match in map(LOG_LINE.match, tracked_run.log)
        if match and match["level"] == "INFO"
    }
    ours = {name for name in info_from if name.startswith("ml_project.")}
    assert info_from - ours <= {"lightning.fabric.utilities.seed"}, "\n".join(tracked_run.log)
    assert not any("great_expectations" in line for line in tracked_run.log)
    # The gate did validate (no cached pass): its silence is the logging config's doing.
    assert tracked_run.summary_line("data gate:").startswith("data gate: passed; ")


def test_training_log_ends_with_a_summary_of_results_and_places(tracked_run):
    """Catches a run whose log says nothing about its result or where its outputs went."""
    metrics = tracked_run.summary_line("metrics:")
    assert re.search(r"test/acc \d\.\d+", metrics) and "val/loss" in metrics
    assert tracked_run.summary_line("weakest classes (test accuracy):")
    best = tracked_run.summary_line("best checkpoint (val/acc):")
    assert re.fullmatch(r"best checkpoint \(val/acc\): checkpoints/epoch_00[01]\.ckpt", best)
    checkpoints = tracked_run.summary_line("checkpoints:")
    assert checkpoints == f"checkpoints: {best.split(': ')[1]}, checkpoints/last.ckpt"
    plots = tracked_run.summary_line("plots:").removeprefix("plots: ").split(", ")
    assert plots == [f"plots/{name}.png" for name in PICTURES]
    for relative in plots:
        assert (tracked_run.run_dir / relative).is_file(), relative
    for tracker in TRACKERS:
        assert tracked_run.summary_line(f"tracker: {tracker}, ")


def mlflow_run_id(tracked_run) -> str:
    return re.search(r"run (\w+),", tracked_run.summary_line("tracker: mlflow")).group(1)


def test_mlflow_run_holds_params_metrics_and_plots(tracked_run):
    """Catches an MLflow run without the config, the metrics or the pictures of the run."""
    from mlflow.tracking import MlflowClient

    store = f"sqlite:///{tracked_run.log_dir / 'mlflow' / 'mlflow.db'}"
    client = MlflowClient(tracking_uri=store)
    run = client.get_run(mlflow_run_id(tracked_run))
    assert run.info.status == "FINISHED"
    assert client.get_experiment(run.info.experiment_id).name == "train"
    params = run.data.params
    assert params["model/lr"] == "0.00863971507274694" and params["trainer/max_epochs"] == "2"
    assert re.fullmatch(r"[0-9a-f]{16}", params["data_fingerprint"])
    assert {
        "train/loss_epoch",
        "val/acc",
        "test/acc",
        "test/acc_per_class/8",
    } <= run.data.metrics.keys()
    history = client.get_metric_history(run.info.run_id, "val/acc")
    assert [point.step for point in history] == sorted(point.step for point in history)
    assert len(history) == 2, "one validation per epoch"
    artifacts = {Path(item.path).name for item in client.list_artifacts(run.info.run_id, "plots")}
    assert artifacts == {f"{name}.png" for name in PICTURES}
    assert run.data.tags["run_dir"] == str(tracked_run.run_dir)


def test_tensorboard_events_hold_metrics_and_plots(tracked_run):
    """Catches TensorBoard runs without the epoch metrics or the pictures."""
    from tensorboard.backend.event_processing.event_accumulator import EventAccumulator

    [events] = (tracked_run.run_dir / "tensorboard").iterdir()
    reader = EventAccumulator(str(events), size_guidance={"images": 0, "scalars": 0})
    reader.Reload()
    tags = reader.Tags()
    assert {"val/acc", "val/loss", "test/acc", "test/acc_per_class/0"} <= set(tags["scalars"])
    assert [event.step for event in reader.Scalars("val/acc")] == sorted(
        event.step for event in reader.Scalars("val/acc")
    )
    assert set(tags["images"]) == set(PICTURES)
    [confusion] = reader.Images("confusion_matrix")
    assert (confusion.width, confusion.height) == (600, 600)


def test_wandb_offline_run_holds_config_metrics_and_plots(tracked_run):
    """Catches a W&B run that is not written offline, or lacks the config, metrics or pictures."""
    [run_folder] = (tracked_run.run_dir / "wandb").glob("offline-run-*")
    [run_file] = run_folder.glob("run-*.wandb")
    config, history = wandb_logged(run_file)
    assert {"data", "model", "trainer", "seed", "data_fingerprint"} <= config
    assert {"val/acc", "test/acc", "test/acc_per_class/3"} <= history
    media = {path.name.split("_")[0] for path in (run_folder / "files/media/images").iterdir()}
    assert {name.split("_")[0] for name in PICTURES} <= media
    assert tracked_run.summary_line("tracker: wandb").endswith(f"wandb sync {run_folder})")


def test_csv_keeps_metrics_and_the_runs_config(tracked_run):
    """Catches the default tracker losing the run's parameters (they used to go nowhere)."""
    import yaml

    [version] = (tracked_run.run_dir / "csv").iterdir()
    header = (version / "metrics.csv").read_text().splitlines()[0].split(",")
    assert {"val/acc", "test/acc", "test/acc_per_class/9"} <= set(header)
    hparams = yaml.safe_load((version / "hparams.yaml").read_text())
    assert hparams["model"]["lr"] == 0.00863971507274694 and hparams["seed"] == 12345


def test_each_tracker_is_an_extra_of_the_installed_project(installed_project):
    """Catches a tracker config whose package no extra installs (ModuleNotFoundError on use)."""
    python = installed_project.venv / "bin" / "python"
    requires = installed_project.run(
        str(python),
        "-c",
        "import importlib.metadata as m; print('\\n'.join(m.requires('ml-project')))",
    ).stdout.splitlines()
    for tracker in ("tensorboard", "mlflow", "wandb"):
        assert any(
            line.startswith(tracker) and f'extra == "{tracker}"' in line for line in requires
        ), requires
