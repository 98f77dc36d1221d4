"""Read code out of the course notebooks: tagged cells and lines of code.

The comparison pages show code taken from the framework notebooks and count
their lines, so neither can drift from what actually ran.  A cell is picked
by its tags (cell metadata ``tags``), e.g. ``show-model``.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import nbformat

__all__ = [
    "MissingTagError",
    "code_cells",
    "count_code_lines",
    "notebook_code_lines",
    "tagged_source",
]

#: Cells that are plumbing rather than lesson: never counted as lines of code.
DEFAULT_SKIP_TAGS: tuple[str, ...] = ("colab", "parameters", "injected-parameters")


class MissingTagError(LookupError):
    """No code cell of a notebook carries the requested tag."""


def _read(path: str | Path) -> Any:
    return nbformat.read(Path(path), as_version=4)


def _tags(cell: Any) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def code_cells(path: str | Path, tag: str | None = None) -> list[str]:
    """Sources of the code cells of ``path``, in order; only those tagged ``tag`` if given."""
    return [
        cell.source
        for cell in _read(path).cells
        if cell.cell_type == "code" and (tag is None or tag in _tags(cell))
    ]


def tagged_source(path: str | Path, tag: str) -> str:
    """The code of every cell of ``path`` tagged ``tag``, joined by a blank line.

    Raises :class:`MissingTagError` when no code cell carries the tag, so a
    page that shows the cells fails loudly instead of showing nothing.
    """
    sources = [s.strip("\n") for s in code_cells(path, tag)]
    if not sources:
        raise MissingTagError(f"{path} has no code cell tagged {tag!r}")
    return "\n\n".join(sources) + "\n"


def count_code_lines(source: str) -> int:
    """Lines of code in ``source``: not blank, not a comment, not IPython magic.

    Docstrings count as code (they are part of what a reader types).
    """
    count = 0
    for line in source.splitlines():
        text = line.strip()
        if text and not text.startswith(("#", "%", "!")):
            count += 1
    return count


def notebook_code_lines(
    path: str | Path,
    *,
    tags: Iterable[str] | None = None,
    skip_tags: Iterable[str] = DEFAULT_SKIP_TAGS,
) -> int:
    """Lines of code in the code cells of ``path``.

    With ``tags``, only cells carrying at least one of them count; cells
    carrying any of ``skip_tags`` (by default the Colab install cell and the
    parameters cell) never count.
    """
    wanted = set(tags) if tags is not None else None
    skipped = set(skip_tags)
    total = 0
    for cell in _read(path).cells:
        if cell.cell_type != "code":
            continue
        cell_tags = set(_tags(cell))
        if cell_tags & skipped:
            continue
        if wanted is not None and not cell_tags & wanted:
            continue
        total += count_code_lines(cell.source)
    return total
