"""Checks on notebooks/lstm/tensorflow.ipynb: the TensorFlow character model and CO2 forecast."""

from __future__ import annotations

import math
import re

import pytest

from tests.notebook_harness import check, smoke

NB = "notebooks/lstm/tensorflow.ipynb"
#: The chapter's smoke values, the same for its three framework notebooks (the shared recipe).
SMOKE = dict(text_fraction=0.2, max_epochs=2, hidden_size=64, sample_length=40, co2_max_epochs=2, threads=1)
smoke(NB, **SMOKE)

VOCAB, EMBED, HIDDEN = 27, 32, SMOKE["hidden_size"]
KERAS_PARAMS = VOCAB * EMBED + 4 * HIDDEN * (EMBED + HIDDEN) + 4 * HIDDEN + HIDDEN * VOCAB + VOCAB  # 27,451 with the smoke hidden_size of 64
PYTORCH_PARAMS = KERAS_PARAMS + 4 * HIDDEN  # b_ih and b_hh: one more bias vector of 4 * hidden
CO2_HIDDEN, CO2_HORIZON = 64, 52
CO2_KERAS_PARAMS = 4 * CO2_HIDDEN * (1 + CO2_HIDDEN) + 4 * CO2_HIDDEN + CO2_HIDDEN * CO2_HORIZON + CO2_HORIZON

CHARLM_FIELDS = {
    "test_perplexity", "test_perplexity_ci", "val_perplexity", "ngram_perplexity", "epochs", "best_epoch",
    "stopped_early", "vocab_size", "threads", "seed",
    "history", "train_seconds", "steps", "steps_per_second", "params", "params_pytorch_equivalent",
    "samples", "framework", "framework_version", "device", "data_source", "profile", "n_train", "n_val",
    "n_test", "hardware",
}
CO2_FIELDS = {
    "test_mae", "seasonal_naive_mae", "seasonal_naive_drift_mae", "val_mae", "epochs", "best_epoch",
    "stopped_early", "history", "train_seconds", "params", "params_pytorch_equivalent", "missing_weeks",
    "n_train", "n_val", "n_test", "scale", "framework", "device", "data_source", "profile", "hardware",
}


def _number(pattern: str, text: str) -> float:
    found = re.search(pattern, text)
    assert found, f"no match for {pattern!r} in:\n{text}"
    return float(found.group(1).replace(",", ""))


@check(NB)
def charlm_learned_and_beat_the_unigram(run):
    rec = run.record("lstm", "tensorflow-charlm")
    missing = CHARLM_FIELDS - set(rec)
    assert not missing, f"tensorflow-charlm lacks {sorted(missing)}"
    assert rec["profile"] == "subset" and rec["data_source"] == "sample"
    base = rec["ngram_perplexity"]
    # counting works as the prose says: longer contexts help, all far below a uniform guess
    assert base["trigram"] < base["bigram"] < base["unigram"] < VOCAB
    assert rec["test_perplexity"] < base["unigram"], (rec["test_perplexity"], base)
    low, high = rec["test_perplexity_ci"]
    assert low < rec["test_perplexity"] < high and high - low < 0.5 * rec["test_perplexity"]
    # the test characters are the last tenth, cut into batch_size streams (a remainder is dropped)
    assert rec["n_test"] - rec["batch_size"] <= rec["n_test_scored"] <= rec["n_test"] - 1
    assert rec["n_train"] + rec["n_val"] + rec["n_test"] == rec["n_chars"]
    assert 1 <= rec["best_epoch"] <= rec["epochs"] == len(rec["history"]["val_perplexity"])
    assert set(rec["history"]) >= {"loss", "perplexity", "val_perplexity"}
    assert rec["stopped_early"] == (rec["epochs"] < rec["max_epochs"])
    assert rec["val_perplexity"] == pytest.approx(min(rec["history"]["val_perplexity"]))
    assert rec["steps"] > 0 and rec["train_seconds"] > 0
    assert rec["params"] == KERAS_PARAMS and rec["params_pytorch_equivalent"] == PYTORCH_PARAMS
    assert set(rec["samples"]) == {"0.5", "1.0"}
    for text in rec["samples"].values():
        assert text.startswith("the time traveller ") and len(text) == len("the time traveller ") + SMOKE["sample_length"]
        assert set(text) <= set(" abcdefghijklmnopqrstuvwxyz")
    assert rec["traces"] == {"train_step": 1, "evaluate_streams": 1}


@check(NB)
def checked_outputs_hold(run):
    printed = run.cell_text("nbval-check-output")
    assert f"Keras/TensorFlow parameters: {KERAS_PARAMS:,}" in printed
    assert f"PyTorch parameters (two LSTM biases): {PYTORCH_PARAMS:,}" in printed
    assert "two biases summed = one Keras bias, same h and c: True" in printed
    assert "bias starts at 1 for the forget gate, 0 elsewhere (unit_forget_bias=True): True" in printed
    assert "train_step traced 1 time(s)" in printed
    assert "evaluate_streams traced 1 time(s)" in printed


@check(NB)
def co2_forecast_and_baselines(run):
    rec = run.record("lstm", "tensorflow-co2")
    missing = CO2_FIELDS - set(rec)
    assert not missing, f"tensorflow-co2 lacks {sorted(missing)}"
    # the split of the issue: 5 test years -> 209 origins, 3 validation years -> 105
    assert rec["n_test"] == 209 and rec["n_val"] == 105 and rec["n_train"] == 1713
    assert rec["missing_weeks"] == 59
    assert rec["seasonal_naive_mae"] == pytest.approx(1.758, abs=2e-3)
    assert rec["seasonal_naive_drift_mae"] == pytest.approx(0.903, abs=2e-3)
    # two smoke epochs: a forecast that learned something, not yet one that beats the baselines
    assert math.isfinite(rec["test_mae"]) and 0 < rec["test_mae"] < 5
    assert rec["params"] == CO2_KERAS_PARAMS
    assert rec["params_pytorch_equivalent"] == CO2_KERAS_PARAMS + 4 * CO2_HIDDEN
    assert 1 <= rec["best_epoch"] <= rec["epochs"] == len(rec["history"]["val_mae"])


@check(NB)
def tensorflow_lstm_solutions(run):
    text = run.cell_text("solution")
    assert _number(r"traces with a Python int length: +(\d+)", text) == 3
    assert _number(r"traces with a tensor length: +(\d+)", text) == 1
    assert _number(r"traces with an input_signature: +(\d+)", text) == 1
    assert _number(r"global clip +global norm +[\d.]+, cosine with raw ([\d.]+)", text) == pytest.approx(1.0)
    assert _number(r"per-variable clip +global norm +[\d.]+, cosine with raw ([\d.]+)", text) < 0.9999
    assert "Keras clipnorm = per-variable: True" in text
    assert "Keras global_clipnorm = tf.clip_by_global_norm: True" in text
    if "GPUs visible: 0" in text:  # without a GPU, use_cudnn=True refuses every variant
        assert text.count("refused (no cuDNN kernel for it here)") == 4, text
    assert "same outputs: True" in text
