"""Checks on the deployment chapter's PyTorch page: every artifact agrees with its model, and is measured."""

from __future__ import annotations

from tests.nbchecks import assert_printed, check

ARTIFACTS = {"exported-program", "onnx", "aot-inductor"}  # the test machines have a C++ compiler


def _record(run) -> dict:
    return run.record("deploy", "pytorch-artifacts")


@check
def every_artifact_agrees_with_the_model_in_a_fresh_process(run):
    rec = _record(run)
    assert set(rec["artifacts"]) == ARTIFACTS and rec["aot_inductor"] is True
    for kind, figures in rec["artifacts"].items():
        assert figures["max_abs_diff"] < rec["tolerance"] == 1e-4, (kind, figures["max_abs_diff"])
        assert figures["test_accuracy"] == rec["test_accuracy"], kind  # the same predictions
        assert figures["size_bytes"] > 10_000 and figures["load_seconds"] > 0, (kind, figures)
        assert figures["batch1_ms"] > 0 and figures["batch64_images_per_second"] > 0, (kind, figures)
    assert rec["n_test"] == run.parameters["test_size"] and rec["epochs"] == run.parameters["epochs"]
    assert rec["latency_repeats"] == run.parameters["latency_repeats"]


@check
def forgetting_eval_changes_the_exported_predictions(run):
    assert _record(run)["eval_mode_matters"] is True
    assert_printed(run.cell_text("nbval-check-output"),
                   "training-mode export gives the evaluation model's predictions: False",
                   "evaluation-mode export agrees within 0.0001: True",
                   "batch sizes accepted: [(1, 1024)]")


@check
def a_fixed_batch_export_refuses_other_sizes(run):
    assert "batch of 3 refused: " in run.cell_text("solution")
