"""The MNIST targets under the full profile (slow: minutes per notebook).

Run with ``pytest --run-slow -m slow tests``; the GPU workflow does.
"""

from __future__ import annotations

import json

import pytest

from dltutor.execute import run_notebook
from tests.notebook_harness import ROOT

# Accuracy each framework must reach under the full profile: on the bundled
# 8,000-image sample, and on the full 60,000-image training set.
TARGETS = {
    "sample": {"cnn": 0.98, "mlp": 0.96},
    "full": {"cnn": 0.99, "mlp": 0.96},
}
RUNS = {
    "pytorch": ("notebooks/mnist/pytorch.ipynb", {}),
    "tensorflow": ("notebooks/mnist/tensorflow.ipynb", {}),
    "keras-tensorflow": ("notebooks/mnist/keras.ipynb", {}),
    "keras-torch": ("notebooks/mnist/keras.ipynb", {"backend": "torch"}),
}


@pytest.mark.slow
@pytest.mark.notebooks
@pytest.mark.parametrize("implementation", list(RUNS))
def test_mnist_full_profile_reaches_the_targets(implementation, tmp_path):
    path, parameters = RUNS[implementation]
    results = tmp_path / "results"
    run_notebook(
        ROOT / path,
        tmp_path / "out.ipynb",
        profile="full",
        env={"DLTUTOR_RESULTS_DIR": str(results), "DLTUTOR_DATA": "auto"},
        timeout=1800,
        **parameters,
    )
    for model in ("mlp", "cnn"):
        record = json.loads((results / "mnist" / f"{implementation}-{model}.json").read_text())
        target = TARGETS[record["data_source"]][model]
        assert record["profile"] == "full"
        assert record["test_accuracy"] >= target, (
            f"{implementation} {model}: {record['test_accuracy']:.4f} < {target} "
            f"on the {record['data_source']} data"
        )
