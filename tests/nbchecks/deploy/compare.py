"""Checks on the deployment comparison page, run on the reference records."""

from __future__ import annotations

from tests.nbchecks import assert_printed, check


@check
def compares_one_network_on_one_machine(run):
    printed = run.cell_text()
    assert "Warning:" not in printed, printed  # the same machine, threads and test images in the records
    assert_printed(run.cell_text("nbval-check-output"),
                   "every page exported the same network (parameters): True",
                   "every float file gives its model's logits within 1e-4: True")
    assert "10 artifacts from 4 pages, 4 of them also served over HTTP" in printed


@check
def shows_every_artifact_and_the_http_figures(run):
    html = run.displayed("text/html")
    for artifact in ("exported-program", "aot-inductor", "onnx", "saved-model", "litert-int8", "tf_saved_model",
                     "torch"):
        assert f"<td>{artifact}</td>" in html, artifact
    for column in ("batch 1, p99 (ms)", "what HTTP adds (ms)", "batches of 64 over HTTP (images/s)"):
        assert column in html, column
    assert "failed requests in all load tests: 0" in run.cell_text()


@check
def concludes_from_the_records(run):
    markdown = run.displayed("text/markdown")
    for start in ("- **One image, in process**: the quickest file was", "- **Over HTTP**, a request added",
                  "- **int8** made the LiteRT file", '- **"TensorFlow is better for production"**: on this machine'):
        assert start in markdown, start
