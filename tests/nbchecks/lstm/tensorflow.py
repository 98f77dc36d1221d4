"""Checks on notebooks/lstm/tensorflow.ipynb: the TensorFlow character model and CO2 forecast.

The counts and record checks are the chapter's shared ones (``_shared.py``, used by the PyTorch
and Keras checks too), so the records are comparable.
"""

from __future__ import annotations

import math

import pytest

from tests.nbchecks import check, printed_number
from tests.nbchecks.lstm._shared import (
    CHARLM_KERAS_PARAMS,
    CHARLM_TORCH_PARAMS,
    CO2_KERAS_PARAMS,
    check_charlm,
    check_co2,
)


@check
def charlm_record(run):
    rec = run.record("lstm", "tensorflow-charlm")
    check_charlm(rec, run.parameters["sample_length"])  # the chapter's shared fields and checks
    assert rec["data_source"] == "sample"
    # the test text is cut into batch_size streams; at most a stream's worth of characters is dropped
    assert rec["n_test"] - rec["batch_size"] <= rec["n_test_scored"] <= rec["n_test"] - 1
    assert rec["n_train"] + rec["n_val"] + rec["n_test"] == rec["n_chars"]
    assert rec["history"]["perplexity"] == pytest.approx([math.exp(x) for x in rec["history"]["loss"]])
    assert rec["params"] == CHARLM_KERAS_PARAMS  # TensorFlow counts Keras' way: one LSTM bias
    assert rec["traces"] == {"train_step": 1, "evaluate_streams": 1}
    # tf.keras is Keras 3: the model runs the Keras notebook's TensorFlow-backend LSTM path
    assert rec["lstm_layer_class"] == "keras.src.layers.rnn.lstm.LSTM"


@check
def co2_record(run):
    rec = run.record("lstm", "tensorflow-co2")
    check_co2(rec)
    assert rec["params"] == CO2_KERAS_PARAMS


@check
def checked_outputs_hold(run):
    printed = run.cell_text("nbval-check-output")
    for line in (f"Keras/TensorFlow parameters: {CHARLM_KERAS_PARAMS:,}",
                 f"PyTorch parameters (two LSTM biases): {CHARLM_TORCH_PARAMS:,}",
                 "two biases summed = one Keras bias, same h and c: True",
                 "bias starts at 1 for the forget gate, 0 elsewhere (unit_forget_bias=True): True",
                 "train_step traced 1 time(s)", "evaluate_streams traced 1 time(s)",
                 "one batch: inputs (32, 64) targets (32, 64)", "targets are the inputs shifted by one: True",
                 "row 1 starts where row 0 ends: True", "one batch: inputs (32, 104, 1) targets (32, 52)",
                 "the last input week is 0 in every window: True"):
        assert line in printed, f"{line!r} not in:\n{printed}"


@check
def tensorflow_lstm_solutions(run):
    text = run.cell_text("solution")
    assert printed_number(r"traces with a Python int length: +(\d+)", text) == 3
    assert printed_number(r"traces with a tensor length: +(\d+)", text) == 1
    assert printed_number(r"traces with an input_signature: +(\d+)", text) == 1
    limit = printed_number(r"limit ([\d.]+);", text)
    assert printed_number(r"global clip +global norm +([\d.]+)", text) == pytest.approx(limit, abs=2e-4)
    assert printed_number(r"global clip +global norm +[\d.]+, cosine with raw ([\d.]+)", text) == pytest.approx(1.0)
    assert printed_number(r"per-variable clip +global norm +[\d.]+, cosine with raw ([\d.]+)", text) < 0.9999
    assert "Keras clipnorm = per-variable: True" in text
    assert "Keras global_clipnorm = tf.clip_by_global_norm: True" in text
    if "GPUs visible: 0" in text:  # without a GPU, use_cudnn=True refuses every variant
        assert text.count("refused (no cuDNN kernel for it here)") == 4, text
    assert "same outputs: True" in text
