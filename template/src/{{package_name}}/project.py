"""Every command is a Hydra app composed from this repository's configs/, wherever it starts.

The console script (``cli.py``) and ``python -m <package>.<command>`` both end in :func:`run`:
it finds the project root (the nearest folder, from the current one upwards, that holds
``configs/train.yaml``), points Hydra at its ``configs/`` and turns the errors a person can fix
into one line on stderr and a non-zero exit status, instead of a traceback.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from omegaconf import DictConfig, OmegaConf, open_dict

from .notices import silence_dependency_notices

CONFIG_MARKER = Path("configs", "train.yaml")


class ProjectError(Exception):
    """A problem the person can fix; the command prints the message, not a traceback."""

    exit_code = 2


class UsageError(ProjectError):
    """A wrong command line, config value or path."""


def find_project_root(start: Path | None = None) -> Path:
    """The nearest folder at or above ``start`` (default: here) holding configs/train.yaml."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / CONFIG_MARKER).is_file():
            return folder
    raise UsageError(
        f"no {CONFIG_MARKER.as_posix()} in {here} or any folder above it: run this command "
        "inside the project's repository (or a folder below it)"
    )


def _register_resolvers() -> None:
    # ${project_root:} lets configs name files of the repo wherever a command starts;
    # ${pid:} keeps the run folders of simultaneous runs apart (see configs/paths/default.yaml).
    OmegaConf.register_new_resolver(
        "project_root", lambda: str(find_project_root()), use_cache=True, replace=True
    )
    OmegaConf.register_new_resolver("pid", os.getpid, use_cache=True, replace=True)


_register_resolvers()


def discard_if_empty(run_dir: Path) -> None:
    """Remove a run folder that holds nothing but Hydra's own record: a refused command leaves
    no half-written run behind (a run that did work keeps its folder, logs and checkpoints)."""
    if not run_dir.is_dir():
        return
    if all(path.name == ".hydra" or path.suffix == ".log" for path in run_dir.iterdir()):
        shutil.rmtree(run_dir, ignore_errors=True)


def fail(error: ProjectError) -> None:
    """Print ``error`` as the command's last words and exit with its status."""
    print(f"{__package__.replace('_', '-')}: error: {error}", file=sys.stderr)
    sys.exit(error.exit_code)


def write_into_sweep_folder(cfg: DictConfig) -> None:
    """A job writes into the folder Hydra gave it: in a multirun (``-m``), its own sweep folder.

    ``paths.output_dir`` names a run folder by time and process id, which the jobs of one sweep
    share; the sweep folder's ``<job number>/`` (hydra.sweep) is theirs alone. A DDP rank that
    Lightning started (``trainer=ddp``) is a process of its own too, which Lightning points at
    the first rank's folder (``hydra.run.dir``): all ranks write there.
    """
    from hydra.core.hydra_config import HydraConfig

    if "paths" in cfg:
        with open_dict(cfg):
            cfg.paths.output_dir = HydraConfig.get().runtime.output_dir


def run(
    task: Callable[[DictConfig], Any], config_name: str, argv: Sequence[str] | None = None
) -> Any:
    """Compose ``configs/<config_name>.yaml`` with the overrides in ``argv`` and run ``task``.

    Hydra parses the overrides, writes the run folder's ``.hydra/`` record and sets up
    logging; ``task`` gets the composed config. Returns what ``task`` returned.
    """
    import hydra

    silence_dependency_notices()
    try:
        config_dir = find_project_root() / "configs"
    except ProjectError as error:
        fail(error)
    outcome: dict[str, Any] = {}

    def job(cfg: DictConfig) -> Any:
        write_into_sweep_folder(cfg)
        try:
            outcome["value"] = task(cfg)
        except ProjectError as error:
            discard_if_empty(Path(cfg.paths.output_dir))
            fail(error)
        return outcome["value"]

    saved_argv = sys.argv
    sys.argv = [saved_argv[0], *(sys.argv[1:] if argv is None else argv)]
    try:
        app = hydra.main(version_base="1.3", config_path=str(config_dir), config_name=config_name)
        app(job)()
    finally:
        sys.argv = saved_argv
    return outcome.get("value")


def shown(path: Path | str) -> str:
    """``path`` relative to the project root when it lies inside, for messages people read."""
    path = Path(path)
    try:
        return path.resolve().relative_to(find_project_root()).as_posix()
    except (ValueError, UsageError):
        return str(path)
