"""Checks on the LSTM chapter's training notebooks: a character language model and a CO2 forecast."""

from __future__ import annotations

import math

import pytest

from tests.notebook_harness import check, printed_number, smoke, variant

PYTORCH = "notebooks/lstm/pytorch.ipynb"

#: The smoke run: 30% of the book for six short epochs (about 20 TBPTT windows each), two CO2
#: epochs. Sizes stay at the reader's values, so the parameter counts are the real ones.
SMOKE = {"text_fraction": 0.3, "max_epochs": 6, "sample_length": 40, "co2_max_epochs": 2, "threads": 1}
#: The kernel timings: short sequences, two timed steps each in the smoke run (no test reads a time;
#: unrolling 64 steps alone would take seconds to trace).
KERNEL_SMOKE = {"kernel_seq_len": 16, "kernel_repeats": 2}
smoke(PYTORCH, **SMOKE, **KERNEL_SMOKE)

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


def check_charlm(rec: dict) -> None:
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
        assert text.startswith("the time traveller ") and len(text) == len("the time traveller ") + SMOKE["sample_length"]
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


@check(PYTORCH)
def pytorch_records(run):
    charlm, co2 = run.record("lstm", "pytorch-charlm"), run.record("lstm", "pytorch-co2")
    check_charlm(charlm)
    check_co2(co2)
    # PyTorch's own count is the PyTorch convention
    assert charlm["params"] == CHARLM_TORCH_PARAMS and co2["params"] == CO2_TORCH_PARAMS
    _early_stopping_sentence(run, charlm)
    _kernel_paths(charlm, {
        "nn.LSTM": "oneDNN fused kernel",
        "nn.LSTM, oneDNN switched off": "ATen's generic loop over time (C++)",
        "Python loop over nn.LSTMCell": "a Python loop, one ATen cell call per step",
    })
    assert "MkldnnRnnLayerBackward0" in charlm["kernel_timings"][0]["graph"]


def _kernel_paths(rec: dict, expected: dict[str, str]) -> None:
    """The record's kernel table holds every variant once, on the path the notebook's prose names (CPU)."""
    rows = rec["kernel_timings"]
    assert [row["variant"] for row in rows] == list(expected), rows
    for row in rows:
        assert row["device"] == "cpu" and row["ms_per_batch"] > 0, row
        assert row["path"] == expected[row["variant"]], row
    assert {k: rec[k] for k in KERNEL_SMOKE} == KERNEL_SMOKE


def _early_stopping_sentence(run, charlm: dict) -> None:
    """The sentence under the learning curves says what the record says happened."""
    text = run.cell_text()
    assert ("early stopping did not have to step in" in text) == (not charlm["stopped_early"])
    assert (f"the weights of epoch {charlm['best_epoch']} were restored" in text) == charlm["stopped_early"]


@check(PYTORCH)
def pytorch_checked_outputs(run):
    printed = run.cell_text("nbval-check-output")
    for line in ("targets are the inputs shifted by one: True", "row 1 starts where row 0 ends: True",
                 "one batch: inputs (32, 64) targets (32, 64)", "the last input week is 0 in every window: True",
                 "one batch: inputs (32, 104, 1) targets (32, 52)",
                 f"PyTorch parameters: {CHARLM_TORCH_PARAMS:,}",
                 f"the same model in Keras: {CHARLM_KERAS_PARAMS:,} (one bias vector less: {4 * HIDDEN:,})",
                 f"PyTorch parameters: {CO2_TORCH_PARAMS:,} (Keras: {CO2_KERAS_PARAMS:,})"):
        assert line in printed, f"{line!r} not in:\n{printed}"


@check(PYTORCH)
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
    assert lstm == CHARLM_TORCH_PARAMS and gru == CHARLM_TORCH_PARAMS - HIDDEN * (EMBEDDING + HIDDEN + 2)
    # 4: both forecasters trained and scored
    assert 0 < printed_number(r"CO2 only: +([\d.]+) ppm", text) < 10
    assert 0 < printed_number(r"CO2 \+ season: +([\d.]+) ppm", text) < 10


# --- Keras (both backends) ------------------------------------------------------------------------

KERAS = "notebooks/lstm/keras.ipynb"
smoke(KERAS, **SMOKE, **KERNEL_SMOKE)
# Keras' LSTM on the torch backend steps through time in Python: one CO2 epoch keeps the smoke run short.
variant(KERAS, backend="torch", co2_max_epochs=1)


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
    check_charlm(charlm)
    check_co2(co2)
    assert charlm["backend"] == co2["backend"] == backend
    # Keras' own count (one LSTM bias) is the record's params
    assert charlm["params"] == CHARLM_KERAS_PARAMS and co2["params"] == CO2_KERAS_PARAMS
    _early_stopping_sentence(run, charlm)
    _kernel_paths(charlm, KERAS_CPU_PATHS[backend])


@check(KERAS)
def keras_tensorflow_records(run):
    _keras_records(run, "tensorflow")


@check(KERAS, backend="torch", co2_max_epochs=1)
def keras_torch_records(run):
    _keras_records(run, "torch")


@check(KERAS)
@check(KERAS, backend="torch", co2_max_epochs=1)
def keras_checked_outputs_and_solutions(run):
    printed = run.cell_text("nbval-check-output")
    for line in ("targets are the inputs shifted by one: True", "row 1 starts where row 0 ends: True",
                 "batch 2, row 0 continues batch 1, row 0: True", "one batch: inputs (32, 64) targets (32, 64)",
                 "one batch: inputs (32, 104, 1) targets (32, 52)", "the last input week is 0 in every window: True",
                 f"Keras parameters: {CHARLM_KERAS_PARAMS:,}",
                 f"Keras parameters: {CO2_KERAS_PARAMS:,} (PyTorch: {CO2_TORCH_PARAMS:,})"):
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
    assert printed_number(r"GRU model: ([\d,]+) parameters", text) == CHARLM_TORCH_PARAMS - HIDDEN * (EMBEDDING + HIDDEN + 2)
