"""What the LSTM chapter's training checks share: sizes, parameter counts, record fields and record checks."""

from __future__ import annotations

import math

import pytest

VOCAB, EMBEDDING, HIDDEN = 27, 32, 128  # the parameters cell's sizes
#: Keras counts one LSTM bias vector; PyTorch has two (bias_ih and bias_hh), 4 * hidden more.
CHARLM_KERAS_PARAMS = VOCAB * EMBEDDING + 4 * HIDDEN * (EMBEDDING + HIDDEN) + 4 * HIDDEN + HIDDEN * VOCAB + VOCAB
CHARLM_TORCH_PARAMS = CHARLM_KERAS_PARAMS + 4 * HIDDEN
CO2_HIDDEN, CO2_HORIZON = 64, 52
CO2_KERAS_PARAMS = 4 * CO2_HIDDEN * (1 + CO2_HIDDEN) + 4 * CO2_HIDDEN + CO2_HIDDEN * CO2_HORIZON + CO2_HORIZON
CO2_TORCH_PARAMS = CO2_KERAS_PARAMS + 4 * CO2_HIDDEN
#: The bundled CO2 series is complete, so these hold in every run (see the recipe's split).
CO2_ORIGINS = {"n_train": 1713, "n_val": 105, "n_test": 209}
CO2_MISSING_WEEKS = 59
SEASONAL_NAIVE_MAE, SEASONAL_NAIVE_DRIFT_MAE = 1.758, 0.903
#: "Well below the unigram baseline": the smoke model must have learned more than letter frequencies.
UNIGRAM_SHARE = 0.75

#: Fields every record of the chapter holds, in every framework and under the same names (the
#: comparison page reads them). ``params`` is the count the framework itself reports; both
#: ``*_equivalent`` fields give the count in one convention (PyTorch: two LSTM biases, Keras: one).
RECORD_FIELDS = {
    "framework", "framework_version", "device", "hardware", "threads", "seed", "data_source", "profile",
    "learning_rate", "clip_norm", "batch_size", "hidden_size", "params", "params_pytorch_equivalent",
    "params_keras_equivalent", "history", "epochs", "best_epoch", "stopped_early", "max_epochs", "patience",
    "train_seconds", "steps_per_second", "n_train", "n_val", "n_test",
}
CHARLM_FIELDS = RECORD_FIELDS | {
    "test_perplexity", "test_perplexity_ci", "val_perplexity", "ngram_perplexity", "vocab_size", "samples",
    "n_test_scored", "seq_len", "embedding_dim", "dropout", "text_fraction",
}
CO2_FIELDS = RECORD_FIELDS | {
    "test_mae", "seasonal_naive_mae", "seasonal_naive_drift_mae", "val_mae", "missing_weeks", "scale", "window",
    "horizon",
}


def early_stopping_consistent(rec: dict, curve_key: str, best_key: str) -> None:
    """best_epoch is the (first) minimum of the validation curve, and the stop obeys the patience."""
    curve = rec["history"][curve_key]
    assert rec["epochs"] == len(curve) == len(rec["history"]["loss"]) >= 1
    best = min(range(len(curve)), key=curve.__getitem__) + 1
    assert rec["best_epoch"] == best, (rec["best_epoch"], curve)
    assert rec[best_key] == pytest.approx(curve[best - 1])
    if rec["stopped_early"]:
        assert rec["epochs"] < rec["max_epochs"]
        assert rec["epochs"] - rec["best_epoch"] == rec["patience"]
    else:
        assert rec["epochs"] == rec["max_epochs"]
        assert rec["epochs"] - rec["best_epoch"] < rec["patience"]


def check_charlm(rec: dict, sample_length: int) -> None:
    missing = CHARLM_FIELDS - set(rec)
    assert not missing, f"charlm record lacks {sorted(missing)}"
    assert rec["profile"] == "subset" and rec["vocab_size"] == VOCAB
    assert rec["params_keras_equivalent"] == CHARLM_KERAS_PARAMS
    assert rec["params_pytorch_equivalent"] == CHARLM_TORCH_PARAMS
    assert rec["hidden_size"] == HIDDEN and rec["batch_size"] == 32 and rec["seq_len"] == 64
    ngram = rec["ngram_perplexity"]
    assert VOCAB > ngram["unigram"] > ngram["bigram"] > ngram["trigram"] > 1, ngram
    ppl = rec["test_perplexity"]
    assert math.isfinite(ppl) and 1 < ppl < UNIGRAM_SHARE * ngram["unigram"], (
        f"the smoke model did not beat letter frequencies: perplexity {ppl:.2f}, unigram {ngram['unigram']:.2f}"
    )
    low, high = rec["test_perplexity_ci"]
    assert low < ppl < high and high - low < 0.2 * ppl
    early_stopping_consistent(rec, "val_perplexity", "val_perplexity")
    assert rec["train_seconds"] > 0 and rec["steps_per_second"] > 0
    assert set(rec["samples"]) == {"0.5", "1.0"}
    for text in rec["samples"].values():
        assert text.startswith("the time traveller ") and len(text) == len("the time traveller ") + sample_length
        assert set(text) <= set(" abcdefghijklmnopqrstuvwxyz")


def check_co2(rec: dict) -> None:
    missing = CO2_FIELDS - set(rec)
    assert not missing, f"co2 record lacks {sorted(missing)}"
    assert {k: rec[k] for k in CO2_ORIGINS} == CO2_ORIGINS
    assert rec["missing_weeks"] == CO2_MISSING_WEEKS
    assert rec["seasonal_naive_mae"] == pytest.approx(SEASONAL_NAIVE_MAE, abs=1e-3)
    assert rec["seasonal_naive_drift_mae"] == pytest.approx(SEASONAL_NAIVE_DRIFT_MAE, abs=1e-3)
    assert math.isfinite(rec["test_mae"]) and 0 < rec["test_mae"] < 10, rec["test_mae"]
    assert rec["params_keras_equivalent"] == CO2_KERAS_PARAMS
    assert rec["params_pytorch_equivalent"] == CO2_TORCH_PARAMS
    assert rec["hidden_size"] == CO2_HIDDEN and rec["horizon"] == CO2_HORIZON and rec["window"] == 104
    assert rec["learning_rate"] == 1e-3 and rec["batch_size"] == 32  # the parameters cell's co2_* values
    assert rec["scale"] > 0 and rec["train_seconds"] > 0 and rec["steps_per_second"] > 0
    early_stopping_consistent(rec, "val_mae", "val_mae")


def kernel_paths(rec: dict, expected: dict[str, str], parameters: dict) -> None:
    """The record's kernel table holds every variant once, on the path the notebook's prose names (CPU)."""
    rows = rec["kernel_timings"]
    assert [row["variant"] for row in rows] == list(expected), rows
    for row in rows:
        assert row["device"] == "cpu" and row["ms_per_batch"] > 0, row
        assert row["path"] == expected[row["variant"]], row
    assert rec["kernel_seq_len"] == parameters["kernel_seq_len"]
    assert rec["kernel_repeats"] == parameters["kernel_repeats"]


def early_stopping_sentence(run, charlm: dict) -> None:
    """The sentence under the learning curves says what the record says happened."""
    text = run.cell_text()
    assert ("early stopping did not have to step in" in text) == (not charlm["stopped_early"])
    assert (f"the weights of epoch {charlm['best_epoch']} were restored" in text) == charlm["stopped_early"]
