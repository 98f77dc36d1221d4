"""On a CUDA machine the notebooks must train on the GPU, not silently on the CPU."""

from __future__ import annotations

import pytest

from dltutor.book import layout
from dltutor.book.execute import execute_run
from dltutor.book.runs import Run


def smoke_run(path, parameters, tmp_path):
    """The tests' run of ``path`` (a variant with ``parameters``), on this machine's GPU."""
    run = Run.of(path, **parameters)
    return execute_run(run, tmp_path, parameters=run.smoke_parameters, env=layout.kernel_env())


@pytest.mark.gpu
@pytest.mark.notebooks
@pytest.mark.parametrize(
    ("implementation", "path", "parameters"),
    [
        ("pytorch", "notebooks/mnist/pytorch.ipynb", {}),
        ("keras-torch", "notebooks/mnist/keras.ipynb", {"backend": "torch"}),
        ("tensorflow", "notebooks/mnist/tensorflow.ipynb", {}),
        ("keras-tensorflow", "notebooks/mnist/keras.ipynb", {}),
    ],
)
def test_mnist_trains_on_the_gpu(implementation, path, parameters, tmp_path, monkeypatch):
    monkeypatch.delenv("DLTUTOR_DEVICE", raising=False)
    if "tensorflow" in implementation:
        tf = pytest.importorskip("tensorflow")
        if not tf.config.list_physical_devices("GPU"):
            pytest.skip("TensorFlow sees no GPU here (a CPU-only TensorFlow build, or no CUDA libraries)")
    run = smoke_run(path, parameters, tmp_path)
    for model in ("mlp", "cnn"):
        record = run.record("mnist", f"{implementation}-{model}")
        device = str(record["device"]).lower()
        assert "cuda" in device or "gpu" in device, record["device"]
        assert record["test_accuracy"] > 0.5


@pytest.mark.gpu
def test_keras_torch_backend_uses_the_gpu():
    import subprocess
    import sys

    code = (
        "import os; os.environ['KERAS_BACKEND'] = 'torch'\n"
        "import keras, numpy as np\n"
        "model = keras.Sequential([keras.Input((8,)), keras.layers.Dense(1)])\n"
        "model.compile(optimizer='sgd', loss='mse')\n"
        "x = np.random.rand(64, 8).astype('float32')\n"
        "model.fit(x, x.sum(1, keepdims=True), epochs=2, verbose=0)\n"
        "print(model.weights[0].value.device)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip().startswith("cuda"), out.stdout


@pytest.mark.gpu
@pytest.mark.notebooks
def test_cifar10_uses_mixed_precision_and_channels_last_on_the_gpu(tmp_path, monkeypatch):
    """The smoke run on CUDA: float16 autocast and the NHWC layout are on, and the model still learns."""
    monkeypatch.delenv("DLTUTOR_DEVICE", raising=False)
    run = smoke_run("notebooks/cifar10/pytorch.ipynb", {}, tmp_path)
    record = run.record("cifar10", "pytorch-resnet")
    assert "cuda" in str(record["device"]).lower(), record["device"]
    assert record["mixed_precision"] is True and record["channels_last"] is True
    assert record["reload_same_predictions"] is True
    assert record["test_accuracy"] > 0.3
