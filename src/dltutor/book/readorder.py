"""Sphinx extension: read, and so execute, the pages in table-of-contents order.

Sphinx reads the changed pages of a build in alphabetical order, and MyST-NB
executes a notebook when Sphinx reads it. A chapter's comparison page reads
what the chapter's notebooks recorded, so it must run after them, yet
``compare`` sorts before ``keras``, ``pytorch`` and ``tensorflow``. This
extension reorders the pages to follow ``_toc.yml``, where a chapter lists its
comparison last. Enable it with ``extra_extensions: [dltutor.readorder]``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from . import __version__

_ENTRY = re.compile(r"^\s*(?:-\s*)?(?:root|file):\s*([^\s#]+)", re.MULTILINE)
_SUFFIXES = (".ipynb", ".md", ".rst")


def toc_order(toc_text: str) -> list[str]:
    """Page names (no suffix) in the order ``_toc.yml`` lists them."""
    names = []
    for entry in _ENTRY.findall(toc_text):
        for suffix in _SUFFIXES:
            entry = entry.removesuffix(suffix)
        names.append(entry)
    return names


def sort_by_toc(docnames: list[str], order: list[str]) -> None:
    """Sort ``docnames`` in place: pages in ``order`` first, as listed there.

    Pages the table of contents does not list keep their relative order and
    come last.
    """
    position = {name: i for i, name in enumerate(order)}
    docnames.sort(key=lambda name: position.get(name, len(order)))


def _reorder(app: Any, env: Any, docnames: list[str]) -> None:
    toc = Path(app.srcdir, "_toc.yml")
    if toc.is_file():
        sort_by_toc(docnames, toc_order(toc.read_text(encoding="utf-8")))


def setup(app: Any) -> dict[str, Any]:
    """Connect the reordering to Sphinx's ``env-before-read-docs`` event."""
    app.connect("env-before-read-docs", _reorder)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
