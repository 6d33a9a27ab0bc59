"""Draw a run's pictures into its folder and send them to its trackers.

At the end of fitting: ``curves.png`` (loss and accuracy per epoch, those of the run it resumed
included). At the end of testing:
``confusion_matrix.png`` and ``hardest_test.png``, the test examples the tested model finds
hardest, titled ``id: true->predicted``. Only rank 0 draws.
"""

from __future__ import annotations

from pathlib import Path

import lightning as L

from .. import plots, tracking

#: Examples in the gallery of a run's hardest test examples.
GALLERY_SIZE = 16


class RunPlots(L.Callback):
    def __init__(self, dirpath: Path | str) -> None:
        self.dirpath = Path(dirpath)
        #: One dict of epoch metrics per finished training epoch, its number under "epoch".
        self.history: list[dict[str, float]] = []
        self.written: list[Path] = []

    # Saved in every checkpoint: a resumed run's curves go on from the epochs before it.
    def state_dict(self) -> dict:
        return {"history": self.history}

    def load_state_dict(self, state_dict: dict) -> None:
        self.history = list(state_dict.get("history", []))

    def on_train_epoch_end(self, trainer: L.Trainer, pl_module: L.LightningModule) -> None:
        # The epoch's validation (if any) ran before this hook: its metrics are here too.
        names = {name for _, curves in plots.CURVES for name in curves.values()}
        metrics = trainer.callback_metrics
        epoch = {name: float(metrics[name]) for name in names if name in metrics}
        self.history.append({**epoch, "epoch": trainer.current_epoch})

    def on_fit_end(self, trainer: L.Trainer, pl_module: L.LightningModule) -> None:
        if trainer.is_global_zero and self.history:
            self._save(trainer, plots.draw_curves(self.history), "curves.png")

    def on_test_end(self, trainer: L.Trainer, pl_module: L.LightningModule) -> None:
        if not trainer.is_global_zero:
            return
        from ..goldens.hard_examples import gallery, hardest

        # Counted over every rank by torchmetrics (models/classifier.py).
        matrix = pl_module.confusion["test"].numpy()
        title = "test split: true vs predicted class"
        figure = plots.draw_confusion_matrix(matrix, pl_module.class_names, title)
        self._save(trainer, figure, "confusion_matrix.png")
        net, was_training = pl_module.net, pl_module.net.training
        net.eval()  # dropout off: the losses of the model as it was tested
        worst = hardest(net, trainer.datamodule, "test", GALLERY_SIZE)
        net.train(was_training)
        suite = {**worst, "name": "hardest_test", "split": "test"}
        self._save(trainer, gallery(trainer.datamodule, suite), "hardest_test.png")

    def _save(self, trainer: L.Trainer, figure, name: str) -> None:
        path = plots.save(figure, self.dirpath / name)
        self.written.append(path)
        tracking.log_image(trainer.loggers, path, trainer.global_step)
