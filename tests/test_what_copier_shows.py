"""What a person sees at `copier copy`: prompts that fit an 80-column terminal, the next steps
once it is done, and a refused answer exactly as docs/questions.md shows it."""

from __future__ import annotations

import re
import shlex
import subprocess
from pathlib import Path

from tests.helpers.doc_commands import commands_of
from tests.helpers.git import git
from tests.helpers.rendering import TEMPLATE_ROOT, copier_config, package_name
from tests.helpers.template_releases import clone_template, this_release
from tests.helpers.terminal import copy_taking_every_default, prompt_lines

QUESTIONS_PAGE = TEMPLATE_ROOT / "docs" / "questions.md"
PUBLISHED_TEMPLATE = "gh:ml-testkit/ml-testkit"


def asked_questions() -> dict[str, str]:
    """Every question copier asks, with its help (the prompt)."""
    return {
        name: spec.get("help", "")
        for name, spec in copier_config().items()
        if not name.startswith("_") and spec.get("when") is not False
    }


def test_every_prompt_fits_an_80_column_terminal(tmp_path):
    """Catches a help text that a terminal cuts (and a syntax hint lost with its end), or one
    spread over lines: every prompt of a real `copier copy` in an 80-column terminal shows its
    whole help on the line of copier's 🎤."""
    helps = asked_questions()
    assert all(help and "\n" not in help for help in helps.values()), helps
    shown = prompt_lines(copy_taking_every_default(tmp_path / "project", columns=80))
    cut = {name: help for name, help in helps.items() if help not in shown}
    assert cut == {}, f"cut or missing prompts (the screen showed {sorted(shown)})"


def copier_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["copier", *args], cwd=cwd, capture_output=True, text=True)


def next_steps(message: str) -> list[str]:
    """The commands of the message after a copy: its indented lines."""
    return [line.strip() for line in message.splitlines() if line.startswith("    ")]


def test_next_steps_after_a_copy_are_the_generated_readmes_commands(tmp_path):
    """Catches a copy that ends without next steps, a step the generated README does not
    document (so no test runs it), or one that names another folder or command than the
    project's."""
    template = clone_template(tmp_path / "template")
    result = copier_cli(
        "copy",
        "--defaults",
        "-d",
        "project_name=Digit Recognizer",
        str(template),
        "my project",
        cwd=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    project = tmp_path / "my project"
    steps = next_steps(result.stderr)
    assert shlex.split(steps[0]) == ["cd", "my project"], result.stderr
    command = package_name(project).replace("_", "-")
    assert f"uv run {command} train" in steps and "uv run pytest" in steps, result.stderr

    readme = {c.text for c in commands_of(project / "README.md", project)}
    undocumented = [
        step
        for step in steps[1:]
        if step not in readme and step.removeprefix("uv run ") not in readme
    ]
    assert undocumented == [], f"steps the generated README does not show: {undocumented}"


def docs_output_block() -> tuple[str, list[str]]:
    """(command, the output lines shown) of the refused answer in docs/questions.md."""
    section = QUESTIONS_PAGE.read_text().split("\n## What a wrong answer looks like\n", 1)[1]
    block = re.search(r"^```text\n(.*?)^```", section, re.S | re.M)
    assert block, "no ```text block under '## What a wrong answer looks like'"
    lines = block.group(1).splitlines()
    assert lines[0].startswith("$ "), "the block starts with the command"
    return lines[0].removeprefix("$ "), lines[1:]


def test_the_refused_answer_in_the_docs_is_what_copier_prints(tmp_path):
    """Catches docs/questions.md promising another output than a real `copier copy` with a bad
    answer prints: the traceback's first line, and the last line that names the problem
    (the frames between are copier's own and change with its releases). Nothing is written."""
    command, documented = docs_output_block()
    template = clone_template(tmp_path / "template")
    git(template, "tag", this_release())  # as published: copier picks the newest tag
    args = shlex.split(command.replace(PUBLISHED_TEMPLATE, str(template)))
    assert args[0] == "copier"
    result = copier_cli(*args[1:], cwd=tmp_path)
    assert result.returncode != 0
    printed = (result.stdout + result.stderr).rstrip("\n").splitlines()
    assert [printed[0], "  ...", printed[-1]] == documented, "\n".join(printed)
    assert not (tmp_path / args[-1]).exists() or not any((tmp_path / args[-1]).iterdir())
