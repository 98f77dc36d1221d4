"""Checks on notebooks/lstm/tensorflow.ipynb: the TensorFlow character model and CO2 forecast.

The smoke values, counts and record checks follow the chapter's shared recipe (the PyTorch
notebook's checks in ``lstm_training.py`` use the same ones), so the records are comparable.
"""

from __future__ import annotations

import math
import re

import pytest

from tests.nbchecks.lstm_training import CHARLM_FIELDS as PYTORCH_CHARLM_FIELDS
from tests.nbchecks.lstm_training import CHARLM_KERAS_PARAMS as KERAS_PARAMS
from tests.nbchecks.lstm_training import CHARLM_TORCH_PARAMS as PYTORCH_PARAMS
from tests.nbchecks.lstm_training import CO2_FIELDS as PYTORCH_CO2_FIELDS
from tests.nbchecks.lstm_training import (
    CO2_HIDDEN,
    CO2_KERAS_PARAMS,
    CO2_ORIGINS,
    SMOKE,
    UNIGRAM_SHARE,
    VOCAB,
)
from tests.nbchecks.lstm_training import early_stopping_consistent as _early_stopping_consistent
from tests.notebook_harness import check, smoke

NB = "notebooks/lstm/tensorflow.ipynb"

#: The chapter's smoke values, sizes, parameter counts and early-stopping rule are those of the
#: PyTorch notebook's checks (lstm_training.py): the records must be comparable.
smoke(NB, **SMOKE)

#: The TensorFlow records also say how PyTorch would count the parameters, and the run's set-up.
CHARLM_FIELDS = PYTORCH_CHARLM_FIELDS | {"params_pytorch_equivalent", "threads", "seed", "hardware"}
CO2_FIELDS = PYTORCH_CO2_FIELDS | {"params_pytorch_equivalent", "framework", "device", "data_source", "profile",
                                   "hardware"}


def _number(pattern: str, text: str) -> float:
    found = re.search(pattern, text)
    assert found, f"no match for {pattern!r} in:\n{text}"
    return float(found.group(1).replace(",", ""))


@check(NB)
def charlm_record(run):
    rec = run.record("lstm", "tensorflow-charlm")
    missing = CHARLM_FIELDS - set(rec)
    assert not missing, f"tensorflow-charlm lacks {sorted(missing)}"
    assert rec["profile"] == "subset" and rec["data_source"] == "sample" and rec["vocab_size"] == VOCAB
    ngram = rec["ngram_perplexity"]
    assert VOCAB > ngram["unigram"] > ngram["bigram"] > ngram["trigram"] > 1, ngram
    ppl = rec["test_perplexity"]
    assert math.isfinite(ppl) and 1 < ppl < UNIGRAM_SHARE * ngram["unigram"], (
        f"the smoke model did not beat letter frequencies: perplexity {ppl:.2f}, unigram {ngram['unigram']:.2f}")
    low, high = rec["test_perplexity_ci"]
    assert low < ppl < high and high - low < 0.2 * ppl
    # the test text is cut into batch_size streams; at most a stream's worth of characters is dropped
    assert rec["n_test"] - rec["batch_size"] <= rec["n_test_scored"] <= rec["n_test"] - 1
    assert rec["n_train"] + rec["n_val"] + rec["n_test"] == rec["n_chars"]
    _early_stopping_consistent(rec, "val_perplexity", "val_perplexity")
    assert rec["history"]["perplexity"] == pytest.approx([math.exp(x) for x in rec["history"]["loss"]])
    assert rec["train_seconds"] > 0 and rec["steps_per_second"] > 0
    assert rec["params"] == rec["params_keras_equivalent"] == KERAS_PARAMS
    assert rec["params_pytorch_equivalent"] == PYTORCH_PARAMS
    assert set(rec["samples"]) == {"0.5", "1.0"}
    for text in rec["samples"].values():
        assert text.startswith("the time traveller ") and len(text) == len("the time traveller ") + SMOKE["sample_length"]
        assert set(text) <= set(" abcdefghijklmnopqrstuvwxyz")
    assert rec["traces"] == {"train_step": 1, "evaluate_streams": 1}


@check(NB)
def co2_record(run):
    rec = run.record("lstm", "tensorflow-co2")
    missing = CO2_FIELDS - set(rec)
    assert not missing, f"tensorflow-co2 lacks {sorted(missing)}"
    assert {k: rec[k] for k in CO2_ORIGINS} == CO2_ORIGINS
    assert rec["missing_weeks"] == 59
    assert rec["seasonal_naive_mae"] == pytest.approx(1.758, abs=1e-3)
    assert rec["seasonal_naive_drift_mae"] == pytest.approx(0.903, abs=1e-3)
    assert math.isfinite(rec["test_mae"]) and 0 < rec["test_mae"] < 10, rec["test_mae"]
    assert rec["scale"] > 0
    assert rec["params"] == rec["params_keras_equivalent"] == CO2_KERAS_PARAMS
    assert rec["params_pytorch_equivalent"] == CO2_KERAS_PARAMS + 4 * CO2_HIDDEN
    _early_stopping_consistent(rec, "val_mae", "val_mae")


@check(NB)
def checked_outputs_hold(run):
    printed = run.cell_text("nbval-check-output")
    for line in (f"Keras/TensorFlow parameters: {KERAS_PARAMS:,}",
                 f"PyTorch parameters (two LSTM biases): {PYTORCH_PARAMS:,}",
                 "two biases summed = one Keras bias, same h and c: True",
                 "bias starts at 1 for the forget gate, 0 elsewhere (unit_forget_bias=True): True",
                 "train_step traced 1 time(s)", "evaluate_streams traced 1 time(s)",
                 "one batch: inputs (32, 64) targets (32, 64)", "targets are the inputs shifted by one: True",
                 "row 1 starts where row 0 ends: True", "one batch: inputs (32, 104, 1) targets (32, 52)",
                 "the last input week is 0 in every window: True"):
        assert line in printed, f"{line!r} not in:\n{printed}"


@check(NB)
def tensorflow_lstm_solutions(run):
    text = run.cell_text("solution")
    assert _number(r"traces with a Python int length: +(\d+)", text) == 3
    assert _number(r"traces with a tensor length: +(\d+)", text) == 1
    assert _number(r"traces with an input_signature: +(\d+)", text) == 1
    limit = _number(r"limit ([\d.]+);", text)
    assert _number(r"global clip +global norm +([\d.]+)", text) == pytest.approx(limit, abs=2e-4)
    assert _number(r"global clip +global norm +[\d.]+, cosine with raw ([\d.]+)", text) == pytest.approx(1.0)
    assert _number(r"per-variable clip +global norm +[\d.]+, cosine with raw ([\d.]+)", text) < 0.9999
    assert "Keras clipnorm = per-variable: True" in text
    assert "Keras global_clipnorm = tf.clip_by_global_norm: True" in text
    if "GPUs visible: 0" in text:  # without a GPU, use_cudnn=True refuses every variant
        assert text.count("refused (no cuDNN kernel for it here)") == 4, text
    assert "same outputs: True" in text
