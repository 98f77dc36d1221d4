"""Load an exported model as one function from a batch of inputs to logits.

Each loader imports its runtime only when called, so a server for an ONNX
model never imports PyTorch or TensorFlow.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np

__all__ = ["KINDS", "Predictor", "load_predictor"]

Predictor = Callable[[np.ndarray], np.ndarray]


def _onnx(path: Path) -> Predictor:
    import onnxruntime as ort

    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    name = session.get_inputs()[0].name
    return lambda batch: session.run(None, {name: batch})[0]


def _torch_export(path: Path) -> Predictor:
    import torch

    module = torch.export.load(str(path)).module()

    def predict(batch: np.ndarray) -> np.ndarray:
        with torch.no_grad():
            return module(torch.from_numpy(batch)).numpy()

    return predict


def _saved_model(path: Path) -> Predictor:
    import tensorflow as tf

    serve = tf.saved_model.load(str(path)).signatures["serving_default"]
    (output,) = serve.structured_outputs

    def predict(batch: np.ndarray) -> np.ndarray:
        return serve(tf.constant(batch))[output].numpy()

    return predict


def _litert(path: Path) -> Predictor:
    from ai_edge_litert.interpreter import Interpreter

    interpreter = Interpreter(model_path=str(path))
    inp, out = interpreter.get_input_details()[0], interpreter.get_output_details()[0]

    def predict(batch: np.ndarray) -> np.ndarray:
        if tuple(inp["shape"]) != batch.shape:
            interpreter.resize_tensor_input(inp["index"], batch.shape)
        interpreter.allocate_tensors()
        interpreter.set_tensor(inp["index"], batch)
        interpreter.invoke()
        return interpreter.get_tensor(out["index"]).copy()

    return predict


#: The artifact kinds a server can load, and their loaders.
KINDS: dict[str, Callable[[Path], Predictor]] = {
    "onnx": _onnx, "torch-export": _torch_export, "saved-model": _saved_model, "litert": _litert,
}


def load_predictor(kind: str, path: str | Path) -> Predictor:
    """The ``predict(batch) -> logits`` function of the artifact at ``path``.

    Raises
    ------
    ValueError
        For an unknown ``kind``.
    FileNotFoundError
        When ``path`` does not exist.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown artifact kind {kind!r}; use one of {', '.join(KINDS)}")
    path = Path(path)
    if not path.exists():
        raise FileNotFoundError(f"no artifact at {path}: export the model first")
    return KINDS[kind](path)
