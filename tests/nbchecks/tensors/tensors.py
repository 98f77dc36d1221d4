"""Checks on the tensors chapter: the frameworks agreed, and the regression learned."""

from tests.nbchecks import check


@check
@check(backend="torch")
def every_pair_of_snippets_agreed(run):
    rec = run.record("tensors", "equivalence")
    checks = rec["checks"]
    assert len(checks) >= 40, f"expected all comparisons to be recorded, got {sorted(checks)}"
    assert any(name.endswith("-keras") for name in checks)
    failed = sorted(name for name, ok in checks.items() if not ok)
    assert not failed, f"frameworks disagree on: {failed}"
    assert rec["all_agree"] is True


@check
@check(backend="torch")
def regression_learned_the_same_line_in_all_three(run):
    rec = run.record("tensors", "linear-regression")
    fits = [rec["pytorch"], rec["tensorflow"], rec["keras"]]
    for fit in fits:
        assert fit["last_loss"] < fit["first_loss"]
        # started at w = b = 0: the fit must have moved towards the true line
        assert abs(fit["w"] - rec["true_w"]) < abs(rec["true_w"])
        assert abs(fit["b"] - rec["true_b"]) < abs(rec["true_b"])
    for fit in fits[1:]:
        assert abs(fit["w"] - fits[0]["w"]) < 1e-4 and abs(fit["b"] - fits[0]["b"]) < 1e-4
    assert rec["epochs"] == run.parameters["epochs"]


@check(backend="torch")
def keras_ran_on_torch(run):
    assert run.record("tensors", "linear-regression")["keras_backend"] == "torch"
