"""Checks on the CIFAR-10 chapter's Keras notebook, on the TensorFlow and the torch backend."""

from __future__ import annotations

import re

import pytest

from tests.nbchecks import check, printed_number
from tests.nbchecks.cifar10._shared import (
    CHANCE,
    FIELDS,
    PARAMS,
    RUNNING_STATS,
    check_true_verdicts,
    check_wrong_mode_and_tta,
)

#: Keras' count_params() also counts the moving mean and variance of the batch-norm layers.
MOVING = RUNNING_STATS
#: "Well above chance" after the smoke run's three short epochs on 1,800 images.
LEARNED = 0.2
N_VAL = 200
N_TEST = 500
BACKENDS = {"tensorflow": {}, "torch": {"backend": "torch"}}



def _register(backend: str, extra: dict) -> None:
    name = f"keras-{backend}-resnet"

    @check(**extra)
    def records_learned_and_params_match(run):
        rec = run.record("cifar10", name)
        missing = FIELDS - set(rec)
        assert not missing, f"{name} lacks {sorted(missing)}"
        assert rec["backend"] == backend and rec["framework"] == "keras"
        assert rec["params"] == PARAMS, rec["params"]
        assert rec["count_params"] == PARAMS + MOVING, rec["count_params"]
        assert rec["profile"] == "subset" and rec["data_source"] == "sample"
        assert rec["epochs"] == run.parameters["epochs"] == len(rec["history"]["loss"])
        assert set(rec["history"]) == {"loss", "accuracy", "val_loss", "val_accuracy"}
        assert rec["n_val"] == N_VAL and rec["n_train"] + rec["n_val"] == run.parameters["train_size"]
        assert rec["n_test"] == N_TEST
        assert rec["val_accuracy"] == pytest.approx(rec["history"]["val_accuracy"][-1])
        assert rec["test_accuracy"] > LEARNED, (
            f"{name} did not learn: test accuracy {rec['test_accuracy']:.3f} (chance is {CHANCE})"
        )
        low, high = rec["test_accuracy_ci"]
        assert 0 <= low < rec["test_accuracy"] < high <= 1
        assert 0.01 < high - low < 0.1
        assert rec["train_seconds"] > 0
        # the chapter's recipe, with PyTorch's conventions
        assert rec["weight_decay_kind"].startswith("coupled")
        assert rec["weight_decay"] == 5e-4 and rec["momentum"] == 0.9 and rec["nesterov"] is True
        assert rec["label_smoothing"] == 0.1 and rec["bn_momentum"] == 0.1 and rec["bn_epsilon"] == 1e-5
        assert rec["batch_size"] == 64 and rec["learning_rate"] == 0.1 and rec["augment"] is True
        assert sorted(rec["per_class_accuracy"]) == sorted(rec["class_names"]) and len(rec["class_names"]) == 10
        # a CPU run: no mixed precision; Keras' layout is channels last on every backend
        assert rec["mixed_precision"] is False and rec["dtype_policy"] == "float32"
        assert rec["channels_last"] is True
        printed = run.cell_text("nbval-check-output")
        assert f"ResNet parameters: {PARAMS:,}" in printed
        assert f"count_params(): {PARAMS + MOVING:,} = {PARAMS:,} trainable + {MOVING:,} moving" in printed
        assert "logits for one batch: (64, 10)" in printed
        assert "one batch of images: (64, 32, 32, 3) float32" in printed

    @check(**extra)
    def one_cycle_counted_per_batch(run):
        rec = run.record("cifar10", name)
        steps_per_epoch = -(-rec["n_train"] // rec["batch_size"])  # fit keeps the last short batch
        assert rec["scheduler_steps"] == rec["epochs"] * steps_per_epoch
        assert rec["peak_learning_rate"] == pytest.approx(rec["learning_rate"], rel=0.01)
        assert re.search(r"optimizer\.iterations = \d+ \(.*: True\)", run.cell_text())

    @check(**extra)
    def wrong_mode_and_tta_recorded(run):
        check_wrong_mode_and_tta(run.record("cifar10", name), run.cell_text(), "moving")

    @check(**extra)
    def explanations_agree(run):
        printed = run.cell_text("nbval-check-output")
        check_true_verdicts(printed, 24)
        for claim in ("equals PyTorch's SGD(weight_decay=): True",
                      "SGD(weight_decay=) is decoupled and gives other weights: True",
                      "one crop position for the whole batch: True",
                      "each of the nine shifts -4..4 comes up 1/9 of the time, down and across: True",
                      "equal to PyTorch's OneCycleLR at every step (to float32 precision): True",
                      "moving variance uses the biased batch variance: True"):
            assert claim in printed, claim

    @check(**extra)
    def reloaded_model_predicts_the_same(run):
        assert run.record("cifar10", name)["reload_same_predictions"] is True
        printed = run.cell_text("nbval-check-output")
        assert "same predicted classes: True" in printed
        assert "same probabilities:     True" in printed
        assert "weights in the file: 52 = 32 trained + 20 moving statistics" in printed

    @check(**extra)
    def step_timed_and_profiled(run):
        profile = run.record("cifar10", name)["step_profile"]
        for key in ("step_ms", "network_step_ms", "augment_ms"):
            assert 0 < profile[key] < 10_000, (key, profile[key])
        if backend == "torch":  # PyTorch's profiler saw Keras' operators
            groups = profile["ops"]["groups"]
            assert groups["convolution"]["calls"] > 0 and groups["memory copies"]["calls"] > 0, groups
            assert "fused batch norm" not in groups, groups  # Keras computes batch norm from separate ops
            assert sum(g["ms"] for g in groups.values()) == pytest.approx(profile["ops"]["ms_per_step"], rel=0.01)
        else:
            assert profile["ops"] is None

    @check(**extra)
    def keras_solutions(run):
        text = run.cell_text("solution")
        assert "predict fails:" in text and f"found shape=({N_VAL}, 40, 40, 3)" in text
        plain = printed_number(r"validation accuracy: ([\d.]+) on the images", text)
        assert plain > CHANCE
        assert 0 <= printed_number(r"([\d.]+) on the padded images resized", text) <= 1
        assert printed_number(r"per epoch: ([\d.]+) for every batch", text) > 0
        assert printed_number(r"largest difference within the epoch: ([\d.]+)", text) > 0
        assert "with an L2 penalty: 11 tensors, 308,320 numbers" in text
        assert "without:            21 tensors, 1,418 numbers" in text
        assert "penalty terms in model.losses: 11 (all weights: 32)" in text
        assert "momentum 0.0: weight_decay= gives the same weights as the L2 regulariser: True" in text
        assert "momentum 0.9: weight_decay= gives the same weights as the L2 regulariser: False" in text
        ours = printed_number(r"momentum 0\.9, epsilon 1e-5 *: moving mean ([\d.]+)", text)
        default = printed_number(r"Keras' defaults 0\.99, 1e-3: moving mean ([\d.]+)", text)
        # after six batches of mean 2: 2 * (1 - 0.9**6) = 0.94 and 2 * (1 - 0.99**6) = 0.12
        assert ours == pytest.approx(2 * (1 - 0.9**6), abs=0.1)
        assert default == pytest.approx(2 * (1 - 0.99**6), abs=0.05)


for _backend, _extra in BACKENDS.items():
    _register(_backend, _extra)


@check(backend="torch")
def keras_ran_on_torch(run):
    rec = run.record("cifar10", "keras-torch-resnet")
    assert rec["backend"] == "torch" and rec["framework_version"].startswith("3.")
    assert "on the torch backend" in run.cell_text()
