"""The exact set of files a render must hold, worked out from template/ itself.

Every file copier takes from template/ (what git lists there, minus copier.yml's `_exclude`)
becomes the path it renders to: the `.jinja` suffix dropped, `{{package_name}}` and
`{{_copier_conf.answers_file}}` filled in, and a conditional name `{% if ... %}NAME{% endif %}`
written as NAME. Whether a conditional file is rendered is never read from its name: LEFT_OUT
states it, so a wrong condition in a file name makes the render differ from this set.
"""

from __future__ import annotations

import re
from fnmatch import fnmatchcase
from pathlib import PurePosixPath

from tests.helpers.git import listed_files
from tests.helpers.rendering import TEMPLATE_ROOT, copier_config
from tests.helpers.variants import default_answer

#: What an answer leaves out of a render, as rendered paths; a trailing "/" is a whole folder,
#: and {package} stands for the package's name.
LEFT_OUT = {
    ("license", "proprietary"): {"LICENSE"},
    ("include_gpu_workflow", False): {
        ".github/workflows/gpu.yml",
        ".github/workflows/ml-testkit-gpu.yml",
        ".github/actionlint.yaml",
        "docs/gpu-runner.md",
    },
    ("include_notebooks", False): {"notebooks/"},
    ("include_service", False): {
        "src/{package}/serving/",
        "src/{package}/monitoring/",
        "configs/serving/",
        "configs/monitoring/",
        "configs/serve.yaml",
        "configs/replay.yaml",
        "configs/monitor.yaml",
        "configs/canary_verdict.yaml",
        "scripts/monitor-served.sh",
        "tests/serving/",
        "tests/monitoring/",
        "benchmarks/serve_load.py",
        "docs/serving.md",
        "docs/monitoring.md",
        ".github/workflows/monitor.yml",
    },
    # A new repo has none of what an adopted repo gets under names of ml-testkit's own.
    ("project_kind", "full"): {
        ".ml-testkit/",
        ".github/workflows/ml-testkit.yml",
        ".github/workflows/ml-testkit-update.yml",
        ".github/workflows/ml-testkit-gpu.yml",
    },
}

#: What an answer keeps, where it keeps a few paths only: every other one is left out. Prefixes.
KEPT_ONLY = {
    # Adopting a repo writes only under names no repo has, never the example or a repo's file.
    ("project_kind", "tooling-only"): (
        ".ml-testkit/",
        ".github/workflows/ml-testkit",
        ".github/actionlint.yaml",
        ".copier-answers.yml",
    ),
}

CONDITIONAL_NAME = re.compile(r"{%-?\s*if\b.*?%}(.*?){%-?\s*endif\s*-?%}")


def template_files() -> list[str]:
    """What copier takes from template/: the files git lists there, minus `_exclude`.

    Only `_exclude`'s fixed patterns apply here; the one that depends on an answer is stated
    in LEFT_OUT instead.
    """
    patterns = [p for p in copier_config()["_exclude"] if "{" not in p]
    if any("/" in pattern for pattern in patterns):
        raise AssertionError(f"_exclude has a pattern with a slash, which {__name__} cannot match")
    return [
        name
        for name in listed_files(TEMPLATE_ROOT / "template")
        if not any(fnmatchcase(part, p) for part in PurePosixPath(name).parts for p in patterns)
    ]


def rendered_path(template_path: str, package_name: str) -> str:
    """The path ``template_path`` (relative to template/) renders to, when it renders."""
    path = CONDITIONAL_NAME.sub(r"\1", template_path)
    path = path.replace("{{package_name}}", package_name)
    path = path.replace("{{_copier_conf.answers_file}}", copier_config()["_answers_file"])
    if "{" in path:
        raise AssertionError(
            f"template/{template_path}: a templated name {__name__} cannot read yet; "
            "teach rendered_path() how it renders"
        )
    return path.removesuffix(copier_config()["_templates_suffix"])


def expected_files(answers: dict) -> set[str]:
    """The files a render holds; questions missing from ``answers`` take their default."""
    files = {rendered_path(name, answers["package_name"]) for name in template_files()}

    def answered(question: str, answer) -> bool:
        return answers.get(question, default_answer(question, answers)) == answer

    for (question, answer), left_out in LEFT_OUT.items():
        if answered(question, answer):
            left_out = {path.replace("{package}", answers["package_name"]) for path in left_out}
            folders = tuple(path for path in left_out if path.endswith("/"))
            files = {f for f in files if f not in left_out and not f.startswith(folders)}
    for (question, answer), kept in KEPT_ONLY.items():
        if answered(question, answer):
            files = {f for f in files if f.startswith(kept)}
    return files
