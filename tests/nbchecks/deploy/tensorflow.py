"""Checks on the deployment chapter's TensorFlow page: SavedModel and LiteRT agree with the model, int8 is bounded."""

from __future__ import annotations

from tests.nbchecks import assert_printed, check

ARTIFACTS = {"saved-model", "litert", "litert-int8"}


def _record(run) -> dict:
    return run.record("deploy", "tensorflow-artifacts")


@check
def float_artifacts_agree_with_the_model_in_a_fresh_process(run):
    rec = _record(run)
    assert set(rec["artifacts"]) == ARTIFACTS
    for kind in ("saved-model", "litert"):
        figures = rec["artifacts"][kind]
        assert figures["max_abs_diff"] < rec["tolerance"] == 1e-4, (kind, figures["max_abs_diff"])
        assert figures["test_accuracy"] == rec["test_accuracy"] and figures["same_class_share"] == 1.0, kind
    for kind, figures in rec["artifacts"].items():
        assert figures["size_bytes"] > 1_000 and figures["load_seconds"] > 0, (kind, figures)
        assert figures["batch1_ms"] > 0 and figures["batch64_images_per_second"] > 0, (kind, figures)
    assert rec["n_test"] == run.parameters["test_size"] and rec["epochs"] == run.parameters["epochs"]
    assert rec["latency_repeats"] == run.parameters["latency_repeats"]


@check
def int8_is_smaller_and_its_accuracy_change_is_measured(run):
    rec = _record(run)
    int8, float32 = rec["artifacts"]["litert-int8"], rec["artifacts"]["litert"]
    assert int8["size_bytes"] < 0.5 * float32["size_bytes"], (int8["size_bytes"], float32["size_bytes"])
    assert abs(rec["int8_accuracy_change"] - (int8["test_accuracy"] - rec["test_accuracy"])) < 1e-12
    assert rec["int8_within_bound"] == (rec["int8_accuracy_change"] >= -rec["int8_max_accuracy_drop"])
    assert int8["max_abs_diff"] > 0  # rounded activations: not the same logits
    assert rec["calibration_size"] == run.parameters["calibration_size"]


@check
def the_serving_signature_and_tf_serving_format(run):
    rec = _record(run)
    assert rec["training_signature_matters"] is True and rec["untracked_quantises"] is False
    assert rec["tf_serving_max_abs_diff"] < rec["tolerance"]
    assert_printed(run.cell_text("nbval-check-output"),
                   "training=True signature gives the model's predictions: False",
                   "training=False signature agrees within 0.0001: True",
                   "signatures: ['serving_default']",
                   "the predictions are the model's logits within 0.0001: True",
                   "tf.lite.Interpreter is deprecated")


@check
def the_dynamic_range_solution_runs(run):
    assert "dynamic-range file: " in run.cell_text("solution")
