"""Checks on the CIFAR-10 chapter's PyTorch notebook (smoke values, bundled sample)."""

from __future__ import annotations

import re

import pytest

from tests.nbchecks import assert_printed, check, printed_number
from tests.nbchecks.cifar10._shared import (
    CHANCE,
    FIELDS,
    PARAMS,
    check_true_verdicts,
    check_wrong_mode_and_tta,
)

LEARNED = 0.3  # "well above chance" after the smoke run's two short epochs
N_VAL = 200
N_TEST = 500
#: PyTorch alone chooses a memory layout, and times its training step in both.
PYTORCH_FIELDS = FIELDS | {"layout_step_seconds"}


def _record(run) -> dict:
    return run.record("cifar10", "pytorch-resnet")


@check
def records_learned_and_params_match(run):
    rec = _record(run)
    missing = PYTORCH_FIELDS - set(rec)
    assert not missing, f"pytorch-resnet lacks {sorted(missing)}"
    assert rec["params"] == PARAMS, rec["params"]
    assert rec["profile"] == "subset" and rec["data_source"] == "sample"
    assert rec["epochs"] == run.parameters["epochs"] == len(rec["history"]["loss"])
    assert set(rec["history"]) >= {"loss", "accuracy", "val_loss", "val_accuracy"}
    # the validation split comes out of the training images; the test set is separate
    assert rec["n_val"] == N_VAL and rec["n_train"] + rec["n_val"] == run.parameters["train_size"]
    assert rec["n_test"] == N_TEST
    assert rec["val_accuracy"] == pytest.approx(rec["history"]["val_accuracy"][-1])
    assert rec["test_accuracy"] > LEARNED, (
        f"the ResNet did not learn: test accuracy {rec['test_accuracy']:.3f} (chance is {CHANCE})"
    )
    low, high = rec["test_accuracy_ci"]
    assert 0 <= low < rec["test_accuracy"] < high <= 1
    assert 0.02 < high - low < 0.12  # a 95% interval on 500 images: several points wide
    assert rec["train_seconds"] > 0
    # the recipe: coupled weight decay, label smoothing, PyTorch's batch-norm conventions
    assert rec["weight_decay_kind"].startswith("coupled")
    assert rec["label_smoothing"] == 0.1 and rec["bn_momentum"] == 0.1 and rec["bn_epsilon"] == 1e-5
    assert sorted(rec["per_class_accuracy"]) == sorted(rec["class_names"]) and len(rec["class_names"]) == 10
    # mixed precision needs a GPU; the channels-last layout is used on the CPU too, and measured
    assert rec["mixed_precision"] is False and rec["channels_last"] is True
    assert set(rec["layout_step_seconds"]) == {"NCHW", "NHWC"}
    assert all(0 < s < 10 for s in rec["layout_step_seconds"].values()), rec["layout_step_seconds"]
    groups = rec["step_profile"]["groups"]  # PyTorch's profiler over a few training steps
    assert groups["fused batch norm"]["calls"] > 0 and groups["convolution"]["calls"] > 0, groups
    assert 0 < rec["step_profile"]["augment_ms"] < 10_000
    printed = run.cell_text("nbval-check-output")
    assert f"ResNet parameters: {PARAMS:,}" in printed
    assert "logits for one batch: (64, 10)" in printed


@check
def one_cycle_stepped_per_batch(run):
    rec = _record(run)
    steps_per_epoch = -(-rec["n_train"] // rec["batch_size"])  # the loader keeps the last short batch
    assert rec["scheduler_steps"] == rec["epochs"] * steps_per_epoch
    assert rec["peak_learning_rate"] == pytest.approx(rec["learning_rate"], rel=0.01)
    assert "ValueError: Tried to step 4 times" in run.cell_text()


@check
def wrong_mode_and_tta_recorded(run):
    check_wrong_mode_and_tta(_record(run), run.cell_text(), "running")


@check
def explanations_agree_with_pytorch(run):
    check_true_verdicts(run.cell_text("nbval-check-output"), 11)


@check
def reloaded_model_predicts_the_same(run):
    assert _record(run)["reload_same_predictions"] is True
    assert_printed(run.cell_text("nbval-check-output"), "same predicted classes: True",
                   "same probabilities:     True")


@check
def pytorch_solutions(run):
    text = run.cell_text("solution")
    assert f"parameters with skips {PARAMS:,}, without 298,026" in text  # less the three projections
    assert len(re.findall(r"after 8 steps", text)) == 2
    assert "weight_decay 0.0005: 11 tensors, 308,320 numbers" in text
    assert "weight_decay 0: 21 tensors, 1,418 numbers" in text
    assert "Keras' rule with momentum 0.9 gives PyTorch's running mean: True" in text
    assert printed_number(r"outputs are ([\d.]+) times larger", text) == pytest.approx(10**0.5, rel=0.01)
    assert printed_number(r"learning rate ([\d.]+) in the first epoch", text) == pytest.approx(0.1 / 25)
    assert len(re.findall(r"validation accuracy, [a-z 0-9]+: [\d.]+", text)) == 3
