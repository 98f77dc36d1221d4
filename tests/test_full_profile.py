"""The chapters' targets with the notebooks' own parameter values (slow: minutes per notebook).

Run with ``pytest --run-slow -m slow tests``; the GPU workflow does.
"""

from __future__ import annotations

import pytest

from dltutor.book import layout
from dltutor.book.execute import execute_run
from dltutor.book.runs import Run
from tests.nbchecks.mnist._shared import FRAMEWORK_NOTEBOOKS


def full_run(path, parameters, tmp_path, *, data, timeout):
    """``path`` with its own values (and a variant's ``parameters``) on ``data``."""
    return execute_run(Run.of(path, **parameters), tmp_path, parameters=dict(parameters),
                       env={**layout.kernel_env(), "DLTUTOR_DATA": data}, timeout=timeout)

# Accuracy each framework must reach under the full profile: on the bundled
# 8,000-image sample, and on the full 60,000-image training set.
TARGETS = {
    "sample": {"cnn": 0.98, "mlp": 0.96},
    "full": {"cnn": 0.99, "mlp": 0.96},
}


@pytest.mark.slow
@pytest.mark.notebooks
@pytest.mark.parametrize("implementation", list(FRAMEWORK_NOTEBOOKS))
def test_mnist_full_profile_reaches_the_targets(implementation, tmp_path):
    path, parameters = FRAMEWORK_NOTEBOOKS[implementation]
    run = full_run(path, parameters, tmp_path, data="auto", timeout=1800)
    for model in ("mlp", "cnn"):
        record = run.record("mnist", f"{implementation}-{model}")
        target = TARGETS[record["data_source"]][model]
        assert record["test_accuracy"] >= target, (
            f"{implementation} {model}: {record['test_accuracy']:.4f} < {target} "
            f"on the {record['data_source']} data"
        )


# CIFAR-10 (issue 8): at least 70% test accuracy from the PyTorch ResNet's own
# parameter values; on the full 50,000 training images it must do at least as well.
CIFAR10_TARGET = 0.70


@pytest.mark.slow
@pytest.mark.notebooks
def test_cifar10_pytorch_full_profile_reaches_the_target(tmp_path):
    run = full_run("notebooks/cifar10/pytorch.ipynb", {}, tmp_path, data="auto", timeout=3600)
    record = run.record("cifar10", "pytorch-resnet")
    assert record["profile"] == "full"
    assert record["test_accuracy"] >= CIFAR10_TARGET, (
        f"CIFAR-10 PyTorch ResNet: {record['test_accuracy']:.4f} < {CIFAR10_TARGET} "
        f"on the {record['data_source']} data"
    )


# On a GPU with the full data set (issue 8): a wider network of the same design
# and a larger batch, as a stated target. This test has not run yet: no machine
# with a CUDA GPU and the full CIFAR-10 download has been available to the course.
CIFAR10_GPU_TARGET = 0.93
CIFAR10_GPU_SECONDS = 300
CIFAR10_GPU_PROFILE = {"data_source": "full", "widths": [96, 192, 384], "batch_size": 512,
                       "learning_rate": 0.4, "epochs": 30, "mixed_precision": True, "channels_last": True}


@pytest.mark.slow
@pytest.mark.gpu
@pytest.mark.notebooks
def test_cifar10_pytorch_full_data_on_a_gpu_reaches_93_percent_in_five_minutes(tmp_path):
    run = full_run("notebooks/cifar10/pytorch.ipynb", CIFAR10_GPU_PROFILE, tmp_path, data="full",
                   timeout=3600)
    record = run.record("cifar10", "pytorch-resnet")
    assert "cuda" in str(record["device"]).lower(), record["device"]
    assert record["data_source"] == "full" and record["n_test"] == 10_000
    assert record["train_seconds"] <= CIFAR10_GPU_SECONDS, record["train_seconds"]
    assert record["test_accuracy"] >= CIFAR10_GPU_TARGET, record["test_accuracy"]


# CIFAR-10 in TensorFlow and Keras (both backends): the same 70% floor from their own values.
CIFAR10_OTHERS = {
    "tensorflow": ("notebooks/cifar10/tensorflow.ipynb", {}),
    "keras-tensorflow": ("notebooks/cifar10/keras.ipynb", {}),
    "keras-torch": ("notebooks/cifar10/keras.ipynb", {"backend": "torch"}),
}


@pytest.mark.slow
@pytest.mark.notebooks
@pytest.mark.parametrize("implementation", list(CIFAR10_OTHERS))
def test_cifar10_full_profile_reaches_the_target(implementation, tmp_path):
    path, parameters = CIFAR10_OTHERS[implementation]
    run = full_run(path, parameters, tmp_path, data="auto", timeout=3600)
    record = run.record("cifar10", f"{implementation}-resnet")
    assert record["profile"] == "full"
    assert record["test_accuracy"] >= CIFAR10_TARGET, (implementation, record["test_accuracy"])


# LSTM (issue 9): held-out perplexity at most 6.5 and below the trigram baseline; the CO2
# forecast below the seasonal-naive-with-drift baseline.
LSTM_PERPLEXITY = 6.5
LSTM_NOTEBOOKS = {
    "pytorch": ("notebooks/lstm/pytorch.ipynb", {}),
    "tensorflow": ("notebooks/lstm/tensorflow.ipynb", {}),
    "keras-tensorflow": ("notebooks/lstm/keras.ipynb", {}),
    "keras-torch": ("notebooks/lstm/keras.ipynb", {"backend": "torch"}),
}


@pytest.mark.slow
@pytest.mark.notebooks
@pytest.mark.parametrize("implementation", list(LSTM_NOTEBOOKS))
def test_lstm_full_profile_reaches_the_targets(implementation, tmp_path):
    path, parameters = LSTM_NOTEBOOKS[implementation]
    run = full_run(path, parameters, tmp_path, data="auto", timeout=3600)
    charlm = run.record("lstm", f"{implementation}-charlm")
    assert charlm["test_perplexity"] <= LSTM_PERPLEXITY, charlm["test_perplexity"]
    assert charlm["test_perplexity"] < charlm["ngram_perplexity"]["trigram"], charlm["ngram_perplexity"]
    co2 = run.record("lstm", f"{implementation}-co2")
    assert co2["test_mae"] < co2["seasonal_naive_drift_mae"], (co2["test_mae"], co2["seasonal_naive_drift_mae"])
