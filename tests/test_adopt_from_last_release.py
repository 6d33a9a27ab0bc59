"""A repo adopted with the last release (0.2.0, from tests/fixtures) updates to this one and
keeps every file of its own, even those 0.2.0 had met with a twin.

0.2.0 wrote its tooling at the repo's root, beside the repo's own files (a packaged project
with its own pre-commit config, whose README names `python -m tinyseg.train`). This release
renders only under names of its own, and its migrations leave an adopted repo alone.
"""

from __future__ import annotations

import pytest

from tests.helpers.adoption import conflicted
from tests.helpers.git import commit_all, git
from tests.helpers.rendering import render, rendered_files, update
from tests.helpers.repo_shapes import PACKAGED, build, changed_files
from tests.helpers.template_releases import LAST_RELEASE, template_after_last_release


@pytest.fixture(scope="module")
def updated(tmp_path_factory):
    """(repo, its own files, what 0.2.0 added): adopted as 0.2.0's docs said, then updated."""
    root = tmp_path_factory.mktemp("adopted-0.2.0")
    template = template_after_last_release(root / "template")
    project = root / "repo"
    own = build(project, PACKAGED)
    # 0.2.0's docs: `-d project_kind=tooling-only -d package_name=your_package`.
    render(
        project,
        template=template,
        vcs_ref=LAST_RELEASE,
        project_kind="tooling-only",
        package_name="tinyseg",
    )
    added = rendered_files(project) - set(own)
    commit_all(project, f"Adopt ml-testkit {LAST_RELEASE}")
    update(project, trust=True)  # 0.3.0 has a migration: the CHANGELOG says --trust
    return project, own, {name: (project / name).read_bytes() for name in added}


def test_update_keeps_every_file_of_the_repo(updated):
    """Catches an update that merges the template's pre-commit config into the repo's own, or
    a migration that rewrites the repo's README."""
    project, own, _ = updated
    assert changed_files(project, own) == []
    assert conflicted(project) == []


def test_update_adds_this_release_under_names_of_its_own(updated):
    """Catches an update that never brings an adopted repo the tooling under names of its own."""
    project, _, added_by_last_release = updated
    new = {line[3:].rstrip("/") for line in git(project, "status", "--porcelain").splitlines()}
    assert {".ml-testkit", ".github/workflows/ml-testkit.yml", ".copier-answers.yml"} <= new
    # What 0.2.0 wrote stays for the maintainer to remove (the CHANGELOG lists it): copier
    # never deletes a file, and some of them may have been edited since.
    del added_by_last_release[".copier-answers.yml"]
    assert changed_files(project, added_by_last_release) == []
