"""Every notebook of the book, executed as a learner would: check what it printed and recorded.

In ``make test`` the runs are nbval's (see :mod:`tests.notebook_harness`); run
alone, this executes each notebook with papermill first.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from dltutor.book.noise import noisy_lines
from tests.notebook_harness import CHECKS, KERNEL_ENV, TIMED, all_runs, executed_run, wheel_site

RUNS = [pytest.param(run, id=run.id, marks=[pytest.mark.timing] if run.path in TIMED else [])
        for run in all_runs()]


@pytest.mark.notebooks
@pytest.mark.parametrize("run", RUNS)
def test_notebook(run, tmp_path):
    outcome = executed_run(run, tmp_path)
    noise = noisy_lines(outcome.notebook)
    assert not noise, f"{run.id} shows framework log noise to readers: {noise[:3]}"
    for check in CHECKS.get(run.id, []):
        check(outcome)


@pytest.mark.notebooks
def test_notebooks_import_the_built_wheel():
    """The kernels' ``dltutor`` is the wheel's copy, with its samples and reference records."""
    site = wheel_site()
    code = ("import dltutor, dltutor.results as r, dltutor.data.fetch as s; "
            "print(dltutor.__file__); print(r.reference_dir()); print(s.samples_dir())")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**KERNEL_ENV, "PYTHONPATH": str(site), "PATH": "/usr/bin:/bin"},
                         cwd=site)
    package, reference, samples = out.stdout.split()
    assert package.startswith(str(site)), package
    assert reference == str(site / "dltutor" / "_reference_results")
    assert samples == str(site / "dltutor" / "_samples")
    assert any((site / "dltutor" / "_reference_results").rglob("*.json"))
