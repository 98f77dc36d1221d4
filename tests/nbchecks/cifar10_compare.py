"""Checks on the CIFAR-10 comparison page, run on the reference records."""

from __future__ import annotations

from tests.notebook_harness import check

NOTEBOOK = "notebooks/cifar10/compare.ipynb"


@check(NOTEBOOK)
def compares_runs_of_one_recipe(run):
    printed = run.cell_text()
    assert "every implementation trains the same number of parameters: True" in printed
    assert "Warning:" not in printed, printed  # same data, recipe and machine in the records
    for name in ("pytorch", "tensorflow", "keras-tensorflow"):
        assert name in printed, f"the page does not show {name}"
