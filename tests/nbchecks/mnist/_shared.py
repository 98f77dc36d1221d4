"""Checks on the MNIST chapter's notebooks (smoke values, bundled sample)."""

from __future__ import annotations

import re

import pytest

from tests.notebook_harness import check, printed_number, smoke, variant

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
#: The smoke run: 2,000 training images (10% of them held out for validation), 1,000 test images.
SMOKE = {"mlp_epochs": 1, "cnn_epochs": 1, "train_size": 2000, "test_size": 1000}
N_VAL = 200

FRAMEWORK_NOTEBOOKS = {
    "pytorch": ("notebooks/mnist/pytorch.ipynb", {}),
    "tensorflow": ("notebooks/mnist/tensorflow.ipynb", {}),
    "keras-tensorflow": ("notebooks/mnist/keras.ipynb", {}),
    "keras-torch": ("notebooks/mnist/keras.ipynb", {"backend": "torch"}),
}

for _path in ("notebooks/mnist/pytorch.ipynb", "notebooks/mnist/tensorflow.ipynb",
              "notebooks/mnist/keras.ipynb"):
    smoke(_path, **SMOKE)
variant("notebooks/mnist/keras.ipynb", backend="torch")
smoke("notebooks/mnist/porting.ipynb", train_size=2000, test_size=500)

def _check_records(run, implementation: str) -> None:
    for model, params in (("mlp", MLP_PARAMS), ("cnn", CNN_PARAMS)):
        rec = run.record("mnist", f"{implementation}-{model}")
        missing = FIELDS - set(rec)
        assert not missing, f"{implementation}-{model} lacks {sorted(missing)}"
        assert rec["params"] == params, f"{implementation}-{model}: {rec['params']} != {params}"
        assert rec["profile"] == "subset" and rec["data_source"] == "sample"
        assert rec["epochs"] == len(rec["history"]["loss"]) >= 1
        assert set(rec["history"]) >= HISTORY_KEYS
        # the validation split comes out of the training images; the test set is separate
        assert rec["n_val"] == N_VAL and rec["n_train"] + rec["n_val"] == SMOKE["train_size"]
        assert rec["n_test"] == SMOKE["test_size"]
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


@check("notebooks/mnist/pytorch.ipynb")
def explanations_agree_with_pytorch(run):
    text = run.cell_text()
    by_hand = printed_number(r"cross-entropy by hand:\s+([\d.]+)", text)
    assert by_hand == printed_number(r"PyTorch cross_entropy:\s+([\d.]+)", text)
    assert "same update: True" in text  # Adam by hand in NumPy equals torch.optim.Adam


@check("notebooks/mnist/pytorch.ipynb")
def pytorch_solutions(run):
    text = run.cell_text("solution")
    floor = printed_number(r"lowest possible loss with the softmax layer: ([\d.]+)", text)
    assert floor == pytest.approx(1.4612, abs=1e-4)
    assert printed_number(r"softmax at end:\s+loss ([\d.]+)", text) > floor
    assert f"total {CNN_PARAMS:,}" in text
    assert len(re.findall(r"batch size +\d+: +\d+ steps", text)) == 3
    assert "resumed Adam state equal: True" in text


@check("notebooks/mnist/tensorflow.ipynb")
def train_step_traced_once(run):
    printed = run.cell_text("nbval-check-output")
    assert "mlp train_step traced 1 time(s)" in printed
    assert "cnn train_step traced 1 time(s)" in printed


@check("notebooks/mnist/tensorflow.ipynb")
def tensorflow_solutions(run):
    text = run.cell_text("solution")
    assert printed_number(r"traces without a signature: +(\d+)", text) == 3
    assert printed_number(r"traces with reduce_retracing: +(\d+)", text) == 2
    assert printed_number(r"graph: ([\d.]+) ms per step", text) > 0
    # Keras 3 layers are not tf.Modules: a tf.Module holding them sees no variables ...
    assert "is a Keras layer a tf.Module? False" in text
    assert "tf.Module with Keras layers finds 0 variables" in text
    # ... a tf.keras.Model does, and the hand-written step trains it
    assert f"tf.keras.Model finds 8 variables, {CNN_PARAMS:,} parameters" in text
    assert printed_number(r"training accuracy ([\d.]+)", text) > 2 * CHANCE
    assert "same as the model's predictions: True" in text


@check("notebooks/mnist/keras.ipynb")
@check("notebooks/mnist/keras.ipynb", backend="torch")
def keras_solutions(run):
    text = run.cell_text("solution")
    with_flag = printed_number(r"from_logits=True *: validation accuracy after one epoch ([\d.]+)", text)
    assert with_flag > LEARNED
    assert printed_number(r"from_logits=False: validation accuracy after one epoch ([\d.]+)", text) >= 0
    assert 1 <= printed_number(r"ran (\d+) of 8 epochs", text) <= 8
    assert f"functional CNN parameters: {CNN_PARAMS:,}" in text


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


@check("notebooks/mnist/porting.ipynb")
def porting_solutions(run):
    text = run.cell_text("solution")
    assert re.search(r"Keras -> PyTorch: .* below tolerance: True", text), text
    # channels-first convolutions: a plain Flatten keeps PyTorch's row order ...
    assert re.search(r"Flatten\('channels_last' *\), rows as in PyTorch *: .* below tolerance: True", text), text
    # ... while Flatten(data_format="channels_first") moves channels last first, so the rows need reordering
    assert re.search(r"Flatten\('channels_first' *\), rows as in PyTorch *: .* below tolerance: False", text), text
    assert re.search(r"Flatten\('channels_first' *\), rows reordered *: .* below tolerance: True", text), text


def _markdown_output(run) -> str:
    return "".join(out["data"]["text/markdown"] for cell in run.notebook.cells
                   for out in cell.get("outputs", []) if "text/markdown" in out.get("data", {}))


@check("notebooks/mnist/compare.ipynb")
def compare_read_records(run):
    text = run.cell_text()
    # run alone, the page has no records of its own and says it uses the reference records
    assert "reference records of the book's last full build" in text, text[:2000]
    assert "The framework notebooks are not next to this one" in text
    printed = run.cell_text("nbval-check-output")
    assert printed.count("same number of parameters: True") == 2
    conclusions = _markdown_output(run)
    for model in ("MLP", "CNN"):  # a noise verdict per model, computed from the intervals
        assert re.search(rf"{model}: (every pair of 95% intervals overlaps|\d+ of 6 pairs have intervals)",
                         conclusions), conclusions
    assert "training time:" in conclusions
