"""Checks on the MNIST chapter's Keras notebook, on the TensorFlow and the torch backend."""

from __future__ import annotations

from tests.nbchecks import check, printed_number
from tests.nbchecks.mnist._shared import CNN_PARAMS, LEARNED, framework_checks

for _check in framework_checks("keras-tensorflow"):
    check(_check)
for _check in framework_checks("keras-torch"):
    check(backend="torch")(_check)


@check
@check(backend="torch")
def keras_solutions(run):
    text = run.cell_text("solution")
    with_flag = printed_number(r"from_logits=True *: validation accuracy after one epoch ([\d.]+)", text)
    assert with_flag > LEARNED
    assert printed_number(r"from_logits=False: validation accuracy after one epoch ([\d.]+)", text) >= 0
    assert 1 <= printed_number(r"ran (\d+) of 8 epochs", text) <= 8
    assert f"functional CNN parameters: {CNN_PARAMS:,}" in text


@check(backend="torch")
def keras_ran_on_torch(run):
    rec = run.record("mnist", "keras-torch-cnn")
    assert rec["backend"] == "torch"
    assert "on the torch backend" in "".join(
        o.get("text", "") for c in run.notebook.cells for o in c.get("outputs", [])
    )
