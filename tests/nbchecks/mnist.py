"""Checks on the MNIST chapter's notebooks (smoke profile, bundled sample)."""

from __future__ import annotations

import re

import pytest

from tests.notebook_harness import check, variant

MLP_PARAMS = 784 * 128 + 128 + 128 * 10 + 10  # 101,770
CNN_PARAMS = (9 * 1 * 16 + 16) + (9 * 16 * 32 + 32) + (32 * 7 * 7 * 64 + 64) + (64 * 10 + 10)  # 105,866
CHANCE = 0.1  # ten classes
LEARNED = 0.5  # "well above chance" after the smoke profile's one short epoch
HISTORY_KEYS = {"loss", "accuracy", "val_loss", "val_accuracy"}
FIELDS = {
    "test_accuracy", "test_loss", "train_seconds", "params", "framework", "framework_version",
    "device", "data_source", "n_train", "n_test", "profile", "epochs", "history", "hardware",
}

FRAMEWORK_NOTEBOOKS = {
    "pytorch": ("notebooks/mnist/pytorch.ipynb", {}),
    "tensorflow": ("notebooks/mnist/tensorflow.ipynb", {}),
    "keras-tensorflow": ("notebooks/mnist/keras.ipynb", {}),
    "keras-torch": ("notebooks/mnist/keras.ipynb", {"backend": "torch"}),
}

variant("notebooks/mnist/keras.ipynb", backend="torch")


def _check_records(run, implementation: str) -> None:
    for model, params in (("mlp", MLP_PARAMS), ("cnn", CNN_PARAMS)):
        rec = run.record("mnist", f"{implementation}-{model}")
        missing = FIELDS - set(rec)
        assert not missing, f"{implementation}-{model} lacks {sorted(missing)}"
        assert rec["params"] == params, f"{implementation}-{model}: {rec['params']} != {params}"
        assert rec["profile"] == "smoke" and rec["data_source"] == "sample"
        assert rec["epochs"] == len(rec["history"]["loss"]) >= 1
        assert set(rec["history"]) >= HISTORY_KEYS
        assert rec["n_train"] == 2000 and rec["n_test"] == 1000
        assert rec["test_accuracy"] > LEARNED, (
            f"{implementation}-{model} did not learn: accuracy {rec['test_accuracy']:.3f} "
            f"(chance is {CHANCE})"
        )
        # the final evaluation agrees with the history's last epoch
        assert rec["test_accuracy"] == pytest.approx(rec["history"]["val_accuracy"][-1], abs=1e-6)
        assert rec["train_seconds"] > 0
    printed = run.cell_text("nbval-check-output")
    assert f"MLP parameters: {MLP_PARAMS:,}" in printed
    assert f"CNN parameters: {CNN_PARAMS:,}" in printed


def _register(implementation: str, path: str, parameters: dict) -> None:
    @check(path, **parameters)
    def records_learned_and_params_match(run):
        _check_records(run, implementation)

    @check(path, **parameters)
    def reloaded_model_predicts_the_same(run):
        printed = run.cell_text("nbval-check-output")
        verdicts = re.findall(r"(same [a-z ]+):\s*(\w+)", printed)
        assert ("same predicted digits", "True") in verdicts, printed
        assert all(value == "True" for _, value in verdicts), verdicts


for _impl, (_path, _params) in FRAMEWORK_NOTEBOOKS.items():
    _register(_impl, _path, _params)


@check("notebooks/mnist/tensorflow.ipynb")
def train_step_traced_once(run):
    printed = run.cell_text("nbval-check-output")
    assert "mlp train_step traced 1 time(s)" in printed
    assert "cnn train_step traced 1 time(s)" in printed


@check("notebooks/mnist/keras.ipynb", backend="torch")
def keras_ran_on_torch(run):
    rec = run.record("mnist", "keras-torch-cnn")
    assert rec["backend"] == "torch"
    assert "on the torch backend" in "".join(
        o.get("text", "") for c in run.notebook.cells for o in c.get("outputs", [])
    )


@check("notebooks/mnist/porting.ipynb")
def port_matches(run):
    rec = run.record("mnist", "port")
    assert rec["cnn_max_abs_diff"] < 1e-5
    assert rec["mlp_max_abs_diff"] < 1e-5
    assert rec["naive_cnn_max_abs_diff"] > 1e-3  # the flatten reorder matters
    assert rec["round_trip_identical"] is True


@check("notebooks/mnist/compare.ipynb")
def compare_read_records(run):
    text = "".join(
        o.get("text", "") for c in run.notebook.cells for o in c.get("outputs", [])
    )
    assert "Read " in text and " records from " in text
    printed = run.cell_text("nbval-check-output")
    assert printed.count("same number of parameters: True") == 2
