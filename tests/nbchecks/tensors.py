"""Checks on the tensors chapter: the frameworks agreed, and the regression learned."""

from tests.notebook_harness import check

NOTEBOOK = "notebooks/tensors/tensors.ipynb"


@check(NOTEBOOK)
def every_pair_of_snippets_agreed(run):
    rec = run.record("tensors", "equivalence")
    checks = rec["checks"]
    assert len(checks) >= 20, f"expected all comparisons to be recorded, got {sorted(checks)}"
    failed = sorted(name for name, ok in checks.items() if not ok)
    assert not failed, f"frameworks disagree on: {failed}"
    assert rec["all_agree"] is True


@check(NOTEBOOK)
def regression_learned_the_same_line_in_both(run):
    rec = run.record("tensors", "linear-regression")
    pt, tf = rec["pytorch"], rec["tensorflow"]
    for fit in (pt, tf):
        assert fit["last_loss"] < fit["first_loss"]
        # started at w = b = 0: the fit must have moved towards the true line
        assert abs(fit["w"] - rec["true_w"]) < abs(rec["true_w"])
        assert abs(fit["b"] - rec["true_b"]) < abs(rec["true_b"])
    assert abs(pt["w"] - tf["w"]) < 1e-4 and abs(pt["b"] - tf["b"]) < 1e-4
    assert rec["epochs"] > 0 and rec["profile"] == "smoke"
