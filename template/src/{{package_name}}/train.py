"""Train a model: ``<project> train [overrides]``. Thin on purpose: the configs decide."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import lightning as L
from lightning.pytorch.utilities.exceptions import SIGTERMException
from omegaconf import DictConfig

from . import tracking
from .build import as_floats, build_datamodule, build_model, build_trainer
from .callbacks.preemption import PreemptionCheckpoint, left_by_preemption
from .callbacks.resume_check import ResumeCheck
from .callbacks.run_plots import RunPlots
from .checkpoints import load_checkpoint, resolve_resume
from .cluster import submitit_logs
from .config_checks import check_config
from .data.base import ImageDataModule
from .project import ProjectError, run
from .summary import log_summary

log = logging.getLogger(__name__)


class Preempted(ProjectError):
    """SIGTERM stopped the run; the message says what was saved and how to go on."""

    exit_code = 143  # 128 + SIGTERM, what a shell reports for a process SIGTERM ended


class Interrupted(ProjectError):
    """Ctrl-C (SIGINT) stopped the run; the message says what was saved and how to go on."""

    exit_code = 130  # 128 + SIGINT


@contextmanager
def stops_explained(
    trainer: L.Trainer, preemption: PreemptionCheckpoint, stage: str
) -> Iterator[None]:
    """A signal that stops ``stage`` (fit or test) ends the run with an error saying what was
    saved and how to go on, never with status 0 (Lightning's SIGTERMException is a SystemExit
    of code None) nor a silent 1 (its answer to Ctrl-C)."""
    try:
        yield
    except SIGTERMException:
        if preemption.warned_by is not None:
            log.warning(
                "Stopped by the cluster's warning signal (%s) at epoch %d, step %d; saved %s: "
                "requeueing, the requeued job resumes from it",
                preemption.warned_by.name,
                trainer.current_epoch,
                trainer.global_step,
                preemption.saved,
            )
            preemption.requeue()
        where = stopped_where(trainer, preemption.saved, stage)
        raise Preempted(f"stopped by SIGTERM {where}") from None
    except SystemExit as stop:  # after SIGTERMException, a SystemExit too
        if not preemption.interrupted:
            raise
        where = stopped_where(trainer, preemption.saved, stage)
        raise Interrupted(f"interrupted (Ctrl-C) {where}") from stop


def stopped_where(trainer: L.Trainer, saved: Path | None, stage: str) -> str:
    """Where a stopped run stood, what it saved, and the command that goes on from there."""
    if stage == "test":
        return (
            "while testing, after training finished: its checkpoints are saved; test the best "
            "with `evaluate ckpt_path=best`"
        )
    return (
        f"at epoch {trainer.current_epoch}, step {trainer.global_step}; saved {saved}: "
        "resume with ckpt_path=last"
    )


def nothing_left_to_train(resumed: Path, saved: dict, max_epochs: int) -> str:
    """What a resume of a run that had finished says: Lightning itself says nothing."""
    return (
        f"NOTHING TRAINED: {resumed} is the end of a finished run (epoch {saved['epoch']}, step "
        f"{saved['global_step']}; trainer.max_epochs={max_epochs}). To train on from it, raise "
        f"trainer.max_epochs (for example trainer.max_epochs={max_epochs + 5})"
    )


def check_data_gate(cfg: DictConfig, datamodule: ImageDataModule) -> str:
    """Refuse data that fails the expectation suites, unless data_gate.enabled=false.

    Returns the verdict, for the run's summary.
    """
    gate = cfg.get("data_gate")
    if gate is not None and not gate.enabled:
        log.warning("DATA GATE DISABLED (data_gate.enabled=false): training on unvalidated data.")
        return "data gate: DISABLED (data_gate.enabled=false)"
    from .data_gate.gate import require_valid

    return f"data gate: {require_valid(datamodule, gate)}"


def train(cfg: DictConfig) -> dict[str, float]:
    """Fit the configured model, then test its best checkpoint; return all logged metrics.

    The metrics are also written to ``<output_dir>/metrics.json``.
    """
    check_config(cfg)
    output_dir = Path(cfg.paths.output_dir)
    resume_from = resolve_resume(cfg.get("ckpt_path"), Path(cfg.paths.runs_dir))
    # A job the cluster requeued after pre-empting it runs again in the same run folder.
    resume_from = resume_from or left_by_preemption(output_dir / "checkpoints")
    # Refuse an unsafe, unreadable or non-finite checkpoint before any expensive work.
    saved = load_checkpoint(resume_from) if resume_from else None
    if cfg.get("seed") is not None:
        L.seed_everything(cfg.seed, workers=True)
    datamodule = build_datamodule(cfg)
    gate_verdict = check_data_gate(cfg, datamodule)
    model = build_model(cfg, datamodule)
    preemption = PreemptionCheckpoint(output_dir / "checkpoints")
    extra = [preemption, RunPlots(output_dir / "plots")]
    if resume_from is not None:
        extra.append(ResumeCheck(resume_from, saved, output_dir / "resume.json"))
    trainer = build_trainer(cfg, extra_callbacks=extra)
    parameters = tracking.run_parameters(cfg, datamodule.fingerprint())
    tracking.log_parameters(trainer.loggers, parameters)
    with stops_explained(trainer, preemption, "fit"):
        trainer.fit(model, datamodule=datamodule, ckpt_path=resume_from, weights_only=True)
    metrics = as_floats(trainer.callback_metrics)
    notes = [gate_verdict]
    if saved is not None and trainer.global_step == saved["global_step"]:
        notes.append(nothing_left_to_train(resume_from, saved, trainer.max_epochs))
        log.warning(notes[-1])
    if cfg.get("test"):
        # The best epoch's checkpoint (callbacks.best_checkpoint), else the weights as they are.
        best = trainer.checkpoint_callback and trainer.checkpoint_callback.best_model_path
        with stops_explained(trainer, preemption, "test"):
            trainer.test(model, datamodule=datamodule, ckpt_path=best or None, weights_only=True)
        metrics.update(as_floats(trainer.callback_metrics))
    output_dir.mkdir(parents=True, exist_ok=True)
    (output_dir / "metrics.json").write_text(json.dumps(metrics, indent=2, sort_keys=True) + "\n")
    if logs := submitit_logs():
        notes.append(f"submitit's logs of this job (its stdout and stderr): {logs}")
    log_summary(trainer, output_dir, metrics, notes)
    return metrics


def main(argv: Sequence[str] | None = None) -> None:
    def job(cfg: DictConfig) -> float | None:
        metrics = train(cfg)
        # Returned so that Hydra sweepers (configs/hparams_search/) can optimize it.
        return metrics.get(cfg.get("optimized_metric", ""))

    run(job, "train", argv)


if __name__ == "__main__":
    main()
