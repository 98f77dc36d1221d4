"""Execute every notebook in the book with papermill and check its records."""

from __future__ import annotations

import time

import pytest

from dltutor.execute import run_notebook
from tests.notebook_harness import CHECKS, ROOT, ExecutedNotebook, all_runs

RUNS = all_runs()


@pytest.mark.notebooks
@pytest.mark.parametrize("run", RUNS, ids=[r.id for r in RUNS])
def test_notebook(run, tmp_path):
    results = tmp_path / "results"
    start = time.perf_counter()
    executed = run_notebook(
        ROOT / run.path,
        tmp_path / "executed.ipynb",
        profile="smoke",
        env={"DLTUTOR_RESULTS_DIR": str(results), "DLTUTOR_DATA": "sample"},
        **dict(run.parameters),
    )
    outcome = ExecutedNotebook(run, executed, results, time.perf_counter() - start)
    for check in CHECKS.get(run.id, []):
        check(outcome)
