"""Checks on executed notebooks, laid out like the notebooks.

``tests/nbchecks/<chapter>/<name>.py`` holds the checks of
``notebooks/<chapter>/<name>.ipynb``; modules whose name starts with ``_``
hold what a chapter's checks share. A check is a function of the
:class:`~dltutor.book.execute.ExecutedRun`, registered with :func:`check`::

    @check                      # the notebook's main run
    @check(backend="torch")     # its variant with these parameters
    def records_learned(run):
        assert run.record("mnist", "keras-cnn")["test_accuracy"] > 0.5

How a notebook runs (smoke values, variants, timed) is in its own metadata,
not here (:mod:`dltutor.book.runs`). A check that names no run fails
``tests/test_notebooks.py``.
"""

from __future__ import annotations

import importlib
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from dltutor.book.execute import ExecutedRun
from dltutor.book.runs import Run

Check = Callable[[ExecutedRun], None]
#: Run id -> the checks registered for it.
CHECKS: dict[str, list[Check]] = {}


def notebook_of(module: str) -> str:
    """The notebook a checks module stands for: ``tests.nbchecks.lstm.cell`` -> ``notebooks/lstm/cell.ipynb``."""
    parts = module.split(".")
    if parts[:2] != ["tests", "nbchecks"] or len(parts) != 4 or parts[3].startswith("_"):
        raise ValueError(f"checks are registered in tests/nbchecks/<chapter>/<name>.py, not in {module}")
    return f"notebooks/{parts[2]}/{parts[3]}.ipynb"


def check(fn: Check | None = None, /, **variant: Any) -> Any:
    """Register a check on the main run of this module's notebook, or on the variant ``variant``.

    Works as ``@check``, ``@check(backend="torch")`` and ``check(shared_fn)``;
    the notebook is the module that calls it.
    """
    key = Run.of(notebook_of(sys._getframe(1).f_globals["__name__"]), **variant).id

    def register(function: Check) -> Check:
        CHECKS.setdefault(key, []).append(function)
        return function

    return register(fn) if fn is not None else register


def printed_number(pattern: str, text: str) -> float:
    """The number that ``pattern``'s first group matches in ``text`` (thousands commas allowed)."""
    found = re.search(pattern, text)
    assert found, f"no match for {pattern!r} in:\n{text}"
    return float(found.group(1).replace(",", ""))


def assert_printed(text: str, *lines: str) -> None:
    """Each of ``lines`` appears in ``text`` (what a run printed)."""
    for line in lines:
        assert line in text, f"{line!r} not in:\n{text}"


def assert_matched(text: str, *patterns: str) -> None:
    """Each regular expression of ``patterns`` matches somewhere in ``text``."""
    for pattern in patterns:
        assert re.search(pattern, text), f"no match for {pattern!r} in:\n{text}"


def load_checks() -> dict[str, list[Check]]:
    """Import every checks module, ``tests/nbchecks/<chapter>/<name>.py``, once; returns :data:`CHECKS`.

    A chapter's folder needs no ``__init__.py`` (it is a namespace package).
    """
    for path in sorted(Path(__file__).parent.glob("*/*.py")):
        if not path.name.startswith("_"):
            importlib.import_module(f"{__name__}.{path.parent.name}.{path.stem}")
    return CHECKS
