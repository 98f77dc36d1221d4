"""Execute every notebook in the book with papermill and check its records."""

from __future__ import annotations

import pytest

from tests.notebook_harness import CHECKS, all_runs, execute

RUNS = all_runs()


@pytest.mark.notebooks
@pytest.mark.parametrize("run", RUNS, ids=[r.id for r in RUNS])
def test_notebook(run, tmp_path):
    outcome = execute(run.path, tmp_path, **dict(run.parameters))
    for check in CHECKS.get(run.id, []):
        check(outcome)
