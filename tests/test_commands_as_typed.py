"""The generated repo's command as a person types it, and the faults real runs meet.

Everything here runs the installed console script (`ml-project`) in a subprocess: from the repo
root, from a folder below it and from outside; with a wrong config value; stopped by SIGTERM as a
cluster pre-empts a job, then resumed; twice at the same moment. Each test sends its runs to a
folder of its own (LOG_DIR), so the shared installed project stays clean.
"""

from __future__ import annotations

import signal
import time
from pathlib import Path

import torch

#: A run that reaches the training loop and writes a checkpoint, and no more.
QUICK = (
    "trainer.max_epochs=1",
    "+trainer.limit_train_batches=2",
    "+trainer.limit_val_batches=1",
    "test=false",
    "trainer.enable_progress_bar=false",
)


def logs(tmp_path: Path) -> dict[str, str]:
    return {"LOG_DIR": str(tmp_path / "logs")}


def runs(tmp_path: Path) -> list[Path]:
    return sorted((tmp_path / "logs" / "train" / "runs").glob("*"))


def test_console_script_lists_its_commands(installed_project):
    """Catches a console script that is not installed, or a command missing from it."""
    result = installed_project.run("ml-project", "--help")
    for command in ("train", "evaluate", "tune", "validate-data", "update-goldens", "export"):
        assert f"  {command} " in result.stdout


def test_runs_from_a_folder_below_the_root_and_writes_under_the_root(installed_project):
    """Catches a command that only works from the repo root, or litters the current folder."""
    below = installed_project.project / "notebooks"
    installed_project.run("ml-project", "train", *QUICK, "logger=none", cwd=below)
    assert list(installed_project.project.glob("logs/train/runs/*/checkpoints/last.ckpt"))
    assert not (below / "logs").exists() and not (below / "outputs").exists()


def test_outside_a_project_it_says_where_to_run_and_writes_nothing(installed_project, tmp_path):
    """Catches a command that fails late, with a library's traceback, and leaves a gx/ scaffold."""
    result = installed_project.run("ml-project", "train", cwd=tmp_path, check=False)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"ml-project: error: no configs/train.yaml in {tmp_path} or any folder above it: run "
        "this command inside the project's repository (or a folder below it)"
    ]
    assert list(tmp_path.iterdir()) == []


def test_a_wrong_config_value_stops_before_any_work_in_one_line(installed_project, tmp_path):
    """Catches a bad value that fails after the data gate, as a traceback, leaving a run folder."""
    result = installed_project.run(
        "ml-project", "train", "data.batch_size=-1", env=logs(tmp_path), check=False
    )
    assert result.returncode == 2
    errors = [line for line in result.stderr.splitlines() if "error" in line.lower()]
    assert errors == [
        "ml-project: error: data.batch_size=-1 is not allowed: a whole number >= 1"
    ], result.stderr
    assert "Traceback" not in result.stderr and runs(tmp_path) == []


def wait_for(path_glob, root: Path, timeout: float) -> Path:
    """The first path matching ``path_glob`` under ``root``, polled until ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = sorted(root.glob(path_glob))
        if found:
            return found[0]
        time.sleep(0.2)
    raise AssertionError(f"nothing matched {path_glob} under {root} within {timeout} s")


def test_sigterm_saves_a_checkpoint_exits_143_and_the_run_resumes(installed_project, tmp_path):
    """Catches a pre-empted job that looks successful (exit 0) and loses its partial work."""
    long_run = ("trainer.max_epochs=200", "test=false", "trainer.enable_progress_bar=false")
    job = installed_project.start(
        "ml-project", "train", *long_run, env=logs(tmp_path), log=tmp_path / "job.log"
    )
    try:
        wait_for("logs/train/runs/*/checkpoints/last.ckpt", tmp_path, timeout=180)
        job.send_signal(signal.SIGTERM)
        returncode = job.wait(timeout=120)
    finally:
        job.kill()
    output = (tmp_path / "job.log").read_text()
    assert returncode == 143, output[-3000:]
    assert "ml-project: error: stopped by SIGTERM at epoch" in output
    [preempted] = tmp_path.glob("logs/train/runs/*/checkpoints/preempted.ckpt")
    saved = torch.load(preempted, weights_only=True)

    resume = installed_project.run(
        "ml-project",
        "train",
        "ckpt_path=last",
        f"trainer.max_epochs={saved['epoch'] + 2}",
        *long_run[1:],
        env=logs(tmp_path),
    )
    # No notice that tells a user nothing (src/<package>/notices.py); Lightning's warning that
    # a mid-epoch checkpoint restarts its epoch's loader stays: it is true.
    for notice in ("LeafSpec", "The dirpath has changed"):
        assert notice not in resume.stdout + resume.stderr, resume.stderr[-3000:]
    [resumed] = tmp_path.glob("logs/train/runs/*/resume.json")
    record = resumed.read_text()
    assert str(preempted) in record and f'"global_step": {saved["global_step"]}' in record

    # Testing what the resumed run saved: sealed as it is loaded, and a log free of warnings.
    tested = installed_project.run(
        "ml-project",
        "evaluate",
        "ckpt_path=last",
        "+trainer.limit_test_batches=2",
        "trainer.enable_progress_bar=false",
        env=logs(tmp_path),
    )
    assert "warn" not in (tested.stdout + tested.stderr).lower(), tested.stderr[-3000:]
    assert "checkpoint tested: " in tested.stdout + tested.stderr


def test_simultaneous_runs_never_share_a_folder(installed_project, tmp_path):
    """Catches two runs started in the same second writing into one folder."""
    jobs = [
        installed_project.start(
            "ml-project", "train", *QUICK, env=logs(tmp_path), log=tmp_path / f"job{n}.log"
        )
        for n in (1, 2)
    ]
    assert [job.wait(timeout=300) for job in jobs] == [0, 0]
    folders = runs(tmp_path)
    assert len(folders) == 2, folders
    for folder in folders:
        assert (folder / ".hydra" / "config.yaml").is_file() and (folder / "train.log").is_file()
        assert (folder / "checkpoints" / "last.ckpt").is_file()
        assert len(list(folder.glob("csv/version_*"))) == 1, "two runs logged into one folder"


def test_load_benchmark_refuses_a_stale_export_in_one_line(installed_project, tmp_path):
    """Catches benchmarks/serve_load.py on an artifact from before the torch.export one: a
    traceback from the service that would not start, not a line saying to export again."""
    stale = tmp_path / "stale.pt2"
    stale.write_bytes(b"PK\x05\x06" + bytes(18))  # an empty zip: no export archive
    refused = installed_project.run(
        "python", "benchmarks/serve_load.py", "--start", "--model", str(stale), check=False
    )
    assert refused.returncode == 2 and "Traceback" not in refused.stderr, refused.stderr
    assert "stale.pt2 is not an exported model" in refused.stderr.strip().splitlines()[-1]
