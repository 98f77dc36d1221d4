"""Checks on the CIFAR-10 porting notebook (PyTorch ResNet <-> Keras, smoke values, bundled sample)."""

from __future__ import annotations

import re

from tests.nbchecks import assert_matched, check
from tests.nbchecks.cifar10._shared import PARAMS, RUNNING_STATS

TOLERANCE = 1e-4
MISTAKES = ("no_running_stats", "keras_default_epsilon", "same_padding_stride2", "kernels_not_transposed")



def _record(run) -> dict:
    return run.record("cifar10", "port")


@check
def port_matches_and_mistakes_do_not(run):
    rec = _record(run)
    assert rec["n_test"] == run.parameters["test_size"] and rec["port_steps"] == run.parameters["port_steps"]
    assert rec["tolerance"] == TOLERANCE
    assert 0 <= rec["max_abs_diff"] < TOLERANCE
    assert rec["same_class_agreement"] == 1.0
    assert sorted(rec["failures"]) == sorted(MISTAKES)
    for name, failure in rec["failures"].items():
        # "clearly larger": at least a hundred times the tolerance, far above float32 rounding
        assert failure["max_abs_diff"] > 100 * TOLERANCE, (name, failure)
        assert 0 <= failure["agreement"] <= 1
    # evaluating with training=True is not the ported model, and it rewrites the moving statistics
    assert rec["training_true_max_abs_diff"] > 100 * TOLERANCE
    assert rec["training_true_changed_moving_stats"] is True
    assert rec["both_training_max_abs_diff"] < TOLERANCE
    diffs = rec["bn_momentum_diffs"]
    assert diffs["0.9"] < 1e-5 and diffs["0.1"] > 1e-2 and diffs["0.99"] > 1e-2
    assert rec["round_trip_identical"] is True and rec["round_trip_logits_identical"] is True


@check
def checked_outputs(run):
    printed = run.cell_text("nbval-check-output")
    assert f"PyTorch parameters: {PARAMS:,}, running statistics (buffers): {RUNNING_STATS:,}" in printed
    assert f"count_params(): {PARAMS + RUNNING_STATS:,}" in printed
    # a centre-picking 3x3 kernel, stride 2, on a 4x4 image holding 0..15: where the windows sit
    assert "PyTorch, padding=1:              [[0, 2], [8, 10]]" in printed
    assert "Keras, padding='same':           [[5, 7], [13, 15]]" in printed
    assert "Keras, ZeroPadding2D(1)+'valid': [[0, 2], [8, 10]]" in printed
    verdicts = dict(re.findall(r"^(.+?):\s*(True|False)\s*$", printed, flags=re.MULTILINE))
    expected = {
        "same number of trained parameters": "True",
        "max |difference| below tolerance": "True",
        "same predicted class for every test image": "True",
        "training=True matches PyTorch's evaluation mode": "False",
        "training=True also changed Keras' moving statistics": "True",
        "both in training mode agree, even without the running statistics": "True",
        "round trip gives identical weights and running statistics": "True",
        "the PyTorch model after the round trip gives identical logits": "True",
        "Keras momentum=0.9 updates like PyTorch momentum=0.1": "True",
        "Keras momentum=0.1 updates like PyTorch momentum=0.1": "False",
        "Keras momentum=0.99 updates like PyTorch momentum=0.1": "False",
        **{f"{name} matches PyTorch": "False" for name in MISTAKES},
    }
    for line, value in expected.items():
        assert verdicts.get(line) == value, (line, verdicts.get(line), printed)


@check
def porting_solutions(run):
    assert_matched(run.cell_text("solution"),
                   r"folded conv in Keras vs PyTorch conv-BN: .* below tolerance: True",
                   r"momentum ported: .* below tolerance: True",
                   r"momentum not ported: .* below tolerance: False")

