"""The prediction service: ``POST /predict`` with JSON or raw bytes, and ``GET /health``.

Two request formats at ``/predict``:

- ``Content-Type: application/json`` with ``{"inputs": [...]}``, a nested
  list of numbers shaped ``(batch, *example_shape)``;
- ``Content-Type: application/octet-stream``: the batch as little-endian
  float32 numbers, C order, so the body is a whole number of examples.

The answer is ``{"logits": [[...]], "classes": [...], "batch": n}``. Every
malformed request gets a 4xx status with a ``detail`` that says what was
wrong and what to send; nothing a client sends can make the model run on a
wrong array or the server fail with a 500.

The same model also answers TensorFlow Serving's REST predict request,
``POST /v1/models/<name>:predict`` with ``{"instances": [...]}`` (answered
with ``{"predictions": [...]}``) or ``{"inputs": [...]}`` (answered with
``{"outputs": [...]}``); its errors are ``{"error": "..."}``, as TensorFlow
Serving writes them, so a client written for one works with the other.
"""

import json
import math
from collections.abc import Sequence
from typing import Any

import numpy as np

from .runtimes import Predictor

__all__ = ["InputError", "create_app", "parse_json_inputs", "parse_raw_inputs", "parse_tf_serving_inputs"]


class InputError(ValueError):
    """A request the service refuses, with the HTTP status to answer with."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def _check_batch(batch: np.ndarray, example_shape: Sequence[int], max_batch: int) -> np.ndarray:
    expected = "(batch, " + ", ".join(map(str, example_shape)) + ")"
    if batch.ndim != len(example_shape) + 1 or tuple(batch.shape[1:]) != tuple(example_shape):
        raise InputError(422, f"inputs have shape {tuple(batch.shape)}; expected {expected}")
    if batch.shape[0] == 0:
        raise InputError(422, "the batch is empty; send at least one example")
    if batch.shape[0] > max_batch:
        raise InputError(413, f"a batch of {batch.shape[0]} is too large; send at most {max_batch} "
                              "examples per request")
    if not np.isfinite(batch).all():
        raise InputError(422, "inputs hold NaN or infinity; send finite numbers")
    return batch


def _numbers_only(value: Any) -> bool:
    if isinstance(value, list):
        return all(_numbers_only(v) for v in value)
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def parse_json_inputs(body: bytes, example_shape: Sequence[int], max_batch: int) -> np.ndarray:
    """The float32 batch of a JSON request body ``{"inputs": [...]}``.

    Raises
    ------
    InputError
        With status 400 for malformed JSON, 422 for a wrong structure, type,
        shape or value, 413 for too large a batch.
    """
    document = _json_object(body, '{"inputs": [...]}')
    if "inputs" not in document:
        raise InputError(422, 'the JSON must be an object with the key "inputs"')
    return _check_batch(_number_array(document["inputs"], "inputs"), example_shape, max_batch)


def parse_tf_serving_inputs(body: bytes, example_shape: Sequence[int], max_batch: int) -> tuple[np.ndarray, str]:
    """The float32 batch of a TensorFlow Serving predict body, and the key to answer with.

    ``{"instances": [...]}`` (row format) is answered under ``"predictions"``,
    ``{"inputs": [...]}`` (columnar format; one unnamed input) under ``"outputs"``.

    Raises
    ------
    InputError
        As :func:`parse_json_inputs`, and 422 when both keys or neither are given.
    """
    document = _json_object(body, '{"instances": [...]}')
    keys = [key for key in ("instances", "inputs") if key in document]
    if len(keys) != 1:
        raise InputError(422, 'the JSON must have exactly one of the keys "instances" (row format) '
                              'and "inputs" (columnar format)')
    batch = _check_batch(_number_array(document[keys[0]], keys[0]), example_shape, max_batch)
    return batch, "predictions" if keys[0] == "instances" else "outputs"


def _json_object(body: bytes, example: str) -> dict[str, Any]:
    try:
        document = json.loads(body)
    except (json.JSONDecodeError, UnicodeDecodeError) as err:
        raise InputError(400, f"the body is not valid JSON ({err}); send {example}") from None
    if not isinstance(document, dict):
        raise InputError(422, f"the JSON must be an object, such as {example}")
    return document


def _number_array(inputs: Any, key: str) -> np.ndarray:
    if not isinstance(inputs, list):
        raise InputError(422, f'"{key}" must be a nested list of numbers')
    if not _numbers_only(inputs):
        raise InputError(422, f'"{key}" may hold only numbers (no strings, booleans or nulls)')
    try:
        return np.asarray(inputs, dtype=np.float32)
    except (ValueError, OverflowError):
        raise InputError(422, f'"{key}" is ragged: every example must have the same shape') from None


def parse_raw_inputs(body: bytes, example_shape: Sequence[int], max_batch: int) -> np.ndarray:
    """The float32 batch of a raw request body (little-endian float32, C order).

    Raises
    ------
    InputError
        With status 422 when the length is not a whole number of examples,
        413 for too large a batch.
    """
    example_bytes = 4 * math.prod(example_shape)
    if len(body) == 0 or len(body) % example_bytes:
        raise InputError(422, f"the body has {len(body)} bytes; send a whole number of examples of "
                              f"{example_bytes} bytes each (float32, little-endian, C order)")
    batch = np.frombuffer(body, dtype="<f4").reshape(-1, *example_shape)
    return _check_batch(batch, example_shape, max_batch)


def create_app(
    predict: Predictor,
    example_shape: Sequence[int],
    *,
    max_batch: int = 64,
    name: str = "model",
) -> Any:
    """The FastAPI app serving ``predict`` for examples of ``example_shape``.

    Parameters
    ----------
    predict : callable
        From a float32 batch ``(n, *example_shape)`` to logits ``(n, classes)``,
        e.g. from :func:`~dltutor.serving.runtimes.load_predictor`.
    example_shape : sequence of int
        The shape of one example, without the batch axis.
    max_batch : int, optional
        The largest batch a request may hold (default 64); bodies larger than
        that many examples (plus room for JSON) are refused with 413 before
        they are parsed.
    name : str, optional
        Shown by ``GET /health`` and in the app's title, and the model name of
        the TensorFlow Serving route ``/v1/models/<name>:predict``.

    Returns
    -------
    fastapi.FastAPI
        The app, for uvicorn or FastAPI's ``TestClient``.
    """
    from fastapi import FastAPI, Request
    from fastapi.responses import JSONResponse

    # No postponed annotations in this module: FastAPI reads ``request: Request``
    # from the live annotation to pass the request in.
    example_shape = tuple(int(n) for n in example_shape)
    # a float as JSON text takes at most ~25 characters; raw bytes exactly 4
    max_body = 32 * max_batch * math.prod(example_shape) + 4096
    app = FastAPI(title=f"dltutor serving: {name}")

    @app.get("/health")
    def health() -> dict[str, Any]:
        return {"status": "ok", "model": name, "example_shape": list(example_shape),
                "max_batch": max_batch}

    async def read_body(request: Request) -> bytes:
        declared = request.headers.get("content-length")
        if declared and declared.isdigit() and int(declared) > max_body:
            raise InputError(413, f"the body of {int(declared):,} bytes is larger than the "
                                  f"{max_body:,} this service accepts")
        body = await request.body()
        if len(body) > max_body:
            raise InputError(413, f"the body is larger than the {max_body:,} bytes accepted")
        return body

    @app.post("/predict")
    async def predict_route(request: Request) -> Any:
        kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
        try:
            body = await read_body(request)
            if kind == "application/json":
                batch = parse_json_inputs(body, example_shape, max_batch)
            elif kind == "application/octet-stream":
                batch = parse_raw_inputs(body, example_shape, max_batch)
            else:
                raise InputError(415, f"Content-Type {kind or 'missing'} is not accepted; use "
                                      "application/json or application/octet-stream")
        except InputError as err:
            return _error(err.status, str(err))
        logits = np.asarray(predict(np.ascontiguousarray(batch)), dtype=np.float32)
        return {"logits": logits.tolist(), "classes": logits.argmax(axis=1).tolist(),
                "batch": int(batch.shape[0])}

    @app.post("/v1/models/{model}:predict")
    async def tf_serving_route(model: str, request: Request) -> Any:
        try:
            if model != name:
                raise InputError(404, f"no model named {model!r}; this server serves {name!r}")
            body = await read_body(request)
            batch, answer_key = parse_tf_serving_inputs(body, example_shape, max_batch)
        except InputError as err:
            return JSONResponse(status_code=err.status, content={"error": str(err)})
        logits = np.asarray(predict(np.ascontiguousarray(batch)), dtype=np.float32)
        return {answer_key: logits.tolist()}

    def _error(status: int, message: str) -> Any:
        return JSONResponse(status_code=status, content={"detail": message})

    return app
