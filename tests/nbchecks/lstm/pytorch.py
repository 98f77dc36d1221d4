"""Checks on the LSTM chapter's PyTorch notebook: the character model and the CO2 forecast."""

from __future__ import annotations

import pytest

from tests.nbchecks import check, printed_number
from tests.nbchecks.lstm import _shared as shared


@check
def pytorch_records(run):
    charlm, co2 = run.record("lstm", "pytorch-charlm"), run.record("lstm", "pytorch-co2")
    shared.check_charlm(charlm, run.parameters["sample_length"])
    shared.check_co2(co2)
    # PyTorch's own count is the PyTorch convention
    assert charlm["params"] == shared.CHARLM_TORCH_PARAMS and co2["params"] == shared.CO2_TORCH_PARAMS
    shared.early_stopping_sentence(run, charlm)
    shared.kernel_paths(charlm, {
        "nn.LSTM": "oneDNN fused kernel",
        "nn.LSTM, oneDNN switched off": "ATen's generic loop over time (C++)",
        "Python loop over nn.LSTMCell": "a Python loop, one ATen cell call per step",
    }, run.parameters)
    assert "MkldnnRnnLayerBackward0" in charlm["kernel_timings"][0]["graph"]


@check
def pytorch_checked_outputs(run):
    printed = run.cell_text("nbval-check-output")
    for line in ("targets are the inputs shifted by one: True", "row 1 starts where row 0 ends: True",
                 "one batch: inputs (32, 64) targets (32, 64)", "the last input week is 0 in every window: True",
                 "one batch: inputs (32, 104, 1) targets (32, 52)",
                 f"PyTorch parameters: {shared.CHARLM_TORCH_PARAMS:,}",
                 f"the same model in Keras: {shared.CHARLM_KERAS_PARAMS:,} (one bias vector less: {4 * shared.HIDDEN:,})",
                 f"PyTorch parameters: {shared.CO2_TORCH_PARAMS:,} (Keras: {shared.CO2_KERAS_PARAMS:,})"):
        assert line in printed, f"{line!r} not in:\n{printed}"


@check
def pytorch_solutions(run):
    text = run.cell_text("solution")
    # 1: carrying the state reproduces the one-go score; resetting it loses context
    assert "carrying the state equals reading each stream in one go: True" in text
    carried = printed_number(r"state carried across windows: ([\d.]+)", text)
    assert carried < printed_number(r"state reset every \d+ characters: ([\d.]+)", text)
    # 2: global clipping keeps the direction and hits the threshold; per tensor turns it
    threshold = printed_number(r"threshold ([\d.]+);", text)
    assert printed_number(r"global norm +total norm +([\d.]+)", text) == pytest.approx(threshold, abs=2e-3)
    assert printed_number(r"global norm .*cosine with the unclipped gradient ([\d.]+)", text) == pytest.approx(1, abs=1e-4)
    assert printed_number(r"per tensor .*cosine with the unclipped gradient ([\d.]+)", text) < 0.999
    # 3: a GRU has three gate blocks to the LSTM's four
    lstm, gru = printed_number(r"LSTM: +([\d,]+) parameters", text), printed_number(r"GRU : +([\d,]+) parameters", text)
    assert lstm == shared.CHARLM_TORCH_PARAMS and gru == shared.CHARLM_TORCH_PARAMS - shared.HIDDEN * (shared.EMBEDDING + shared.HIDDEN + 2)
    # 4: both forecasters trained and scored
    assert 0 < printed_number(r"CO2 only: +([\d.]+) ppm", text) < 10
    assert 0 < printed_number(r"CO2 \+ season: +([\d.]+) ppm", text) < 10
