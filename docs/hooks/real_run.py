"""A real render of this checkout, and the generated project's own commands run in it.

What the docs site shows of a generated project comes from here: the render's files, the
pictures its commands draw and the Data Docs its data gate builds. Nothing is drawn by hand.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml
from mkdocs.exceptions import PluginError

#: The commands a person runs first, in order; each writes something the docs show. Two epochs
#: are enough for a confusion matrix with real mistakes in it, and cost seconds.
COMMANDS = [
    ["validate-data"],
    ["train", "trainer.max_epochs=2"],
    ["hard-examples"],
]

#: What the site shows of the project once the commands ran, by the name it is kept under in
#: the products' site/ folder. (`*` in a run folder's name: `train` names it for the time and
#: its process id.)
PICTURES = {
    "confusion_matrix.png": "logs/train/runs/*/plots/confusion_matrix.png",
    "hardest_test.png": "logs/hard_examples/hardest_test.png",
    "hardest_val.png": "logs/hard_examples/hardest_val.png",
    "data-docs": "gx/uncommitted/data_docs/local_site",
}

#: What the products record of the render itself, in their render/ folder: its files, one
#: POSIX path a line, listed before any command wrote logs or caches; and its answers.
FILE_LIST = "render/files.txt"
ANSWERS = "render/copier-answers.yml"
#: Where the products keep PICTURES.
SITE = "site"


def run(command: list[str], cwd: Path, env: dict[str, str] | None = None) -> None:
    """Run ``command``; if it fails, stop the docs build with the end of what it printed."""
    result = subprocess.run(
        command, cwd=cwd, env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL
    )
    if result.returncode != 0:
        tail = "\n".join((result.stdout + result.stderr).splitlines()[-40:])
        raise PluginError(
            f"docs pictures: `{' '.join(command)}` failed in {cwd} (exit {result.returncode}); "
            f"the site shows what it makes, so fix the template first:\n{tail}"
        )


def render(template: Path, destination: Path) -> Path:
    """`copier copy --defaults` of this checkout at HEAD, uncommitted edits included, no trust."""
    copier = [sys.executable, "-m", "copier", "copy", "--defaults", "--quiet"]
    run([*copier, "--vcs-ref", "HEAD", str(template), str(destination)], cwd=template)
    return destination


def listed_files(project: Path) -> list[str]:
    return sorted(
        path.relative_to(project).as_posix() for path in project.rglob("*") if path.is_file()
    )


def run_commands(project: Path) -> None:
    """Each of COMMANDS as `python -m <package>.cli COMMAND`, from the project's root."""
    answers = yaml.safe_load((project / ".copier-answers.yml").read_text())
    # LOG_DIR is pinned: a reader's own LOG_DIR would send the runs' outputs elsewhere.
    env = {**os.environ, "PYTHONPATH": str(project / "src"), "LOG_DIR": str(project / "logs")}
    for command in COMMANDS:
        run([sys.executable, "-m", f"{answers['package_name']}.cli", *command], project, env)


def collect(project: Path, destination: Path) -> None:
    """Copy each of PICTURES out of ``project`` into ``destination``, under its name."""
    destination.mkdir(parents=True)
    for name, pattern in PICTURES.items():
        found = sorted(project.glob(pattern))
        if len(found) != 1:
            raise PluginError(
                f"docs pictures: expected one {pattern} in the render, found {len(found)}: "
                "did a command stop writing it, or write it elsewhere?"
            )
        copy = shutil.copytree if found[0].is_dir() else shutil.copy2
        copy(found[0], destination / name)


def make_products(template: Path, destination: Path) -> None:
    """Render ``template`` and record it, run its commands and keep their pictures in site/."""
    with tempfile.TemporaryDirectory(prefix="docs-pictures-") as scratch:
        project = render(template, Path(scratch) / "project")
        (destination / FILE_LIST).parent.mkdir(parents=True)
        (destination / FILE_LIST).write_text("\n".join(listed_files(project)) + "\n")
        shutil.copy2(project / ".copier-answers.yml", destination / ANSWERS)
        run_commands(project)
        collect(project, destination / SITE)
