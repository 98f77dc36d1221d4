"""Where things are in a checkout of the course, said once.

The tests, the book build and the tools all import their paths, the table
of contents, the tag of checked cells and the kernel environment from here.

Everything that is built lands under ``_build/`` (ignored by git):

``_build/wheel``
    the ``dltutor`` wheel built from the checkout, installed into a folder
    that the kernels put on ``PYTHONPATH``;
``_build/executed``
    the tests' executed copy of each notebook (smoke values), for the smoke book;
``_build/book/runs``
    ``make book``'s executed runs (the notebooks' own values), with their cache keys;
``_build/results``
    the records of ``make book``'s runs, which the comparison pages read;
``_build/html``
    the book; ``_build/smoke/src/_build/html`` the smoke book.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..timing import THREAD_VARS
from .toc import toc_files

__all__ = [
    "BOOK_RUNS",
    "BUILD",
    "CHECK_TAG",
    "EXECUTED",
    "KERNEL_ENV",
    "ROOT",
    "SMOKE_BOOK",
    "TOC",
    "WHEEL_DIR",
    "kernel_env",
    "toc_notebooks",
    "toc_sources",
]


def _find_root() -> Path:
    """The checkout: ``$DLTUTOR_ROOT``, else the source tree of this module, else the cwd."""
    candidates = [Path(os.environ["DLTUTOR_ROOT"])] if os.environ.get("DLTUTOR_ROOT") else []
    candidates += [Path(__file__).resolve().parents[3], Path.cwd(), *Path.cwd().parents]
    for folder in candidates:
        if (folder / "_toc.yml").is_file() and (folder / "notebooks").is_dir():
            return folder
    return Path.cwd()


#: The root of the checkout (the folder holding ``_toc.yml``).
ROOT: Path = _find_root()
TOC = ROOT / "_toc.yml"
BUILD = ROOT / "_build"
WHEEL_DIR = BUILD / "wheel"
EXECUTED = BUILD / "executed"
BOOK_RUNS = BUILD / "book" / "runs"
SMOKE_BOOK = BUILD / "smoke"

#: Code cells whose stored outputs the tests compare with a fresh run's.
CHECK_TAG = "nbval-check-output"

#: Suffixes a page of the table of contents may have, in the order they are looked for.
PAGE_SUFFIXES = (".ipynb", ".md", ".rst")

#: One compute thread for every framework's pool.
ONE_THREAD = {name: "1" for name in THREAD_VARS}

#: The environment of every kernel the tests start: bundled samples, no start-up
#: logs, inline figures (so the executed copies keep them), one compute thread
#: (the tests run two notebooks at a time on two cores).
KERNEL_ENV = {"DLTUTOR_DATA": "sample", "MPLBACKEND": "module://matplotlib_inline.backend_inline",
              "TF_CPP_MIN_LOG_LEVEL": "2", "PYDEVD_DISABLE_FILE_VALIDATION": "1", **ONE_THREAD}

#: The environment of ``make book``'s kernels: the data the machine has, the
#: machine's threads; only the logging settings are shared with the tests.
BOOK_KERNEL_ENV = {"MPLBACKEND": KERNEL_ENV["MPLBACKEND"], "TF_CPP_MIN_LOG_LEVEL": "2",
                   "PYDEVD_DISABLE_FILE_VALIDATION": "1"}


def kernel_env(*, book: bool = False) -> dict[str, str]:
    """A copy of the kernel environment of the tests (or of ``make book`` with ``book``)."""
    return dict(BOOK_KERNEL_ENV if book else KERNEL_ENV)


def toc_sources(root: Path | None = None) -> list[Path]:
    """The source file of every page of ``_toc.yml``, relative to ``root``, in reading order.

    Raises
    ------
    FileNotFoundError
        When an entry names a page that has no ``.ipynb``, ``.md`` or ``.rst`` file.
    """
    root = ROOT if root is None else root
    sources = []
    for entry in toc_files(root / "_toc.yml"):
        found = [Path(entry + s) for s in PAGE_SUFFIXES if (root / (entry + s)).is_file()]
        if not found:
            raise FileNotFoundError(f"_toc.yml lists {entry!r}, but no {entry}.ipynb/.md/.rst exists")
        sources.append(found[0])
    return sources


def toc_notebooks(root: Path | None = None) -> list[str]:
    """Notebook paths (posix, relative to the root, with suffix) of ``_toc.yml``, in order."""
    return [p.as_posix() for p in toc_sources(root) if p.suffix == ".ipynb"]
