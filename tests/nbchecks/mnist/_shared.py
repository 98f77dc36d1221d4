"""What the MNIST chapter's checks share: the models' counts, the record fields, the record checks."""

from __future__ import annotations

import re

import pytest

MLP_PARAMS = 784 * 128 + 128 + 128 * 10 + 10  # 101,770
CNN_PARAMS = (9 * 1 * 16 + 16) + (9 * 16 * 32 + 32) + (32 * 7 * 7 * 64 + 64) + (64 * 10 + 10)  # 105,866
CHANCE = 0.1  # ten classes
LEARNED = 0.5  # "well above chance" after the smoke run's one short epoch
HISTORY_KEYS = {"loss", "accuracy", "val_loss", "val_accuracy"}
FIELDS = {
    "test_accuracy", "test_loss", "train_seconds", "params", "framework", "framework_version",
    "device", "data_source", "n_train", "n_test", "profile", "epochs", "history", "hardware",
    "n_val", "val_accuracy", "test_accuracy_ci", "validation_fraction",
}
N_VAL = 200

FRAMEWORK_NOTEBOOKS = {
    "pytorch": ("notebooks/mnist/pytorch.ipynb", {}),
    "tensorflow": ("notebooks/mnist/tensorflow.ipynb", {}),
    "keras-tensorflow": ("notebooks/mnist/keras.ipynb", {}),
    "keras-torch": ("notebooks/mnist/keras.ipynb", {"backend": "torch"}),
}

def check_records(run, implementation: str) -> None:
    for model, params in (("mlp", MLP_PARAMS), ("cnn", CNN_PARAMS)):
        rec = run.record("mnist", f"{implementation}-{model}")
        missing = FIELDS - set(rec)
        assert not missing, f"{implementation}-{model} lacks {sorted(missing)}"
        assert rec["params"] == params, f"{implementation}-{model}: {rec['params']} != {params}"
        assert rec["profile"] == "subset" and rec["data_source"] == "sample"
        assert rec["epochs"] == len(rec["history"]["loss"]) >= 1
        assert set(rec["history"]) >= HISTORY_KEYS
        # the validation split comes out of the training images; the test set is separate
        assert rec["n_val"] == N_VAL and rec["n_train"] + rec["n_val"] == run.parameters["train_size"]
        assert rec["n_test"] == run.parameters["test_size"]
        assert rec["val_accuracy"] == pytest.approx(rec["history"]["val_accuracy"][-1])
        assert rec["test_accuracy"] > LEARNED, (
            f"{implementation}-{model} did not learn: accuracy {rec['test_accuracy']:.3f} "
            f"(chance is {CHANCE})"
        )
        low, high = rec["test_accuracy_ci"]
        assert 0 <= low < rec["test_accuracy"] < high <= 1
        # a 95% interval on 1,000 images: about one to six points wide, not a rounding error
        assert 0.005 < high - low < 0.1
        assert rec["train_seconds"] > 0
    printed = run.cell_text("nbval-check-output")
    assert f"MLP parameters: {MLP_PARAMS:,}" in printed
    assert f"CNN parameters: {CNN_PARAMS:,}" in printed


def framework_checks(implementation: str) -> list:
    """The checks every framework notebook's run passes: records and a reloaded model."""

    def records_learned_and_params_match(run):
        check_records(run, implementation)

    def reloaded_model_predicts_the_same(run):
        printed = run.cell_text("nbval-check-output")
        verdicts = re.findall(r"(same [a-z ]+):\s*(\w+)", printed)
        assert ("same predicted digits", "True") in verdicts, printed
        assert all(value == "True" for _, value in verdicts), verdicts

    return [records_learned_and_params_match, reloaded_model_predicts_the_same]
