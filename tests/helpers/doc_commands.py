"""The shell commands a Markdown page tells a person to type, in the order it tells them.

A command is one line of a fenced `bash` block (a line ending in `\\` continues on the next).
A trailing `# needs: network` or `# needs: gpu` comment marks a command this machine cannot run:
the marker stays visible to readers, who then know why the docs test skipped it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

BLOCK = re.compile(r"^```(?:bash|sh|shell)\n(.*?)^```", re.S | re.M)
NEEDS = re.compile(r"#\s*needs:\s*(?P<what>[\w ,-]+)")
#: A comment: `#` after whitespace, to the end of the line.
COMMENT = re.compile(r"\s+#.*$")


@dataclass(frozen=True)
class Command:
    page: str
    #: The line as the page writes it, comment included.
    line: str
    #: What the page says it needs (network, gpu), or "" when it runs anywhere.
    needs: str = ""

    @property
    def text(self) -> str:
        """The command itself, without its comment."""
        return COMMENT.sub("", self.line).strip()


def commands_of(page: Path, root: Path) -> list[Command]:
    """Every command of every bash block on ``page``, in order; comment-only lines dropped."""
    found = []
    for block in BLOCK.findall(page.read_text()):
        for line in re.sub(r"\\\n\s*", " ", block).splitlines():
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            marker = NEEDS.search(line)
            name = page.relative_to(root).as_posix()
            found.append(Command(name, line.rstrip(), marker["what"].strip() if marker else ""))
    return found


#: A fenced block whose first line names the file it belongs in: `# file: <path>`.
FILE_BLOCK = re.compile(r"```(?:python|yaml)\n# file: (?P<path>\S+)\n(?P<body>.*?)```", re.S)


def files_of(page: Path) -> dict[str, str]:
    """The files a page tells the reader to create, by path."""
    return {match["path"]: match["body"] for match in FILE_BLOCK.finditer(page.read_text())}


@dataclass
class Outcome:
    command: Command
    #: "ran", or why it did not run.
    status: str
    #: What it printed (stdout, then stderr), when it ran.
    output: str = ""


def run_as_written(installed, commands: list[Command], fill_in: dict, proven_elsewhere: dict):
    """Run each command with bash, in order, as a person following the page would.

    ``fill_in`` maps a placeholder of the docs to what it stands for here (a string, or a
    function of the project giving one); ``proven_elsewhere`` maps a command to the test that
    runs it already. A `cd` line moves the commands after it. A failing command raises, with its
    page, its line and its output; the outcomes come back to be reported.
    """
    cwd, outcomes, ran = installed.project, [], set()
    for command in commands:
        if command.needs:
            outcomes.append(Outcome(command, f"skipped: needs {command.needs}"))
            continue
        if command.text in proven_elsewhere:
            outcomes.append(Outcome(command, f"skipped: runs in {proven_elsewhere[command.text]}"))
            continue
        if command.text in ran:
            outcomes.append(Outcome(command, "skipped: ran above"))
            continue
        line = command.line
        for placeholder, value in fill_in.items():
            if placeholder in line:
                line = line.replace(
                    placeholder, value(installed.project) if callable(value) else value
                )
        output = ""
        if line.startswith("cd "):
            cwd = (cwd / COMMENT.sub("", line)[3:].strip()).resolve()
        else:
            result = installed.shell(line, cwd=cwd, check=False)
            if result.returncode != 0:
                raise AssertionError(
                    f"{command.page}: `{command.line}` (run as `{line}`) failed with exit code "
                    f"{result.returncode}:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
                )
            output = result.stdout + result.stderr
        ran.add(command.text)
        outcomes.append(Outcome(command, "ran", output))
    return outcomes


def report(outcomes: list[Outcome]) -> str:
    ran = sum(outcome.status == "ran" for outcome in outcomes)
    lines = [f"{ran} command(s) ran, {len(outcomes) - ran} skipped"]
    lines += [f"  {o.status:>8}  {o.command.page}: {o.command.line}" for o in outcomes]
    return "\n".join(lines)
