"""Checks on the deployment chapter's Keras page, on the TensorFlow and the torch backend."""

from __future__ import annotations

from tests.nbchecks import assert_printed, check

#: What model.export could write in this run, per backend (the others fail with the error shown).
WORKS = {"tensorflow": {"tf_saved_model", "litert"}, "torch": {"torch", "onnx"}}
#: The start of the error of each format that cannot be written, per backend.
ERRORS = {
    "tensorflow": {"onnx": "ImportError: This requires the tf2onnx module",
                   "openvino": "ModuleNotFoundError: No module named 'openvino'",
                   "torch": "ValueError: Torch export requires PyTorch backend."},
    "torch": {"tf_saved_model": "UserError: Detected mismatch between the structure of `inputs` and `dynamic_shapes`",
              "litert": "ImportError: To export to LiteRT with the PyTorch backend, you must install",
              "openvino": "ModuleNotFoundError: No module named 'openvino'"},
}


def _register(backend: str, extra: dict) -> None:
    name = f"keras-{backend}-artifacts"

    @check(**extra)
    def the_formats_that_work_and_the_errors_of_the_others(run):
        rec = run.record("deploy", name)
        assert rec["backend"] == backend and rec["framework"] == "keras"
        works = {fmt for fmt, outcome in rec["exports"].items() if outcome["works"]}
        assert works == WORKS[backend], works
        for fmt, start in ERRORS[backend].items():
            assert rec["exports"][fmt]["error"].startswith(start), (fmt, rec["exports"][fmt])
        assert_printed(run.cell_text(), f"model.export on the {backend} backend:")

    @check(**extra)
    def every_artifact_agrees_with_the_model_in_a_fresh_process(run):
        rec = run.record("deploy", name)
        assert set(rec["artifacts"]) == WORKS[backend]
        for fmt, figures in rec["artifacts"].items():
            assert figures["max_abs_diff"] < rec["tolerance"] == 1e-4, (fmt, figures["max_abs_diff"])
            assert figures["test_accuracy"] == rec["test_accuracy"], fmt
            assert figures["size_bytes"] > 10_000 and figures["load_seconds"] > 0, (fmt, figures)
            assert figures["batch1_ms"] > 0 and figures["batch64_images_per_second"] > 0, (fmt, figures)
        assert rec["n_test"] == run.parameters["test_size"] and rec["epochs"] == run.parameters["epochs"]
        assert_printed(run.cell_text("nbval-check-output"),
                       "artifacts written: 2; each has the model's logits within 0.0001: True")

    @check(**extra)
    def the_keras_file_reloads_and_safe_mode_refuses_a_lambda(run):
        assert run.record("deploy", name)["lambda_refused"] is True
        assert_printed(run.cell_text("nbval-check-output"),
                       "the .keras file reloads with the same logits within 0.0001: True",
                       "a Lambda layer is refused: Requested the deserialization of a `Lambda` layer")

    @check(**extra)
    def the_batch_size_solution_runs(run):
        expected = "a batch of 3 refused: " if backend == "torch" else "a batch of 3 gives logits of shape (3, 10)"
        assert expected in run.cell_text("solution")


for _backend, _extra in {"tensorflow": {}, "torch": {"backend": "torch"}}.items():
    _register(_backend, _extra)
