"""What the CIFAR-10 chapter's checks share: the network's counts, the record fields, verdict checks."""

from __future__ import annotations

import re

import pytest

#: stem 928 + stages 19,648 + 57,728 + 230,144 + head 1,290 (widths 32, 64, 128)
PARAMS = 309_738
#: Batch norm's running means and variances: 2 x (32 + 32 + 32 + 32 + 64 + 64 + 64 + 128 + 128 + 128)
#: over its ten layers (Keras counts them in count_params(), PyTorch keeps them as buffers).
RUNNING_STATS = 1_408
CHANCE = 0.1  # ten classes
FIELDS = {
    "test_accuracy", "test_accuracy_ci", "test_loss", "train_seconds", "params", "framework",
    "framework_version", "device", "data_source", "n_train", "n_val", "n_test", "profile", "epochs",
    "history", "hardware", "val_accuracy", "validation_fraction", "wrong_mode_val_accuracy",
    "wrong_mode_val_accuracy_batch1", "tta_test_accuracy", "tta_test_accuracy_ci", "tta_gain",
    "val_tta_accuracy", "per_class_accuracy", "reload_same_predictions", "mixed_precision",
    "channels_last", "weight_decay", "weight_decay_kind", "label_smoothing", "bn_momentum",
    "bn_epsilon", "scheduler_steps", "peak_learning_rate",
}

def check_wrong_mode_and_tta(rec: dict, printed: str, statistics: str) -> None:
    """The wrong-mode and flip-TTA fields of a ResNet record (any framework's) are consistent.

    ``statistics`` is the framework's name for batch norm's averages ("running" or "moving").
    """
    for key in ("wrong_mode_val_accuracy", "wrong_mode_val_accuracy_batch1", "val_tta_accuracy",
                "tta_test_accuracy"):
        assert 0 <= rec[key] <= 1, (key, rec[key])
    # batch statistics of single images make the training-mode predictions useless
    assert rec["wrong_mode_val_accuracy_batch1"] < rec["val_accuracy"]
    assert rec["tta_gain"] == pytest.approx(rec["tta_test_accuracy"] - rec["test_accuracy"])
    low, high = rec["tta_test_accuracy_ci"]
    assert low < rec["tta_test_accuracy"] < high
    assert f"the careless pass also changed the {statistics} statistics: True" in printed


def check_true_verdicts(printed: str, at_least: int) -> None:
    """At least ``at_least`` lines of the form ``claim: True/False`` were printed, and all say True."""
    verdicts = re.findall(r"^(.+?):\s*(True|False)\s*$", printed, flags=re.MULTILINE)
    assert len(verdicts) >= at_least, printed
    assert all(value == "True" for _, value in verdicts), verdicts
