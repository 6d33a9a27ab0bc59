"""The generated repo serves its model and monitors the traffic, with the commands a person types.

In `installed_project`, through its console script: `export`, `serve` on a free loopback port,
`replay`, `monitor`, the load benchmark, and the monitoring workflow's steps as written, on the
log a real `serve` wrote. The
generated tests (tests/serving/, tests/monitoring/) prove the rest; every variant runs them in
test_generated_suite_passes.py.
"""

from __future__ import annotations

import json
import re
from datetime import datetime, timezone

import pytest
import yaml

from tests.helpers.commands import run_cli
from tests.helpers.git import git
from tests.helpers.service import free_port, serving

#: The committed golden model's weights, which the monitoring workflow exports.
WEIGHTS = "tests/model/goldens/weights.pt"
#: What `monitor` prints when inverted traffic has moved the mean of each image's mean value.
DRIFT = "FAILED digits_served_inputs: expect_column_mean_to_be_between on column 'pixel_mean'"


@pytest.fixture(scope="module")
def service(installed_project, tmp_path_factory):
    """The golden model, exported and served as the README says, logging to its own file."""
    installed_project.run("ml-project", "export")
    scratch = tmp_path_factory.mktemp("service")
    log = scratch / "predictions.jsonl"
    with serving(installed_project, scratch / "serve.out", f"serving.prediction_log={log}") as s:
        yield s, log


def test_serve_answers_as_its_docs_say(installed_project, service):
    """/health, /metadata and the docs' own /predict example, over the wire."""
    running, _ = service
    docs = (installed_project.project / "docs/serving.md").read_text()
    example = json.loads(re.search(r"-d '(\{.*?\})'", docs).group(1))
    with running.client() as client:
        health = client.get("/health").json()
        metadata = client.get("/metadata").json()
        answer = client.post("/predict", json=example).json()
    assert health == {**health, "status": "ok", "model_version": metadata["model_version"]}
    assert isinstance(health["worker"], int)
    assert {"trained_at", "data_fingerprint", "exported_at", "class_names"} <= metadata.keys()
    assert answer["predictions"][0]["class_name"] == "0"
    assert f"on http://127.0.0.1:{running.port}" in running.output.read_text()


def test_bad_requests_get_a_4xx_naming_the_field_and_the_service_keeps_serving(service):
    """Over the wire: a value out of range, NaN, a body too large to read; then a good one."""
    running, _ = service
    good = [[0.0] * 8 for _ in range(8)]
    out_of_range = [row[:] for row in good]
    out_of_range[2][5] = 99.0
    with running.client() as client:
        refused = client.post("/predict", json={"image": out_of_range})
        nan = client.post(
            "/predict", content=b'{"image": [[NaN]]}', headers={"content-type": "application/json"}
        )
        huge = client.post("/predict", content=b"0" * 2_000_000)
        assert client.post("/predict", json={"image": good}).status_code == 200
    assert refused.status_code == 422
    assert refused.json()["error"].startswith("image[2][5]: Input should be less than or equal")
    assert nan.status_code == 422 and "image[0][0]: Input should be a finite number" in nan.text
    assert huge.status_code == 413 and "body of 2000000 bytes" in huge.json()["error"]


def test_drifted_traffic_makes_monitor_fail_naming_the_expectation(installed_project, service):
    """`replay invert=true` sends the test split inverted; `monitor` exits 1 naming the drift,
    in plain lines, and writes only what git ignores. (The monitoring workflow's test below
    shows clean traffic passing.)"""
    running, log = service
    replayed = installed_project.run(
        "ml-project", "replay", f"serving.port={running.port}", "invert=true"
    )
    assert "Sent 270 test images in 270 requests" in replayed.stdout
    assert "270 served, 0 refused" in replayed.stdout
    failed = installed_project.run(
        "ml-project", "monitor", f"serving.prediction_log={log}", check=False
    )
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert DRIFT in failed.stdout and re.search(r"FAILED: \d{3} requests", failed.stdout)
    assert "Traceback" not in failed.stderr
    assert git(installed_project.project, "status", "--porcelain") == ""


def test_serve_refuses_in_one_line(installed_project, service, tmp_path):
    """A missing artifact, a port already taken: one line each, exit 2, no traceback."""
    running, _ = service
    # A free port: the default one may be another test's (the docs' `serve &` listens on it).
    missing = installed_project.run(
        "ml-project",
        "serve",
        f"serving.model={tmp_path / 'none.pt'}",
        f"serving.port={free_port()}",
        check=False,
    )
    taken = installed_project.run(
        "ml-project", "serve", f"serving.port={running.port}", check=False
    )
    for result, message in [
        (missing, "ml-project: error: no exported model at"),
        (taken, f"ml-project: error: cannot listen on 127.0.0.1:{running.port}"),
    ]:
        assert result.returncode == 2, result.stderr
        assert result.stderr.strip().splitlines()[-1].startswith(message), result.stderr
        assert "Traceback" not in result.stderr


def test_load_benchmark_is_bounded_reports_1_and_2_workers_and_stays_on_loopback(
    installed_project, service
):
    """benchmarks/serve_load.py as its docs run it, with small bounds: `serve` with one worker,
    then two, side by side with the model in process, and each worker's share of the
    requests; a remote URL is refused before anything is sent."""
    bounds = ("--requests", "60", "--concurrency", "4", "--repeat", "1", "--max-seconds", "30")
    result = installed_project.run("python", "benchmarks/serve_load.py", "--start", *bounds)
    rows = {line.split("|")[1].strip(): line for line in result.stdout.splitlines() if "|" in line}
    one, two = (
        next(row for name, row in rows.items() if name.startswith(f"service, {n} worker(s)"))
        for n in (1, 2)
    )
    for row in (one, two, rows["exported model in process"]):
        requests, errors = row.split("|")[2:4]
        assert 0 < int(requests) <= 60 and int(errors) == 0, row
    # Each worker's share, from the service's log: both workers answered, none was lost.
    [shares] = re.findall(r"worker\(s\) \(([\d/]+)\)", two)
    assert len(shares.split("/")) == 2 and sum(map(int, shares.split("/"))) == int(
        two.split("|")[2]
    ), two
    remote = installed_project.run(
        "python", "benchmarks/serve_load.py", "--url", "http://192.0.2.1:8000", check=False
    )
    assert remote.returncode == 2 and "sends load to 127.0.0.1 only" in remote.stderr


def test_monitoring_workflow_steps_run_as_written(installed_project, tmp_path):
    """The scheduled workflow's own `run:` lines after its install step, on the log a real
    `serve` wrote (SERVED_LOG, as the repository secret sets it): date the committed model by
    its commit, export it, judge the log, true labels included; it starts no service of its own."""
    project = installed_project.project
    workflow = project / ".github/workflows/monitor.yml"
    steps = yaml.safe_load(workflow.read_text())["jobs"]["monitor"]["steps"]
    names = [step.get("name", "") for step in steps]
    install = next(i for i, name in enumerate(names) if name.startswith("Install"))
    lines = [step["run"] for step in steps[install + 1 :]]
    assert len(lines) == 2 and not any(re.search(r"\b(serve|replay)\b", line) for line in lines)
    installed_project.run("ml-project", "export")
    log = tmp_path / "served" / "predictions.jsonl"
    with serving(installed_project, tmp_path / "serve.out", f"serving.prediction_log={log}") as s:
        installed_project.run("ml-project", "replay", f"serving.port={s.port}", "feedback=true")
    # The weights file as a fresh checkout leaves it: written now, long after its commit.
    (project / WEIGHTS).touch()
    results = [installed_project.shell(f"export SERVED_LOG={log}\n{line}") for line in lines]
    monitored = results[-1].stdout
    assert "PASSED: 270 requests, 270 images served by model" in monitored
    committed = datetime.fromisoformat(
        git(project, "log", "-1", "--format=%cI", "--", WEIGHTS).strip()
    )
    assert f"(trained {committed.astimezone(timezone.utc).isoformat()})" in monitored
    assert f"from {log}" in monitored
    card = json.loads((project / "tests/model/goldens/model_card.json").read_text())
    offline = f"{card['metrics']['accuracy']:.4f}"
    online = f"online accuracy {offline} on 270 of 270 images labelled; offline {offline}"
    assert online in monitored
    docs = monitored.split("Data Docs: ")[1].split()[0]
    assert "digits_served_inputs" in (installed_project.project / docs).read_text()
    assert git(installed_project.project, "status", "--porcelain") == ""


def test_service_is_there_only_when_asked_for(variant):
    """Each variant's commands, dependencies and markers follow include_service."""
    answers, project = variant
    wanted = answers["include_service"]
    usage = run_cli(project, "--help").stdout
    pyproject = (project / "pyproject.toml").read_text()
    gx = (project / "gx/great_expectations.yml").read_text()
    for present in (
        all(f"  {command} " in usage for command in ("serve", "replay", "monitor")),
        '"fastapi>=' in pyproject and '"serving: ' in pyproject,
        "prediction_log:" in gx,
    ):
        assert present == wanted
