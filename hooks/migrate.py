"""Copier migration engine: move what a release moved, and rewrite what referred to it.

Copier runs it in the project's root (see `_migrations` in copier.yml), once per stage:

    python hooks/migrate.py move PLAN ANSWERS_FILE      # before the release is applied
    python hooks/migrate.py rewrite PLAN ANSWERS_FILE   # after it

PLAN is a YAML file in hooks/migrations/, named for the release. Its ``moves`` (old path -> new
path) are done with ``git mv`` before the update, so a user's edits travel with the file and the
update merges the template's changes into them. A move may name the file's ``pristine_sha256``
(as the old release rendered it): an untouched copy is then left where it is, and the update
replaces it cleanly, instead of meeting the template's new file as a conflict.

Its ``rewrites`` (regular expression -> replacement) run after the update over every tracked
text file: by then the template's own files are already in their new form, so only the user's
files (README, docs, code) still hold the old references. ``{package}`` and ``{cli}`` in a plan
stand for the project's package and command, read from its answers file (.copier-answers.yml).

Safe to run on any project: it never follows a symbolic link, never writes outside the project
root, and a second run changes nothing. A plan one of whose moves would go through a symbolic
link (a folder a user replaced with one, say) is refused before any move: nothing half-migrated.
"""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
from pathlib import Path

import yaml

TEXT_SUFFIXES = {".yaml", ".yml", ".md", ".py", ".sh", ".toml", ".cfg", ".ini", ".txt", ".ipynb"}


class MigrationError(Exception):
    """The migration cannot be done automatically; the message says what to do by hand."""


def git(*args: str) -> str:
    return subprocess.run(["git", *args], check=True, capture_output=True, text=True).stdout


def inside(root: Path, path: Path) -> bool:
    """``path`` is a regular location in ``root``: no symbolic link on the way, nothing outside."""
    return why_not_inside(root, path) is None


def why_not_inside(root: Path, path: Path) -> str | None:
    """Why ``path`` (relative to ``root``, or absolute) is no regular location in ``root``: a
    symbolic link, one on the way to it, or a place outside; None when it is one. Whether
    ``path`` exists or not: a move must not create a file through a linked folder either."""
    relative = path.relative_to(root) if path.is_absolute() else path
    current = root
    for part in relative.parts:
        current = current / part
        if current.is_symlink():
            link = current.relative_to(root)
            return (
                "is a symbolic link" if link == relative else f"is under a symbolic link ({link})"
            )
    if not current.resolve().is_relative_to(root.resolve()):
        return "leads outside the project"
    return None


def check_moves(root: Path, moves: list[tuple[Path, Path, dict]]) -> None:
    """Refuse the whole plan before any move if one would go through a link or out of ``root``:
    a refusal then leaves the project exactly as it was, not half-migrated."""
    for old, new, _ in moves:
        for path in (old, new):
            if reason := why_not_inside(root, path):
                raise MigrationError(
                    f"{path} {reason}: the migration moves files only inside the project, so it "
                    "stopped before changing anything. Replace the link with a real folder or "
                    f"file (or move {old} to {new} yourself), commit, and run `copier update` "
                    "again"
                )


def load_plan(plan: Path, package: str) -> dict:
    names = {"package": package, "cli": package.replace("_", "-")}
    raw = yaml.safe_load(plan.read_text())
    moves = []
    for old, target in (raw.get("moves") or {}).items():
        spec = target if isinstance(target, dict) else {"to": target}
        moves.append((Path(old.format(**names)), Path(spec["to"].format(**names)), spec))
    return {
        "moves": moves,
        "rewrites": [
            (re.compile(pattern.format(**names), re.MULTILINE), replacement.format(**names))
            for pattern, replacement in (raw.get("rewrites") or {}).items()
        ],
    }


def untouched(path: Path, spec: dict) -> bool:
    """The file is byte for byte what the old release rendered."""
    pristine = spec.get("pristine_sha256")
    return pristine is not None and hashlib.sha256(path.read_bytes()).hexdigest() == pristine


def move(root: Path, moves: list[tuple[Path, Path, dict]]) -> list[str]:
    check_moves(root, moves)
    done = []
    for old, new, spec in moves:
        if not (root / old).exists() or untouched(root / old, spec):
            continue  # never there, moved already, or left for the update to replace
        if (root / new).exists():
            raise MigrationError(
                f"both {old} and {new} exist, so the move cannot be done automatically: merge "
                f"your changes into {new}, delete {old}, commit, and run `copier update` again"
            )
        (root / new).parent.mkdir(parents=True, exist_ok=True)
        git("mv", str(old), str(new))
        done.append(f"moved {old} -> {new}")
    return done


def rewrite(root: Path, rewrites: list[tuple[re.Pattern, str]]) -> list[str]:
    done = []
    for name in git("ls-files").splitlines():
        path = root / name
        if path.suffix not in TEXT_SUFFIXES or not path.is_file() or not inside(root, path):
            continue
        text = path.read_text(encoding="utf-8", errors="surrogateescape")
        updated = text
        for pattern, replacement in rewrites:
            updated = pattern.sub(replacement, updated)
        if updated != text:
            path.write_text(updated, encoding="utf-8", errors="surrogateescape")
            done.append(f"rewrote references in {name}")
    return done


def main(stage: str, plan_file: str, answers_file: str) -> int:
    root = Path.cwd()
    answers = yaml.safe_load((root / answers_file).read_text())
    if answers.get("project_kind") == "tooling-only":
        # An adopted repo has none of the generated files a plan moves, and its own files,
        # which a rewrite would edit, are not ml-testkit's to change.
        print("migrate: nothing to do in an adopted repo (tooling-only)")
        return 0
    package = answers["package_name"]
    plan = load_plan(Path(plan_file), package)
    try:
        done = move(root, plan["moves"]) if stage == "move" else rewrite(root, plan["rewrites"])
    except MigrationError as error:
        print(f"migrate: {error}", file=sys.stderr)
        return 1
    for line in done:
        print(f"migrate: {line}")
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 4 or sys.argv[1] not in {"move", "rewrite"}:
        sys.exit("usage: migrate.py move|rewrite PLAN ANSWERS_FILE   (in the project's root)")
    sys.exit(main(*sys.argv[1:]))
