"""Copier migration: a config option was renamed; move the project's file and its references.

Usage (run by ``copier update`` in the project's root, before the new release is applied):

    python hooks/rename_config.py GROUP OLD NEW

moves ``configs/GROUP/OLD.yaml`` to ``configs/GROUP/NEW.yaml`` (with ``git mv``, so the user's
edits to the file travel with it and the update merges the template's changes into them) and
rewrites ``GROUP=OLD`` / ``GROUP: OLD`` in the project's tracked text files. Running it twice,
or on a project that never had OLD, changes nothing.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

TEXT_SUFFIXES = {".yaml", ".yml", ".md", ".py", ".sh", ".toml", ".cfg", ".ini", ".txt"}


def git(*args: str) -> str:
    return subprocess.run(["git", *args], check=True, capture_output=True, text=True).stdout


def tracked_text_files() -> list[Path]:
    return [Path(p) for p in git("ls-files").splitlines() if Path(p).suffix in TEXT_SUFFIXES]


def rewrite_references(group: str, old: str, new: str) -> list[Path]:
    """Replace ``group=old`` and ``group: old`` (defaults lists, CLI overrides, docs)."""
    pattern = re.compile(rf"(\b{re.escape(group)}\s*[=:]\s*){re.escape(old)}\b")
    changed = []
    for path in tracked_text_files():
        if not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="surrogateescape")
        updated = pattern.sub(rf"\g<1>{new}", text)
        if updated != text:
            path.write_text(updated, encoding="utf-8", errors="surrogateescape")
            changed.append(path)
    return changed


def main(group: str, old: str, new: str) -> int:
    old_file = Path("configs", group, f"{old}.yaml")
    new_file = Path("configs", group, f"{new}.yaml")
    if not old_file.exists():
        print(f"rename_config: {old_file} not found; nothing to migrate.")
        return 0
    if new_file.exists():
        print(
            f"rename_config: both {old_file} and {new_file} exist, so the rename cannot be done "
            f"automatically. Merge your changes into {new_file}, delete {old_file}, commit, "
            "and run `copier update` again.",
            file=sys.stderr,
        )
        return 1
    git("mv", str(old_file), str(new_file))
    changed = rewrite_references(group, old, new)
    if changed:
        git("add", *map(str, changed))
    print(
        f"rename_config: moved {old_file} -> {new_file}; "
        f"updated {group}={old} -> {group}={new} in {len(changed)} file(s)."
    )
    return 0


if __name__ == "__main__":
    if len(sys.argv) != 4:
        sys.exit("usage: rename_config.py GROUP OLD NEW   (run in the generated project's root)")
    sys.exit(main(*sys.argv[1:]))
