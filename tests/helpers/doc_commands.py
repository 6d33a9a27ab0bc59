"""The shell commands a Markdown page tells a person to type, in the order it tells them.

A command is one line of a fenced `bash` block (a line ending in `\\` continues on the next).
A trailing `# needs: network` or `# needs: gpu` comment marks a command this machine cannot run:
the marker stays visible to readers, who then know why the docs test skipped it. A command that
ends in `&` keeps running in the background, as a server does, while the page's next commands
use it; it must still be running when the page ends. A comment `# FAILED <what it prints>` shows
a command failing on purpose: it must exit non-zero and print that (up to a `(...)`).
"""

from __future__ import annotations

import re
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

BLOCK = re.compile(r"^```(?:bash|sh|shell)\n(.*?)^```", re.S | re.M)
NEEDS = re.compile(r"#\s*needs:\s*(?P<what>[\w ,-]+)")
#: A comment: `#` after whitespace, to the end of the line.
COMMENT = re.compile(r"\s+#.*$")
#: The comment of a command shown failing: what it prints, before any elided `(...)`.
SHOWN_FAILING = re.compile(r"\s#\s*(?P<printed>FAILED\b[^(]*)")


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

    @property
    def in_background(self) -> bool:
        return self.text.endswith("&")

    @property
    def printed_when_failing(self) -> str:
        """What the page shows the command printing as it fails, or "" for a command that
        succeeds."""
        shown = SHOWN_FAILING.search(self.line)
        return shown["printed"].strip() if shown else ""


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
    #: How long it took, when it ran (a background command: its start only).
    seconds: float = 0.0


def run_as_written(
    installed,
    commands: list[Command],
    fill_in: dict,
    proven_elsewhere: dict,
    timeout: float = 600,
):
    """Run each command with bash, in order, as a person following the page would.

    ``fill_in`` maps a placeholder of the docs to what it stands for here (a string, or a
    function of the project giving one); ``proven_elsewhere`` maps a command to the test that
    runs it already. A `cd` line moves the commands after it. A failing command raises, with its
    page, its line and its output; one that runs past ``timeout`` seconds, too. The outcomes
    come back to be reported.
    """
    cwd, outcomes, ran = installed.project, [], set()
    background = Background(installed)
    try:
        for command in commands:
            if command.page != background.page:
                background.stop_all()
            if command.needs:
                outcomes.append(Outcome(command, f"skipped: needs {command.needs}"))
                continue
            if command.text in proven_elsewhere:
                reason = f"skipped: runs in {proven_elsewhere[command.text]}"
                outcomes.append(Outcome(command, reason))
                continue
            # A command that ran above is not run again, unless it is shown failing, or a
            # server the page started is running: then the page's commands talk to it.
            if command.text in ran and not (
                command.in_background or command.printed_when_failing or background.running
            ):
                outcomes.append(Outcome(command, "skipped: ran above"))
                continue
            line = filled_in(command.line, fill_in, installed.project)
            output, started = "", time.perf_counter()
            if line.startswith("cd "):
                cwd = (cwd / COMMENT.sub("", line)[3:].strip()).resolve()
            elif command.in_background:
                background.start(command, COMMENT.sub("", line).strip().removesuffix("&"), cwd)
            else:
                result = installed.shell(line, cwd=cwd, check=False, timeout=timeout)
                output = result.stdout + result.stderr
                check_outcome(command, line, result)
            ran.add(command.text)
            outcomes.append(Outcome(command, "ran", output, time.perf_counter() - started))
        background.stop_all()
    finally:
        background.stop_all(check=False)
    return outcomes


def filled_in(line: str, fill_in: dict, project: Path) -> str:
    for placeholder, value in fill_in.items():
        if placeholder in line:
            line = line.replace(placeholder, value(project) if callable(value) else value)
    return line


def check_outcome(command: Command, line: str, result: subprocess.CompletedProcess) -> None:
    """Raises unless ``result`` is what the page promises: success, or the failure it shows."""
    output = result.stdout + result.stderr
    expected = command.printed_when_failing
    if expected and result.returncode != 0 and expected in output:
        return
    if not expected and result.returncode == 0:
        return
    promise = f"fail printing {expected!r}" if expected else "succeed"
    raise AssertionError(
        f"{command.page}: `{command.line}` (run as `{line}`) should {promise}; it exited "
        f"with {result.returncode}:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    )


class Background:
    """The commands a page left running (`... &`): stopped when the page ends, and each must
    still be running then."""

    def __init__(self, installed) -> None:
        self.installed = installed
        self.running: list[tuple[Command, subprocess.Popen, Path]] = []

    @property
    def page(self) -> str:
        """The page whose commands are running, or "" when none is."""
        return self.running[0][0].page if self.running else ""

    def start(self, command: Command, line: str, cwd: Path) -> None:
        log = self.installed.project.parent / f"background-{len(self.running)}.log"
        # exec: the shell becomes the command, so stopping it stops the command itself.
        process = self.installed.start("bash", "-c", f"exec {line}", log=log, cwd=cwd)
        self.running.append((command, process, log))

    def stop_all(self, check: bool = True) -> None:
        running, self.running = self.running, []
        stopped_early = [(c, p, log) for c, p, log in running if p.poll() is not None]
        for _, process, _ in running:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(timeout=30)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
        if check and stopped_early:
            command, process, log = stopped_early[0]
            raise AssertionError(
                f"{command.page}: `{command.line}` stopped (exit code {process.returncode}) "
                f"while the page still relied on it:\n{log.read_text()[-3000:]}"
            )


def report(outcomes: list[Outcome]) -> str:
    ran = sum(outcome.status == "ran" for outcome in outcomes)
    seconds = sum(outcome.seconds for outcome in outcomes)
    lines = [f"{ran} command(s) ran in {seconds:.0f} s, {len(outcomes) - ran} skipped"]
    lines += [f"  {o.status:>8}{took(o)}  {o.command.page}: {o.command.line}" for o in outcomes]
    return "\n".join(lines)


def took(outcome: Outcome) -> str:
    return f" {outcome.seconds:6.1f} s" if outcome.status == "ran" else ""
