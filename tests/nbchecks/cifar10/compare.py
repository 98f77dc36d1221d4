"""Checks on the CIFAR-10 comparison page, run on the reference records."""

from __future__ import annotations

from tests.nbchecks import check


@check
def compares_runs_of_one_recipe(run):
    printed = run.cell_text()
    assert "every implementation trains the same number of parameters: True" in printed
    assert "Warning:" not in printed, printed  # same data, recipe and machine in the records
    for name in ("pytorch", "tensorflow", "keras-tensorflow"):
        assert name in printed, f"the page does not show {name}"


@check
def explains_the_keras_torch_step_from_profiles(run):
    printed = run.cell_text()
    # the records (the reference ones when no notebook ran) carry step timings and operator profiles
    assert "No record with step timings yet" not in printed, printed
    assert "The operator profiles need" not in printed, printed
    html = run.displayed("text/html")
    for row in ("network step (ms)", "fused batch norm", "memory copies", "profiled step, all operators"):
        assert row in html, f"the profile tables lack {row!r}"
