"""Verify that a resumed run starts from exactly the state its checkpoint saved, and record it.

Lightning restores weights, optimizer and loop state before the first training step; this
callback compares what was restored with the file itself, refuses a mismatch, and writes
``resume.json`` in the run folder (checkpoint, epoch, step): the run's provenance.
"""

from __future__ import annotations

import json
from pathlib import Path

import lightning as L
import torch

from ..project import ProjectError


class ResumeMismatchError(ProjectError):
    exit_code = 4


def same_tensors(restored: object, saved: object) -> bool:
    """Exact equality of nested dicts/lists of tensors and plain values."""
    if torch.is_tensor(restored) and torch.is_tensor(saved):
        return restored.shape == saved.shape and torch.equal(restored.cpu(), saved.cpu())
    if isinstance(restored, dict) and isinstance(saved, dict):
        return restored.keys() == saved.keys() and all(
            same_tensors(restored[key], saved[key]) for key in restored
        )
    if isinstance(restored, (list, tuple)) and isinstance(saved, (list, tuple)):
        return len(restored) == len(saved) and all(map(same_tensors, restored, saved))
    return restored == saved


class ResumeCheck(L.Callback):
    def __init__(self, checkpoint: Path, saved: dict, record: Path) -> None:
        self.checkpoint, self.saved, self.record = checkpoint, saved, record

    def on_train_start(self, trainer: L.Trainer, pl_module: L.LightningModule) -> None:
        optimizers = [optimizer.state_dict() for optimizer in trainer.optimizers]
        checks = {
            "weights": same_tensors(pl_module.state_dict(), self.saved["state_dict"]),
            "optimizer_state": same_tensors(optimizers, self.saved["optimizer_states"]),
            "global_step": trainer.global_step == self.saved["global_step"],
        }
        if not all(checks.values()):
            differ = ", ".join(name for name, same in checks.items() if not same)
            raise ResumeMismatchError(f"resuming from {self.checkpoint} did not restore: {differ}")
        self.record.parent.mkdir(parents=True, exist_ok=True)
        self.record.write_text(
            json.dumps(
                {
                    "checkpoint": str(self.checkpoint),
                    "epoch": trainer.current_epoch,
                    "global_step": trainer.global_step,
                    "restored_exactly": sorted(checks),
                },
                indent=2,
            )
            + "\n"
        )
