"""Sphinx extension: pages read in table-of-contents order; comparison pages never stale.

Sphinx reads the changed pages of a build in alphabetical order, and MyST-NB
executes a notebook when Sphinx reads it. A chapter's comparison page reads
what the chapter's notebooks recorded, so it must run after them, yet
``compare`` sorts before ``keras``, ``pytorch`` and ``tensorflow``. This
extension reorders the pages to follow ``_toc.yml``, where a chapter lists its
comparison last.

A page that reads records declares it in its notebook metadata,
``"dltutor": {"reads_records": "<chapter>"}`` (with ``"mystnb":
{"execution_mode": "force"}`` so that it re-executes when read). Such a page
is read again whenever another page in its folder is (its notebooks run and
record again) or a record of its chapter is newer than the page's last read
(a notebook run outside the build, such as the Keras notebook on the torch
backend). Enable both with ``extra_extensions: [dltutor.book.readorder]``.
"""

from __future__ import annotations

import json
from pathlib import Path, PurePosixPath
from typing import Any

from .. import __version__
from ..results import results_dir
from .toc import toc_files


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
        sort_by_toc(docnames, toc_files(toc))


def records_read_by(notebook: Path) -> str | None:
    """The chapter whose records ``notebook`` declares it reads, if any."""
    if notebook.suffix != ".ipynb" or not notebook.is_file():
        return None
    metadata = json.loads(notebook.read_text(encoding="utf-8")).get("metadata", {})
    return metadata.get("dltutor", {}).get("reads_records")


def newest_record_time_us(chapter: str) -> int:
    """Modification time, in microseconds, of the newest record of ``chapter`` (0 if none)."""
    times = [p.stat().st_mtime_ns // 1_000 for p in (results_dir() / chapter).glob("*.json")]
    return max(times, default=0)


def stale_readers(
    readers: dict[str, str], outdated: set[str], last_read_us: dict[str, int]
) -> list[str]:
    """Pages among ``readers`` (docname -> chapter) that must be read again."""
    stale = []
    for docname, chapter in readers.items():
        folder = PurePosixPath(docname).parent
        sibling_reruns = any(PurePosixPath(d).parent == folder and d != docname for d in outdated)
        newer_records = newest_record_time_us(chapter) > last_read_us.get(docname, 0)
        if sibling_reruns or newer_records:
            stale.append(docname)
    return stale


def _outdated_readers(app: Any, env: Any, added: set, changed: set, removed: set) -> list[str]:
    readers = {}
    for docname in env.found_docs:
        chapter = records_read_by(Path(app.srcdir, f"{docname}.ipynb"))
        if chapter:
            readers[docname] = chapter
    return stale_readers(readers, set(added) | set(changed), dict(env.all_docs))


def setup(app: Any) -> dict[str, Any]:
    """Connect the reordering and the stale-page check to Sphinx's events."""
    app.connect("env-before-read-docs", _reorder)
    app.connect("env-get-outdated", _outdated_readers)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
