"""One console script for every command of this repo: ``<project> COMMAND [overrides ...]``.

Each command is a Hydra app composed from ``configs/``; run ``<project> COMMAND --help`` for its
config and overrides. The same commands run as ``python -m <package>.<module>``.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Sequence

#: The console script's name (pyproject.toml's [project.scripts]): the project's.
PROGRAM = __package__.replace("_", "-")
#: command -> (module of this package, what it does)
COMMANDS = {
    "train": ("train", "fit a model, then test its best checkpoint"),
    "evaluate": ("evaluate", "test a checkpoint on the test split"),
    "tune": ("tune", "suggest a batch size and a learning rate"),
    "validate-data": ("validate_data", "check the data against its expectation suites"),
    "update-goldens": ("goldens.update", "adopt a model as the golden one; rewrite goldens"),
    "rollback-goldens": ("goldens.rollback", "restore the previous golden model (again: undo)"),
    "hard-examples": ("goldens.hard_examples", "rebuild the hard-example suites and galleries"),
    "export": ("goldens.export", "export a model, preprocessing included, for serving"),
}


def usage(program: str) -> str:
    width = max(map(len, COMMANDS))
    lines = [f"usage: {program} COMMAND [overrides ...]", "", "commands:"]
    lines += [f"  {name:{width}}  {summary}" for name, (_, summary) in COMMANDS.items()]
    lines += ["", f"`{program} COMMAND --help` shows a command's config and how to override it."]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> None:
    program = PROGRAM
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in {"-h", "--help", "help"}:
        print(usage(program))
        sys.exit(0 if args else 2)
    command, overrides = args[0], args[1:]
    if command not in COMMANDS:
        print(
            f"{program}: error: unknown command {command!r}; choose one of: "
            f"{', '.join(COMMANDS)}",
            file=sys.stderr,
        )
        sys.exit(2)
    module = importlib.import_module(f"{__package__}.{COMMANDS[command][0]}")
    module.main(overrides)


if __name__ == "__main__":
    main()
