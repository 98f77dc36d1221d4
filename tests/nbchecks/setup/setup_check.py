"""Checks on the setup check: it downloads nothing by default and the frameworks agree."""

from tests.nbchecks import check


@check
def looked_without_downloading(run):
    rec = run.record("setup", "setup-check")
    assert rec["download"] is False
    assert rec["loaded"] == {}, "the setup check must not load data unless download=True"
    assert set(rec["data"]) >= {"mnist", "cifar10", "timemachine", "co2"}
    for name, state in rec["data"].items():
        assert state["sample_bundled"], f"{name}: the bundled sample is missing"
        assert state["auto"], name


@check
def frameworks_agree(run):
    rec = run.record("setup", "setup-check")
    assert rec["frameworks_agree"] is True
    assert rec["repeatable"] is True
    assert rec["versions"]["torch"] != "not installed"
