"""A pytest plugin for the nbval run: keep what each notebook did.

``make nbval`` loads it (``-p tests.nbval_capture``) while nbval executes the
copies that :mod:`tests.nbval_inputs` wrote. For each copy it

- gives the kernel the tests' environment (sample data, one thread, the
  built wheel on ``PYTHONPATH``) and its own records folder, before nbval
  starts the kernel;
- collects the outputs nbval received for every cell and, after the last
  cell, writes the executed notebook where :func:`tests.notebook_harness.executed_by_nbval`
  reads it (and the main runs also to ``_build/executed`` for the smoke book).

So every notebook runs once: nbval compares its checked cells, and the
checks of ``tests/nbchecks`` then read the same run's records and outputs.
"""

from __future__ import annotations

import copy
import json
import os
import time
from pathlib import Path

import nbformat
import pytest

from tests.notebook_harness import MANIFEST

_runs: dict[str, dict] = {}
_open: dict[str, dict] = {}


def pytest_configure(config):
    if not MANIFEST.is_file():
        raise pytest.UsageError(f"{MANIFEST} is missing: run `python -m tests.nbval_inputs` first")
    manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))
    os.environ.update(manifest["kernel_env"])
    _runs.update(manifest["runs"])


def _notebook_file(item) -> str | None:
    parent = getattr(item, "parent", None)
    path = str(getattr(parent, "path", ""))
    return path if path in _runs else None


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """Before the first cell of a copy (when nbval starts its kernel), point its records home."""
    path = _notebook_file(item)
    if path is None or path in _open:
        return
    run = _runs[path]
    Path(run["results"]).mkdir(parents=True, exist_ok=True)
    os.environ["DLTUTOR_RESULTS_DIR"] = run["results"]
    _open[path] = {"nb": copy.deepcopy(item.parent.nb), "start": time.perf_counter(),
                   "count": 0, "failed": [], "cell_seconds": {}}


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    path = _notebook_file(item)
    if path is None or call.when != "call" or path not in _open:
        return
    state = _open[path]
    index = next(i for i, cell in enumerate(item.parent.nb.cells) if cell is item.cell)
    state["count"] += 1
    cell = state["nb"].cells[index]
    cell.outputs = list(getattr(item, "test_outputs", None) or [])
    cell.execution_count = state["count"]
    state["cell_seconds"][index] = round(call.duration, 3)
    if outcome.get_result().failed:
        state["failed"].append(index)


def pytest_runtest_teardown(item, nextitem):
    path = _notebook_file(item)
    if path is None or path not in _open:
        return
    if nextitem is not None and getattr(nextitem, "parent", None) is item.parent:
        return
    state = _open.pop(path)
    run = _runs[path]
    nb = state["nb"]
    nb.metadata["dltutor_test_run"] = {"id": run["id"], "failed_cells": state["failed"],
                                       "seconds": time.perf_counter() - state["start"],
                                       "cell_seconds": state["cell_seconds"]}
    for target in [run["executed"], *([run["book_copy"]] if run.get("book_copy") else [])]:
        Path(target).parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, target)
