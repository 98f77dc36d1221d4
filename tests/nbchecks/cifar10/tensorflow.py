"""Checks on the CIFAR-10 chapter's TensorFlow notebook (smoke values, bundled sample)."""

from __future__ import annotations

import re

import pytest

from tests.nbchecks import check, printed_number
from tests.nbchecks.cifar10._shared import (
    FIELDS,
    PARAMS,
    RUNNING_STATS,
    check_true_verdicts,
    check_wrong_mode_and_tta,
)

CHANCE = 0.1  # ten classes
LEARNED = 0.2  # "well above chance" after the smoke run's few dozen steps
#: Keras' count_params() adds the moving means and variances of the batch-norm layers
KERAS_COUNT = PARAMS + RUNNING_STATS
N_VAL = 150



def _record(run) -> dict:
    return run.record("cifar10", "tensorflow-resnet")


@check
def records_learned_and_params_match(run):
    rec = _record(run)
    missing = FIELDS - set(rec)
    assert not missing, f"tensorflow-resnet lacks {sorted(missing)}"
    assert rec["framework"] == "tensorflow"
    assert rec["params"] == PARAMS, rec["params"]
    assert rec["keras_count_params"] == KERAS_COUNT, rec["keras_count_params"]
    assert rec["profile"] == "subset" and rec["data_source"] == "sample"
    assert rec["epochs"] == run.parameters["epochs"] == len(rec["history"]["loss"])
    assert set(rec["history"]) >= {"loss", "accuracy", "val_loss", "val_accuracy"}
    assert rec["n_val"] == N_VAL and rec["n_train"] + rec["n_val"] == run.parameters["train_size"]
    assert rec["n_test"] == run.parameters["test_size"]
    assert rec["val_accuracy"] == pytest.approx(rec["history"]["val_accuracy"][-1])
    assert rec["test_accuracy"] > LEARNED, (
        f"the ResNet did not learn: test accuracy {rec['test_accuracy']:.3f} (chance is {CHANCE})"
    )
    low, high = rec["test_accuracy_ci"]
    assert 0 <= low < rec["test_accuracy"] < high <= 1
    assert 0.01 < high - low < 0.12  # a 95% interval on 500 images
    assert rec["train_seconds"] > 0
    assert rec["weight_decay_kind"].startswith("coupled")
    assert rec["label_smoothing"] == 0.1 and rec["bn_momentum"] == 0.1 and rec["bn_epsilon"] == 1e-5
    assert sorted(rec["per_class_accuracy"]) == sorted(rec["class_names"]) and len(rec["class_names"]) == 10
    assert rec["mixed_precision"] is False  # the tests run on a CPU
    assert rec["channels_last"] is True  # TensorFlow's NHWC layout
    assert rec["train_step_traces"] == 1  # the shorter last batch did not retrace
    printed = run.cell_text("nbval-check-output")
    assert f"ResNet parameters: {PARAMS:,}" in printed
    assert f"model.count_params() = {KERAS_COUNT:,} = {PARAMS:,} + {RUNNING_STATS:,}" in printed
    assert "logits for one batch: (64, 10)" in printed
    assert "output (1, 16, 16, 32)" in printed


@check
def one_cycle_equals_pytorch(run):
    torch = pytest.importorskip("torch")
    rec = _record(run)
    steps_per_epoch = -(-rec["n_train"] // rec["batch_size"])  # the last short batch is kept
    assert rec["scheduler_steps"] == rec["epochs"] * steps_per_epoch
    assert rec["peak_learning_rate"] == pytest.approx(rec["learning_rate"], rel=0.01)
    printed = run.cell_text("nbval-check-output")
    assert "equal to PyTorch's OneCycleLR formula at all 1,000 steps: True" in printed
    shown = {int(s): float(v) for s, v in re.findall(r"step +(\d+): learning rate ([\d.e+-]+)", printed)}
    assert len(shown) >= 4, printed
    opt = torch.optim.SGD([torch.zeros(1, requires_grad=True)], lr=0.1)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=0.1, total_steps=1000, cycle_momentum=False)
    rates = []
    for _ in range(1000):
        rates.append(opt.param_groups[0]["lr"])
        opt.step()
        sched.step()
    for step, value in shown.items():
        assert value == pytest.approx(rates[step], rel=1e-5), (step, value, rates[step])


@check
def wrong_mode_and_tta_recorded(run):
    check_wrong_mode_and_tta(_record(run), run.cell_text(), "moving")


@check
def explanations_agree(run):
    check_true_verdicts(run.cell_text("nbval-check-output"), 13)


@check
def reloaded_model_predicts_the_same(run):
    assert _record(run)["reload_same_predictions"] is True
    printed = run.cell_text("nbval-check-output")
    assert "same predicted classes: True" in printed
    assert "same probabilities:     True" in printed
    assert "same moving statistics: True" in printed


@check
def tensorflow_solutions(run):
    text = run.cell_text("solution")
    assert f"parameters with batch normalisation {PARAMS:,}, without {PARAMS - RUNNING_STATS:,}" in text
    assert len(re.findall(r"after 3 steps", text)) == 4
    assert printed_number(r"largest difference between the two models' weights: ([\d.e+-]+)", text) > 0
    assert printed_number(r"largest logit difference: ([\d.]+)", text) > 1e-3  # "same" is another function
    assert "[[0 0 0]\n [0 1 2]\n [0 7 8]]" in text  # explicit padding: centred on pixel (0, 0)
    assert "[[ 1  2  3]\n [ 7  8  9]\n [13 14 15]]" in text  # "same": no padding at the top left
    assert printed_number(r"lowest smoothed loss ([\d.]+)", text) > 0
