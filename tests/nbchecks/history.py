"""Checks on the history chapter: every claim's check confirmed its verdict."""

from dltutor import timeline
from tests.notebook_harness import check

NOTEBOOK = "notebooks/history/history.ipynb"


@check(NOTEBOOK)
def claims_confirmed(run):
    rec = run.record("history", "claims")
    expected = {"pytorch_not_lua", "no_tf_session", "save_format_gone",
                "keras_multi_backend", "pytorch_eager_by_default"}
    assert set(rec["verdicts"]) == expected
    failed = sorted(k for k, ok in rec["verdicts"].items() if not ok)
    assert not failed, f"checks contradict the verdicts: {failed}"
    assert rec["keras_backends"]["tensorflow"] == "trained one step"
    assert rec["keras_backends"]["torch"] == "trained one step"


@check(NOTEBOOK)
def versions_read_at_run_time(run):
    rec = run.record("history", "claims")
    from importlib.metadata import version

    assert rec["versions"]["torch"] == version("torch")
    assert rec["versions"]["keras"] == version("keras")
    assert rec["versions"]["tensorflow"] != "not installed"
    assert rec["timeline_events"] == len(timeline.EVENTS)
