"""Checks on the serving page: the service returns the file's logits, refuses bad input, survives load, stops."""

from __future__ import annotations

from tests.nbchecks import assert_printed, check

REFUSED = {"malformed JSON": 400, "no inputs key": 422, "strings instead of numbers": 422,
           "ragged lists": 422, "channels last (32, 32, 3)": 422, "empty batch": 422,
           "NaN in the image": 422, "batch too large": 413, "raw bytes, half an image": 422,
           "unknown Content-Type": 415}


KINDS = {"onnx", "torch-export", "saved-model", "litert"}


def _record(run) -> dict:
    return run.record("deploy", "serving")


@check
def the_service_answers_with_the_files_logits(run):
    rec = _record(run)
    assert set(rec["served"]) == KINDS
    for kind, diffs in rec["served"].items():
        assert max(diffs.values()) < rec["tolerance"] == 1e-4, (kind, diffs)


@check
def every_bad_request_gets_its_4xx_and_the_server_goes_on(run):
    rec = _record(run)
    assert rec["refusals"] == REFUSED and rec["still_answers"] is True
    assert_printed(run.cell_text("nbval-check-output"), "every bad request got a 4xx: True",
                   "the server still answers good requests: True")


@check
def the_load_tests_are_bounded_and_nothing_fails(run):
    rec = _record(run)
    tests = rec["load_tests"]
    assert len(tests) == len(KINDS) * len(run.parameters["concurrencies"])
    assert {t["artifact"] for t in rec["batch_tests"]} == KINDS
    for test in rec["batch_tests"]:
        assert test["failed"] == 0 and test["concurrency"] == 1, test
        assert test["sent"] == run.parameters["batch_requests"] or test["stopped_by_time"], test
        assert test["images_per_second"] == 64 * test["requests_per_second"] > 0, test
    for test in tests:
        assert test["failed"] == 0, test
        assert test["sent"] == run.parameters["requests"] or test["stopped_by_time"], test
        assert test["seconds"] < run.parameters["max_seconds"] + 30, test
        assert 0 < test["p50_ms"] <= test["p99_ms"] and test["requests_per_second"] > 0, test


@check
def the_served_files_are_also_measured_without_http(run):
    rec = _record(run)
    assert set(rec["in_process"]) == KINDS
    for kind, figures in rec["in_process"].items():
        assert 0 < figures["batch1_ms"] <= figures["batch1_p99_ms"], (kind, figures)
        assert figures["batch64_images_per_second"] > 0, (kind, figures)
    assert "ms over HTTP (+" in run.cell_text()


@check
def every_server_stopped(run):
    assert _record(run)["stopped"] is True
    assert "every server stopped: True" in run.cell_text("nbval-check-output")


@check
def a_small_max_batch_refuses_a_larger_batch(run):
    assert "413 a batch of 5 is too large; send at most 4 examples per request" in run.cell_text("solution")
