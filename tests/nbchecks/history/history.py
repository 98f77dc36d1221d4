"""Checks on the history chapter: every claim's check confirmed its verdict."""

from dltutor import timeline
from tests.nbchecks import check


@check
def claims_confirmed(run):
    rec = run.record("history", "claims")
    expected = {"pytorch_not_lua", "no_tf_session", "tf_keras_is_keras3", "save_format_deprecated",
                "pickle_by_reference", "keras_multi_backend", "pytorch_eager_by_default"}
    assert set(rec["verdicts"]) == expected
    failed = sorted(k for k, ok in rec["verdicts"].items() if not ok)
    assert not failed, f"checks contradict the verdicts: {failed}"
    assert rec["keras_backends"]["tensorflow"] == "trained one step"
    assert rec["keras_backends"]["torch"] == "trained one step"
    assert rec["keras_exports"] == {"tensorflow": "tf_saved_model", "torch": "torch"}


@check
def versions_read_at_run_time(run):
    rec = run.record("history", "claims")
    from importlib.metadata import version

    assert rec["versions"]["torch"] == version("torch")
    assert rec["versions"]["keras"] == version("keras")
    assert rec["versions"]["tensorflow"] != "not installed"
    assert rec["timeline_events"] == len(timeline.EVENTS)
