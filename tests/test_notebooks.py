"""Every run of every notebook of the book, executed once, as a learner would run it.

Each run (a notebook of ``_toc.yml``, or one of its variants from its
metadata) executes alone in an empty folder against the ``dltutor`` wheel,
with its smoke values (:func:`dltutor.book.execute.execute_run`). The test
then compares the checked cells with their stored outputs, looks for
framework log noise, and runs the notebook's checks from
``tests/nbchecks/<chapter>/<name>.py`` on that same run. Notebooks whose
metadata says ``"timed": true`` carry the ``timing`` marker: ``make test``
runs them alone, after the rest.
"""

from __future__ import annotations

import subprocess
import sys

import nbformat
import pytest

from dltutor.book import layout
from dltutor.book.checked import assert_checked_outputs
from dltutor.book.execute import execute_run
from dltutor.book.noise import noisy_lines
from dltutor.book.runs import all_runs
from dltutor.book.wheel import wheel_site
from tests.nbchecks import load_checks

CHECKS = load_checks()
RUNS = all_runs()


def _param(run):
    marks = [pytest.mark.notebooks, *([pytest.mark.timing] if run.timed else [])]
    return pytest.param(run, id=run.id, marks=marks)


@pytest.mark.parametrize("run", [_param(run) for run in RUNS])
def test_notebook(run, tmp_path):
    executed = execute_run(run, tmp_path, parameters=run.smoke_parameters, env=layout.kernel_env())
    if not run.extra:  # the main run's copy is a page of the smoke book
        target = layout.EXECUTED / run.path
        target.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(executed.notebook, target)
    reference = nbformat.read(layout.ROOT / run.path, as_version=4)
    assert_checked_outputs(reference, executed.notebook, run.id)
    noise = noisy_lines(executed.notebook)
    assert not noise, f"{run.id} shows framework log noise to readers: {noise[:3]}"
    for check in CHECKS.get(run.id, []):
        check(executed)


def test_every_check_names_a_run():
    """A check registered for a notebook or variant that does not run would never fail."""
    ids = {run.id for run in RUNS}
    orphans = sorted(set(CHECKS) - ids)
    assert not orphans, (f"checks name no run: {orphans}; runs are the notebooks of _toc.yml "
                         "and the variants in their metadata")


def test_every_run_is_checked():
    """Each run has checks of its own beyond the checked outputs."""
    unchecked = [run.id for run in RUNS if not CHECKS.get(run.id)]
    assert not unchecked, f"runs without a check in tests/nbchecks: {unchecked}"


@pytest.mark.notebooks
def test_notebooks_import_the_built_wheel():
    """The kernels' ``dltutor`` is the wheel's copy, with its samples and reference records."""
    site = wheel_site()
    code = ("import dltutor, dltutor.results as r, dltutor.data.fetch as s; "
            "print(dltutor.__file__); print(r.reference_dir()); print(s.samples_dir())")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         env={**layout.kernel_env(), "PYTHONPATH": str(site), "PATH": "/usr/bin:/bin"},
                         cwd=site)
    package, reference, samples = out.stdout.split()
    assert package.startswith(str(site)), package
    assert reference == str(site / "dltutor" / "_reference_results")
    assert samples == str(site / "dltutor" / "_samples")
    assert any((site / "dltutor" / "_reference_results").rglob("*.json"))
