"""Sessions of the generator: `nox -s tests`, `nox -s demo`, `nox -s docs`.

Sessions run in the current environment (venv_backend="none"): a fresh virtualenv that
installs plain `torch` would pull a multi-GB CUDA build, so install the CPU build of torch
first (see README) and let the sessions add the rest.
"""

from __future__ import annotations

import os
import sys
import tempfile
import tomllib
from pathlib import Path

import nox

ROOT = Path(__file__).resolve().parent
DEMO_DIR = ROOT / "build" / "demo"

nox.options.sessions = ["tests"]
nox.options.default_venv_backend = "none"


def render_default(session: nox.Session, destination: Path) -> Path:
    """`copier copy --defaults` of this checkout (uncommitted edits included), no trust."""
    session.run(
        "copier",
        "copy",
        "--defaults",
        "--overwrite",
        "--vcs-ref",
        "HEAD",
        "--quiet",
        str(ROOT),
        str(destination),
    )
    return destination


def group_requirements(pyproject: dict, group: str) -> list[str]:
    """The requirements of a dependency group (PEP 735), the groups it includes expanded."""
    requirements = []
    for entry in pyproject["dependency-groups"][group]:
        if isinstance(entry, dict):
            requirements += group_requirements(pyproject, entry["include-group"])
        else:
            requirements.append(entry)
    return requirements


def project_requirements(project: Path) -> list[str]:
    """What a rendered project's tests use, read from its pyproject.toml: its dependencies,
    every extra (the trackers, which the generator's tests run), the dev group and the
    mutation group (tests/test_mutation_testing.py runs mutmut)."""
    pyproject = tomllib.loads((project / "pyproject.toml").read_text())
    table = pyproject["project"]
    extras = [
        requirement for group in table["optional-dependencies"].values() for requirement in group
    ]
    groups = group_requirements(pyproject, "dev") + group_requirements(pyproject, "mutation")
    return table["dependencies"] + extras + groups


def install_requirements(session: nox.Session) -> None:
    """The generator's test tools, then what every generated project needs."""
    session.run_install(
        sys.executable, "-m", "pip", "install", "-q", "-r", "tests/requirements.txt"
    )
    with tempfile.TemporaryDirectory() as scratch:
        project = render_default(session, Path(scratch) / "project")
        requirements = project_requirements(project)
    session.run_install(sys.executable, "-m", "pip", "install", "-q", *requirements)


@nox.session
def tests(session: nox.Session) -> None:
    """The generator's tests: render every variant and run what comes out.

    Two pytest-xdist workers per two CPUs (`-n auto`), each module on one worker so that its
    module fixtures are built once (`--dist loadfile`). Each test is named as it ends (-v), and
    build/test-report.xml records every test's time (benchmarks/test_costs.py sums it by module).
    """
    install_requirements(session)
    report = f"--junitxml={ROOT / 'build' / 'test-report.xml'}"
    # --no-loadscope-reorder: modules in collection order, longest first (tests/conftest.py),
    # rather than xdist's order by test count, which starts the two-test docs module last.
    xdist = ["-n", "auto", "--dist", "loadfile", "--no-loadscope-reorder"]
    args = session.posargs or ["tests", "-v", *xdist, report]
    session.run(sys.executable, "-m", "pytest", *args)


@nox.session
def demo(session: nox.Session) -> None:
    """Render the default project into build/demo and train it."""
    install_requirements(session)
    project = render_default(session, DEMO_DIR)
    package = tomllib.loads((project / "pyproject.toml").read_text())["project"]["name"]
    env = {"PYTHONPATH": str(project / "src")}
    with session.chdir(project):
        session.run(
            sys.executable, "-m", f"{package.replace('-', '_')}.train", *session.posargs, env=env
        )
    session.log(f"Rendered and trained: {project} (logs and checkpoints under {project / 'logs'})")


@nox.session
def docs(session: nox.Session) -> None:
    """Build the docs site strictly: a broken link or a page missing from the nav fails.

    The site's pictures come from a render of this checkout whose commands run at build time
    (docs/hooks/pictures.py), so the session installs what the tests do: copier, mkdocs and its
    theme (tests/requirements.txt), and what a generated project needs.
    """
    install_requirements(session)
    session.run("mkdocs", "build", "--strict", "--site-dir", os.fspath(ROOT / "build" / "site"))
