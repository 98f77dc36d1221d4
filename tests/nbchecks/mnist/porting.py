"""Checks on the MNIST chapter's porting notebook (PyTorch <-> Keras)."""

from __future__ import annotations

from tests.nbchecks import assert_matched, check


@check
def port_matches(run):
    rec = run.record("mnist", "port")
    assert rec["cnn_max_abs_diff"] < 1e-5
    assert rec["mlp_max_abs_diff"] < 1e-5
    assert rec["naive_cnn_max_abs_diff"] > 1e-3  # the flatten reorder matters
    assert rec["round_trip_identical"] is True


@check
def porting_solutions(run):
    assert_matched(
        run.cell_text("solution"),
        r"Keras -> PyTorch: .* below tolerance: True",
        # channels-first convolutions: a plain Flatten keeps PyTorch's row order ...
        r"Flatten\('channels_last' *\), rows as in PyTorch *: .* below tolerance: True",
        # ... while Flatten(data_format="channels_first") moves channels last first, so the rows
        # need reordering
        r"Flatten\('channels_first' *\), rows as in PyTorch *: .* below tolerance: False",
        r"Flatten\('channels_first' *\), rows reordered *: .* below tolerance: True",
    )
