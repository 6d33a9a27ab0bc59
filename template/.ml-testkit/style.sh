#!/usr/bin/env bash
# black and flake8 for the ml-testkit hooks, set as this repo sets them, so that a path opted
# in is formatted and judged once, the same way by both configs:
#
#   bash .ml-testkit/style.sh black|flake8 [--option=value...] FILE...
#
# - The args of the repo's own black or flake8 hook in .pre-commit-config.yaml (`--line-length
#   79`, `--extend-ignore ...`, `--exclude ...`) come first, and the files its hook or its
#   config excludes are left out: settings kept only there are still the repo's settings.
# - black also reads [tool.black] itself; flake8 reads [flake8] in .flake8, setup.cfg or
#   tox.ini, or [tool.flake8] in pyproject.toml (through Flake8-pyproject, which the hook
#   installs).
# - A repo with no flake8 settings anywhere gets ones that agree with its black: its line
#   length, and E203 and E701 ignored, which flag code black writes (`x[a : b]`, `...` bodies).
#
# pre-commit runs it in the hook's environment: that python has the tool, and PyYAML. The
# program is kept here, not in a .py file, so the repo's own Python hooks never judge it.
exec python - "$@" <<'STYLE'
import os
import re
import sys
from pathlib import Path

import yaml

FLAKE8_SETTINGS = {".flake8": "[flake8]", "setup.cfg": "[flake8]", "tox.ini": "[flake8]"}


def read(name):
    path = Path(name)
    return path.read_text(errors="replace") if path.is_file() else ""


def own_config():
    try:
        return yaml.safe_load(read(".pre-commit-config.yaml")) or {}
    except yaml.YAMLError:
        return {}  # the repo's own hooks report that; ours still run with what they know


def own_hooks(config, tool):
    repos = config.get("repos") or []
    return [hook for repo in repos for hook in repo.get("hooks") or [] if hook.get("id") == tool]


def black_line_length(config):
    """black's line length as the repo sets it: its hook's args, else [tool.black]."""
    for hook in own_hooks(config, "black"):
        args = " ".join(map(str, hook.get("args", [])))
        found = re.search(r"(?:^|\s)(?:--line-length|-l)[= ]?(\d+)", args)
        if found:
            return found.group(1)
    section = re.search(r"^\[tool\.black\]\n(.*?)(?=^\[|\Z)", read("pyproject.toml"), re.M | re.S)
    found = section and re.search(r"^line-length\s*=\s*(\d+)", section.group(1), re.M)
    return found.group(1) if found else "88"


def has_flake8_settings(config):
    in_files = any(header in read(name).splitlines() for name, header in FLAKE8_SETTINGS.items())
    in_pyproject = "[tool.flake8]" in read("pyproject.toml").splitlines()
    return in_files or in_pyproject or bool(own_hooks(config, "flake8"))


def main(tool, args):
    config = own_config()
    hooks = own_hooks(config, tool)
    options = [arg for arg in args if arg.startswith("-")]
    excludes = [config.get("exclude")] + [hook.get("exclude") for hook in hooks]
    files = [
        arg
        for arg in args
        if not arg.startswith("-") and not any(p and re.search(p, arg) for p in excludes)
    ]
    if not files:
        return 0
    own_args = [str(arg) for hook in hooks for arg in hook.get("args", [])]
    if tool == "flake8" and not has_flake8_settings(config):
        own_args = [f"--max-line-length={black_line_length(config)}", "--extend-ignore=E203,E701"]
    os.execvp(tool, [tool, *own_args, *options, *files])


sys.exit(main(sys.argv[1], sys.argv[2:]))
STYLE
