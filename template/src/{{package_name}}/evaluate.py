"""Test a checkpoint on the test split: ``<project> evaluate ckpt_path=...``."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from omegaconf import DictConfig, OmegaConf

from . import tracking
from .build import as_floats, build_datamodule, build_model, build_trainer
from .callbacks.run_plots import RunPlots
from .checkpoints import NAMED, checkpoint_named_by, load_checkpoint
from .config_checks import check_config
from .project import UsageError, run
from .summary import log_summary


def evaluate(cfg: DictConfig) -> dict[str, float]:
    """Test ``cfg.ckpt_path`` and write the metrics to ``<output_dir>/metrics.json``.

    The run folder also gets the test's confusion matrix and hardest examples (``plots/``).
    """
    check_config(cfg)
    if OmegaConf.is_missing(cfg, "ckpt_path"):
        named = ", ".join(f"ckpt_path={name} ({what})" for name, what in NAMED.items())
        raise UsageError(
            f"evaluate tests a checkpoint: pass {named} or ckpt_path=<path to a .ckpt file>"
        )
    checkpoint = checkpoint_named_by(cfg)
    # Refuses a missing, unsafe or non-finite file before any work.
    weights = load_checkpoint(checkpoint)["state_dict"]
    output_dir = Path(cfg.paths.output_dir)
    datamodule = build_datamodule(cfg)
    model = build_model(cfg, datamodule)
    # The weights alone: a test needs nothing else of the training run's state, and Lightning
    # would warn that the run's checkpoint callbacks are not there to restore.
    model.load_state_dict(weights)
    trainer = build_trainer(cfg, extra_callbacks=[RunPlots(output_dir / "plots")])
    parameters = tracking.run_parameters(cfg, datamodule.fingerprint())
    tracking.log_parameters(trainer.loggers, {**parameters, "ckpt_path": str(checkpoint)})
    trainer.test(model, datamodule=datamodule)
    metrics = as_floats(trainer.callback_metrics)
    output_dir.mkdir(parents=True, exist_ok=True)
    (output_dir / "metrics.json").write_text(json.dumps(metrics, indent=2, sort_keys=True))
    log_summary(trainer, output_dir, metrics, [f"checkpoint tested: {checkpoint}"])
    return metrics


def main(argv: Sequence[str] | None = None) -> None:
    run(evaluate, "evaluate", argv)


if __name__ == "__main__":
    main()
