"""Checks on the LSTM chapter's Keras notebook, on the TensorFlow and the torch backend."""

from __future__ import annotations

import math

import pytest

from tests.nbchecks import check, printed_number
from tests.nbchecks.lstm import _shared as shared

# Keras' LSTM on the torch backend steps through time in Python: one CO2 epoch keeps the smoke run short.


#: Keras' LSTM on a CPU: what the notebook's prose says each variant runs, per backend.
GENERIC_REFUSED = "generic loop, one cell call per step (backend.lstm refused)"
GENERIC_NOT_OFFERED = "generic loop, one cell call per step (backend.lstm not offered)"
TORCH_FALLBACK = "torch fallback: input projections at once, Python loop over time"
KERAS_CPU_PATHS = {
    "tensorflow": {"LSTM (defaults)": GENERIC_REFUSED, "recurrent_dropout=0.1": GENERIC_NOT_OFFERED,
                   "activation='relu'": GENERIC_REFUSED, "unroll=True": GENERIC_REFUSED},
    "torch": {"LSTM (defaults)": TORCH_FALLBACK, "recurrent_dropout=0.1": GENERIC_NOT_OFFERED,
              "activation='relu'": TORCH_FALLBACK, "unroll=True": TORCH_FALLBACK},
}


def _keras_records(run, backend: str) -> None:
    charlm, co2 = run.record("lstm", f"keras-{backend}-charlm"), run.record("lstm", f"keras-{backend}-co2")
    shared.check_charlm(charlm, run.parameters["sample_length"])
    shared.check_co2(co2)
    assert charlm["backend"] == co2["backend"] == backend
    # Keras' own count (one LSTM bias) is the record's params
    assert charlm["params"] == shared.CHARLM_KERAS_PARAMS and co2["params"] == shared.CO2_KERAS_PARAMS
    shared.early_stopping_sentence(run, charlm)
    shared.kernel_paths(charlm, KERAS_CPU_PATHS[backend], run.parameters)


@check
def keras_tensorflow_records(run):
    _keras_records(run, "tensorflow")


@check(backend="torch", co2_max_epochs=1)
def keras_torch_records(run):
    _keras_records(run, "torch")


@check
@check(backend="torch", co2_max_epochs=1)
def keras_checked_outputs_and_solutions(run):
    printed = run.cell_text("nbval-check-output")
    for line in ("targets are the inputs shifted by one: True", "row 1 starts where row 0 ends: True",
                 "batch 2, row 0 continues batch 1, row 0: True", "one batch: inputs (32, 64) targets (32, 64)",
                 "one batch: inputs (32, 104, 1) targets (32, 52)", "the last input week is 0 in every window: True",
                 f"Keras parameters: {shared.CHARLM_KERAS_PARAMS:,}",
                 f"Keras parameters: {shared.CO2_KERAS_PARAMS:,} (PyTorch: {shared.CO2_TORCH_PARAMS:,})"):
        assert line in printed, f"{line!r} not in:\n{printed}"
    text = run.cell_text("solution")
    assert printed_number(r"clipnorm +step .*norm ([\d.]+), cosine", text) == pytest.approx(math.sqrt(2), abs=1e-3)
    assert printed_number(r"clipnorm +step .*cosine with the gradient ([\d.]+)", text) < 0.9
    assert printed_number(r"global_clipnorm step .*norm ([\d.]+), cosine", text) == pytest.approx(1, abs=1e-3)
    assert printed_number(r"global_clipnorm step .*cosine with the gradient ([\d.]+)", text) == pytest.approx(1, abs=1e-4)
    assert "carrying the state equals reading each stream in one go: True" in text
    assert printed_number(r"state carried across windows: ([\d.]+)", text) < printed_number(
        r"state reset every \d+ characters: ([\d.]+)", text)
    # Keras' GRU (reset_after=True) has two bias vectors, like PyTorch's: the counts agree
    assert printed_number(r"GRU model: ([\d,]+) parameters", text) == shared.CHARLM_TORCH_PARAMS - shared.HIDDEN * (shared.EMBEDDING + shared.HIDDEN + 2)
