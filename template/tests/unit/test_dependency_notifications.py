"""Dependency changes result in notification: Dependabot watches what this repo depends on.

The check is the workflow, not this test: Dependabot opens a pull request for each new version,
and CI runs the suite on it. This test proves it is configured to: every kind of dependency the
repo has (Python packages in pyproject.toml, the GitHub Actions its workflows pin) is watched,
on a schedule.
"""

from __future__ import annotations

import pytest
import yaml

from tests.hydra_configs import PROJECT_ROOT

DEPENDABOT = ".github/dependabot.yml"
#: Each ecosystem this repo uses, and the file that shows it does.
ECOSYSTEMS = {"pip": "pyproject.toml", "github-actions": ".github/workflows"}
SCHEDULES = {"daily", "weekly"}


@pytest.mark.ml_test_score("monitor-1", workflow=DEPENDABOT)
def test_every_kind_of_dependency_is_watched_on_a_schedule():
    """Catches a dependency that changes unseen: an ecosystem dropped from Dependabot, or
    watched too rarely to notice a release before it breaks the build."""
    updates = yaml.safe_load((PROJECT_ROOT / DEPENDABOT).read_text())["updates"]
    watched = {update["package-ecosystem"]: update for update in updates}
    for ecosystem, evidence in ECOSYSTEMS.items():
        assert (PROJECT_ROOT / evidence).exists()
        assert ecosystem in watched, f"{DEPENDABOT} does not watch {ecosystem} ({evidence})"
        interval = watched[ecosystem]["schedule"]["interval"]
        assert interval in SCHEDULES, f"{ecosystem} checked {interval}, not daily or weekly"
