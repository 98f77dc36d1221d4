"""The PyTorch <-> Keras weight port of notebooks/mnist/porting.ipynb.

The model definitions and port functions are taken from the notebook's cells
tagged ``port-models`` and ``port-functions`` (so the test checks the code the
notebook shows) and run here on fresh random weights and random images.
"""

from __future__ import annotations

import os

import numpy as np
import pytest

from dltutor.book.layout import ROOT
from dltutor.book.nbsource import tagged_source

NOTEBOOK = ROOT / "notebooks" / "mnist" / "porting.ipynb"
FLATTEN_CHW = (32, 7, 7)


@pytest.fixture(scope="module")
def port():
    """Namespace holding the notebook's models and port functions."""
    os.environ.setdefault("KERAS_BACKEND", "tensorflow")
    pytest.importorskip("torch")
    pytest.importorskip("keras")
    namespace: dict = {}
    exec("import numpy as np\nimport torch\nfrom torch import nn\nimport keras\n", namespace)
    for tag in ("port-models", "port-functions"):
        exec(compile(tagged_source(NOTEBOOK, tag), f"{NOTEBOOK.name}[{tag}]", "exec"), namespace)
    return namespace


def _images(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Random images in [0, 1], as NCHW (PyTorch) and NHWC (Keras)."""
    nchw = np.random.default_rng(seed).random((n, 1, 28, 28), dtype=np.float32)
    return nchw, np.ascontiguousarray(nchw.transpose(0, 2, 3, 1))


def _torch_logits(model, x):
    import torch

    with torch.no_grad():
        return model.eval()(torch.from_numpy(x)).numpy()


def _keras_logits(model, x):
    import keras

    return keras.ops.convert_to_numpy(model(x, training=False))


def _pair(port, kind: str, seed: int):
    import torch

    torch.manual_seed(seed)
    if kind == "cnn":
        return port["CNN"](16, 64, 0.25), port["build_cnn"](16, 64, 0.25), FLATTEN_CHW
    return port["MLP"](128, 0.2), port["build_mlp"](128, 0.2), None


@pytest.mark.parametrize("seed", [0, 1])
@pytest.mark.parametrize("kind", ["cnn", "mlp"])
def test_torch_to_keras_predicts_the_same(port, kind, seed):
    torch_model, keras_model, chw = _pair(port, kind, seed)
    x_nchw, x_nhwc = _images(32, seed)
    before = np.abs(_keras_logits(keras_model, x_nhwc) - _torch_logits(torch_model, x_nchw)).max()
    assert before > 1e-3, "fresh models should disagree before the port"
    port["torch_to_keras"](torch_model, keras_model, flatten_chw=chw)
    diff = np.abs(_keras_logits(keras_model, x_nhwc) - _torch_logits(torch_model, x_nchw)).max()
    assert diff < 1e-5


def test_forgetting_the_flatten_order_breaks_the_cnn(port):
    torch_model, keras_model, _ = _pair(port, "cnn", 0)
    x_nchw, x_nhwc = _images(32, 0)
    port["torch_to_keras"](torch_model, keras_model)  # no flatten_chw
    diff = np.abs(_keras_logits(keras_model, x_nhwc) - _torch_logits(torch_model, x_nchw)).max()
    assert diff > 1e-3


@pytest.mark.parametrize("kind", ["cnn", "mlp"])
def test_round_trip_is_exact(port, kind):
    import torch

    torch_model, keras_model, chw = _pair(port, kind, 0)
    port["torch_to_keras"](torch_model, keras_model, flatten_chw=chw)
    back, _, _ = _pair(port, kind, 1)  # different random weights, to be overwritten
    port["keras_to_torch"](keras_model, back, flatten_chw=chw)
    original, restored = torch_model.state_dict(), back.state_dict()
    assert original.keys() == restored.keys()
    for key in original:
        assert torch.equal(original[key], restored[key]), key


def test_reordering_helpers_are_inverse_permutations(port):
    kernel = np.arange(32 * 7 * 7 * 3, dtype=np.float32).reshape(32 * 7 * 7, 3)
    moved = port["chw_rows_to_hwc"](kernel, FLATTEN_CHW)
    assert not np.array_equal(moved, kernel)
    assert sorted(moved[:, 0]) == sorted(kernel[:, 0])
    np.testing.assert_array_equal(port["hwc_rows_to_chw"](moved, FLATTEN_CHW), kernel)
    # row (c, h, w) of the PyTorch order must land at row (h, w, c) of the Keras order
    c, h, w = 5, 2, 3
    assert moved[(h * 7 + w) * 32 + c, 0] == kernel[(c * 7 + h) * 7 + w, 0]


def test_mismatched_models_are_rejected(port):
    torch_model, _, _ = _pair(port, "cnn", 0)
    with pytest.raises(ValueError):
        port["torch_to_keras"](torch_model, port["build_mlp"](128, 0.2))
