"""A git clone of this template that a test changes and tags, as its maintainers would.

Each lifecycle test builds its own release history in a temporary folder: an "older" release,
tagged; then a change to the template and a newer tag; then a project updated across them.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from tests.helpers.edits import append_to, replace_in
from tests.helpers.git import commit_all, git, init_repo, listed_files
from tests.helpers.rendering import TEMPLATE_ROOT

#: The last published release, as a git bundle (one commit, tagged): update tests need no
#: history in the clone they run from.
LAST_RELEASE = "v0.2.0"
LAST_RELEASE_BUNDLE = Path(__file__).resolve().parents[1] / "fixtures" / "ml-testkit-v0.2.0.bundle"


def this_release() -> str:
    """The release this working tree becomes: the newest version in CHANGELOG.md."""
    changelog = (TEMPLATE_ROOT / "CHANGELOG.md").read_text()
    return "v" + re.search(r"^## \[(\d+\.\d+\.\d+)\]", changelog, re.M).group(1)


def template_after_last_release(destination: Path) -> Path:
    """The template's history as users see it: the last release, then this working tree.

    Tags LAST_RELEASE (from the bundle) and this_release() (the working tree, committed on top).
    """
    git(destination.parent, "clone", "--quiet", str(LAST_RELEASE_BUNDLE), destination.name)
    git(destination, "checkout", "--quiet", "-B", "main", LAST_RELEASE)
    git(destination, "rm", "-r", "--quiet", ".")
    copy_working_tree(destination)
    release(destination, this_release(), "This release")
    return destination


def copy_working_tree(destination: Path) -> Path:
    """This template's files (uncommitted edits included, ignored files not) in ``destination``."""
    for name in listed_files(TEMPLATE_ROOT):
        target = destination / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(TEMPLATE_ROOT / name, target)
    return destination


def clone_template(destination: Path) -> Path:
    """This template's working tree (uncommitted edits included, ignored files not) as a repo."""
    copy_working_tree(destination)
    return init_repo(destination, "Template snapshot")


def release(template: Path, version: str, message: str) -> None:
    """Commit whatever changed in the template and tag it as ``version``."""
    commit_all(template, message)
    git(template, "tag", version)


def undo_scale_up_rename(template: Path) -> set[str]:
    """Make the template look like v0.1.0, before v0.2.0 renamed experiment=scale_up.

    Returns the rendered paths whose text mentions the experiment, which the migration edits.
    """
    files = template / "template"
    experiments = files / "configs" / "experiment"
    (experiments / "digits_scale_up.yaml").rename(experiments / "scale_up.yaml")
    mentions = set()
    for path in files.rglob("*"):
        if path.is_file() and "experiment=digits_scale_up" in path.read_text(errors="replace"):
            replace_in(path, "experiment=digits_scale_up", "experiment=scale_up", count=None)
            mentions.add(path.relative_to(files).as_posix().removesuffix(".jinja"))
    return mentions


#: What the later release in the adoption stories adds: a hook, and a line to each file an
#: adopted repo may already have one of (its own CONTRIBUTING.md, .gitignore, .flake8).
LATER_HOOK = """\
      - id: check-json
        name: JSON parses
        entry: check-json
        language: python
        additional_dependencies: ["pre-commit-hooks==6.0.0"]
        types: [json]
"""
LATER_LINES = {
    "CONTRIBUTING.md.jinja": "\nReleases of the template are announced in its CHANGELOG.\n",
    ".gitignore": "\n# Type checker cache\n.mypy_cache/\n",
    ".flake8": "    # Generated protobuf modules are not ours to lint.\n    *_pb2.py: E501\n",
}


def next_patch(version: str) -> str:
    """v0.3.0 -> v0.3.1."""
    major, minor, patch = version.removeprefix("v").split(".")
    return f"v{major}.{minor}.{int(patch) + 1}"


def release_changing_shared_files(template: Path, version: str) -> None:
    """Release ``version``: a new hook in the pre-commit config, a line in CONTRIBUTING.md,
    .gitignore and .flake8: files a generated repo takes from the template whole, and that an
    adopted repo may have had before."""
    files = template / "template"
    append_to(files / ".pre-commit-config.yaml.jinja", LATER_HOOK)
    for name, line in LATER_LINES.items():
        append_to(files / name, line)
    release(template, version, f"Release {version}: a JSON hook, lines in shared files")
