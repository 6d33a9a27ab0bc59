"""A project's folders as an SVG tree: folders first, each with how many files it holds, the
top folder's files by name, and a note beside the folders a newcomer looks for. (Every file by
name would be a picture four times as tall, with less to see in it.)

Each folder's line carries its path in a <title> (a tooltip in the browser), so a test can
compare the picture with a render's real folders.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from xml.sax.saxutils import escape

FONT = "ui-monospace, SFMono-Regular, Menlo, Consolas, 'DejaVu Sans Mono', monospace"
FONT_SIZE = 13
#: A monospace character is about 0.6 em wide: enough to place the notes' column.
CHAR_WIDTH = FONT_SIZE * 0.6
LINE_HEIGHT = 20
MARGIN = 16
#: Colours readable on the card's own light background, in either of the site's palettes.
COLOURS = {"folder": "#1a4fa0", "file": "#333333", "branch": "#8a8a8a", "note": "#2e7d32"}
BOLD = ' font-weight="bold"'


def folders_of(files: list[str]) -> set[str]:
    """Every folder that holds a file, at any depth, as ``a/b/`` (the top folder is ``""``)."""
    return {
        f"{parent.as_posix()}/"
        for name in files
        for parent in PurePosixPath(name).parents
        if parent.as_posix() != "."
    }


def children(folder: str, folders: set[str], files: list[str]) -> tuple[list[str], list[str]]:
    """(sub-folders, files) directly inside ``folder``, each sorted by name."""
    depth = folder.count("/")
    inside = [f for f in sorted(folders) if f.startswith(folder) and f.count("/") == depth + 1]
    held = [f for f in files if f.startswith(folder) and f.count("/") == depth]
    return inside, held


def tree_lines(files: list[str]) -> list[tuple[str, str, str, str]]:
    """(prefix, name, how many files, folder path or "") for each line of the tree below the
    top folder, folders first."""
    folders = folders_of(files)
    lines = []

    def walk(folder: str, prefix: str) -> None:
        subfolders, held = children(folder, folders, files)
        named = held if folder == "" else []
        entries = [(sub, True) for sub in subfolders] + [(name, False) for name in named]
        for position, (path, is_folder) in enumerate(entries):
            last = position == len(entries) - 1
            branch = prefix + ("└── " if last else "├── ")
            name = PurePosixPath(path).name
            if is_folder:
                lines.append((branch, f"{name}/", files_held(path, folders, files), path))
                walk(path, prefix + ("    " if last else "│   "))
            else:
                lines.append((branch, name, "", ""))

    walk("", "")
    return lines


def files_held(folder: str, folders: set[str], files: list[str]) -> str:
    count = len(children(folder, folders, files)[1])
    return f"  {count} file{'s' if count != 1 else ''}" if count else ""


def span(content: str, colour: str, style: str = "") -> str:
    return f'<tspan fill="{colour}"{style}>{escape(content)}</tspan>'


def draw_layout(project_name: str, files: list[str], notes: dict[str, str]) -> str:
    """The SVG of ``files`` (POSIX paths in the project), ``notes`` keyed by folder (``a/b/``)."""
    lines = [("", f"{project_name}/", "", "")] + tree_lines(files)
    tree_width = max(len(prefix + name + count) for prefix, name, count, _ in lines)
    notes_x = MARGIN + (tree_width + 4) * CHAR_WIDTH
    note_width = max(map(len, notes.values()), default=0)
    width = notes_x + note_width * CHAR_WIDTH + MARGIN
    height = 2 * MARGIN + len(lines) * LINE_HEIGHT
    body = []
    for row, (prefix, name, count, folder) in enumerate(lines):
        y = MARGIN + (row + 0.75) * LINE_HEIGHT
        is_folder = name.endswith("/")
        label = span(prefix, COLOURS["branch"]) + span(
            name, COLOURS["folder" if is_folder else "file"], BOLD if is_folder else ""
        )
        label += span(count, COLOURS["branch"])
        parts = [f'<text x="{MARGIN}" y="{y:.0f}">{label}</text>']
        if folder:
            parts.insert(0, f"<title>{escape(folder)}</title>")
        if folder in notes:
            note = span(notes[folder], COLOURS["note"], ' font-style="italic"')
            parts.append(f'<text x="{notes_x:.0f}" y="{y:.0f}">{note}</text>')
        body.append(f"<g>{''.join(parts)}</g>")
    return "\n".join(
        [
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
            f'viewBox="0 0 {width:.0f} {height:.0f}" role="img" font-family="{FONT}" '
            f'font-size="{FONT_SIZE}" xml:space="preserve">',
            f"<title>The folders of a new {escape(project_name)} repository</title>",
            '<rect width="100%" height="100%" rx="8" fill="#fafafa" stroke="#d0d0d0"/>',
            *body,
            "</svg>",
        ]
    )
