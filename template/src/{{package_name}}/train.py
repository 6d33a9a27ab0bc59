"""Train a model: ``<project> train [overrides]``. Thin on purpose: the configs decide."""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
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
    """SIGTERM stopped training; a checkpoint was saved to resume from."""

    exit_code = 143  # 128 + SIGTERM, what a shell reports for a process SIGTERM ended


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
    try:
        trainer.fit(model, datamodule=datamodule, ckpt_path=resume_from, weights_only=True)
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
        raise Preempted(
            f"stopped by SIGTERM at epoch {trainer.current_epoch}, step {trainer.global_step}; "
            f"saved {preemption.saved}: resume with ckpt_path=last"
        ) from None
    metrics = as_floats(trainer.callback_metrics)
    if cfg.get("test"):
        # The best epoch's checkpoint (callbacks.best_checkpoint), else the weights as they are.
        best = trainer.checkpoint_callback and trainer.checkpoint_callback.best_model_path
        trainer.test(model, datamodule=datamodule, ckpt_path=best or None, weights_only=True)
        metrics.update(as_floats(trainer.callback_metrics))
    output_dir.mkdir(parents=True, exist_ok=True)
    (output_dir / "metrics.json").write_text(json.dumps(metrics, indent=2, sort_keys=True) + "\n")
    notes = [gate_verdict]
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
