"""Checks on the MNIST chapter's porting notebook (PyTorch <-> Keras)."""

from __future__ import annotations

import re

from tests.nbchecks import check


@check
def port_matches(run):
    rec = run.record("mnist", "port")
    assert rec["cnn_max_abs_diff"] < 1e-5
    assert rec["mlp_max_abs_diff"] < 1e-5
    assert rec["naive_cnn_max_abs_diff"] > 1e-3  # the flatten reorder matters
    assert rec["round_trip_identical"] is True


@check
def porting_solutions(run):
    text = run.cell_text("solution")
    assert re.search(r"Keras -> PyTorch: .* below tolerance: True", text), text
    # channels-first convolutions: a plain Flatten keeps PyTorch's row order ...
    assert re.search(r"Flatten\('channels_last' *\), rows as in PyTorch *: .* below tolerance: True", text), text
    # ... while Flatten(data_format="channels_first") moves channels last first, so the rows need reordering
    assert re.search(r"Flatten\('channels_first' *\), rows as in PyTorch *: .* below tolerance: False", text), text
    assert re.search(r"Flatten\('channels_first' *\), rows reordered *: .* below tolerance: True", text), text
