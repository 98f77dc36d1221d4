"""Load an exported model as one function from a batch of inputs to logits.

Each loader imports its runtime only when called, so a server for an ONNX
model never imports PyTorch or TensorFlow, and gives the runtime the number
of compute threads it is asked for (each runtime has its own setting: an
onnxruntime session ignores ``OMP_NUM_THREADS``, for one).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np

__all__ = ["KINDS", "Predictor", "load_predictor"]

Predictor = Callable[[np.ndarray], np.ndarray]


def _onnx(path: Path, threads: int | None) -> Predictor:
    import onnxruntime as ort

    options = ort.SessionOptions()
    if threads:
        options.intra_op_num_threads = options.inter_op_num_threads = threads
    session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
    name = session.get_inputs()[0].name
    return lambda batch: session.run(None, {name: batch})[0]


def _torch_export(path: Path, threads: int | None) -> Predictor:
    import torch

    if threads:
        torch.set_num_threads(threads)
    module = torch.export.load(str(path)).module()

    def predict(batch: np.ndarray) -> np.ndarray:
        with torch.no_grad():
            return module(torch.from_numpy(batch)).numpy()

    return predict


def _aot_inductor(path: Path, threads: int | None) -> Predictor:
    import torch

    if threads:
        torch.set_num_threads(threads)
    runner = torch._inductor.aoti_load_package(str(path))

    def predict(batch: np.ndarray) -> np.ndarray:
        with torch.no_grad():
            return runner(torch.from_numpy(batch)).numpy()

    return predict


def _saved_model(path: Path, threads: int | None) -> Predictor:
    import tensorflow as tf

    if threads:  # only before TensorFlow's first operation; later calls raise RuntimeError
        try:
            tf.config.threading.set_intra_op_parallelism_threads(threads)
            tf.config.threading.set_inter_op_parallelism_threads(threads)
        except RuntimeError:
            pass
    serve = tf.saved_model.load(str(path)).signatures["serving_default"]
    (output,) = serve.structured_outputs

    def predict(batch: np.ndarray) -> np.ndarray:
        return serve(tf.constant(batch))[output].numpy()

    return predict


def _litert(path: Path, threads: int | None) -> Predictor:
    from ai_edge_litert.interpreter import Interpreter

    interpreter = Interpreter(model_path=str(path), num_threads=threads)
    inp, out = interpreter.get_input_details()[0], interpreter.get_output_details()[0]
    planned: list[tuple[int, ...]] = []  # the input shape the interpreter is allocated for

    def predict(batch: np.ndarray) -> np.ndarray:
        if planned != [batch.shape]:  # re-plan only when the batch size changes
            interpreter.resize_tensor_input(inp["index"], batch.shape)
            interpreter.allocate_tensors()
            planned[:] = [batch.shape]
        interpreter.set_tensor(inp["index"], batch)
        interpreter.invoke()
        return interpreter.get_tensor(out["index"]).copy()

    return predict


#: The artifact kinds a server can load, and their loaders.
KINDS: dict[str, Callable[[Path, int | None], Predictor]] = {
    "onnx": _onnx, "torch-export": _torch_export, "aot-inductor": _aot_inductor, "saved-model": _saved_model,
    "litert": _litert,
}


def load_predictor(kind: str, path: str | Path, threads: int | None = None) -> Predictor:
    """The ``predict(batch) -> logits`` function of the artifact at ``path``.

    ``threads``: compute threads of the runtime (default: the runtime's own
    choice, usually every core).

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
    return KINDS[kind](path, threads)
