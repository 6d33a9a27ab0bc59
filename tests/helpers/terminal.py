"""`copier copy` as a person runs it: in a terminal of a given width, answering each prompt."""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

import pexpect

from tests.helpers.rendering import TEMPLATE_ROOT

#: Escape sequences a terminal interprets (colours, cursor moves); what is left is the text.
ESCAPE_SEQUENCE = re.compile(r"\x1b(\[[0-?]*[ -/]*[@-~]|[@-Z\\-_])")
#: Output this long without a byte means the prompt on screen waits for a key.
QUIET_SECONDS = 1.0
CLEAR_LINE = "\x15"


def copy_in_terminal(
    destination: Path, *, columns: int, typed: dict[str, list[str]], timeout: float = 120
) -> str:
    """`copier copy` of this checkout in a pseudo-terminal ``columns`` wide; returns everything
    the terminal received.

    At each prompt whose help is in ``typed``, the next of its answers is typed over the
    default; every other prompt takes its default (Enter). Keys go out whenever the output
    pauses: a key that comes before its prompt waits in the terminal's input for it, and one
    too many after the last prompt is never read.
    """
    env = {**os.environ, "PROMPT_TOOLKIT_NO_CPR": "1"}  # pexpect answers no cursor queries
    child = pexpect.spawn(
        "copier",
        ["copy", "--vcs-ref", "HEAD", str(TEMPLATE_ROOT), str(destination)],
        dimensions=(24, columns),
        env=env,
        encoding="utf-8",
    )
    answers = {help: list(queue) for help, queue in typed.items()}
    received = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            received.append(child.read_nonblocking(65536, timeout=QUIET_SECONDS))
        except pexpect.TIMEOUT:
            shown = prompt_lines("".join(received))
            if not shown:
                continue  # copier has not asked yet (a slow start): no key before the first prompt
            waiting = answers.get(shown[-1], [])
            # Ctrl-U empties the line (the default is typed in already), then the answer.
            child.send(f"{CLEAR_LINE}{waiting.pop(0)}\r" if waiting else "\r")
        except pexpect.EOF:
            break
    else:
        child.terminate(force=True)
        raise AssertionError(f"copier was still running after {timeout} s:\n{''.join(received)}")
    child.close()
    assert child.exitstatus == 0, "".join(received)
    return "".join(received)


def screen_text(received: str) -> str:
    """What a terminal shows of ``received``, line by line: the escape sequences gone."""
    return ESCAPE_SEQUENCE.sub("", received)


def prompt_lines(received: str) -> list[str]:
    """The text of every line that starts with copier's prompt mark, in order, as the screen
    shows it: a line longer than the terminal is cut where the terminal ends."""
    return [
        line.removeprefix("🎤").strip()
        for line in re.split(r"[\r\n]", screen_text(received))
        if line.startswith("🎤")
    ]


def copy_taking_every_default(destination: Path, *, columns: int) -> str:
    """`copier copy` in a terminal ``columns`` wide, Enter at every prompt."""
    return copy_in_terminal(destination, columns=columns, typed={})
