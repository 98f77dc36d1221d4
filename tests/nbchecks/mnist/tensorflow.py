"""Checks on the MNIST chapter's TensorFlow notebook."""

from __future__ import annotations

from tests.nbchecks import assert_printed, check, printed_number
from tests.nbchecks.mnist._shared import CHANCE, CNN_PARAMS, framework_checks

for _check in framework_checks("tensorflow"):
    check(_check)


@check
def train_step_traced_once(run):
    assert_printed(run.cell_text("nbval-check-output"), "mlp train_step traced 1 time(s)",
                   "cnn train_step traced 1 time(s)")


@check
def tensorflow_solutions(run):
    text = run.cell_text("solution")
    assert printed_number(r"traces without a signature: +(\d+)", text) == 3
    assert printed_number(r"traces with reduce_retracing: +(\d+)", text) == 2
    assert printed_number(r"graph: ([\d.]+) ms per step", text) > 0
    # Keras 3 layers are not tf.Modules: a tf.Module holding them sees no variables ...
    assert "is a Keras layer a tf.Module? False" in text
    assert "tf.Module with Keras layers finds 0 variables" in text
    # ... a tf.keras.Model does, and the hand-written step trains it
    assert f"tf.keras.Model finds 8 variables, {CNN_PARAMS:,} parameters" in text
    assert printed_number(r"training accuracy ([\d.]+)", text) > 2 * CHANCE
    assert "same as the model's predictions: True" in text
