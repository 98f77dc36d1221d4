"""The prediction service: answers, refuses bad input with a 4xx, and its process always stops."""

from __future__ import annotations

import json
import time

import numpy as np
import pytest

pytest.importorskip("fastapi")
httpx = pytest.importorskip("httpx")

from fastapi.testclient import TestClient  # noqa: E402

from dltutor.serving.app import create_app  # noqa: E402
from dltutor.serving.loadtest import load_test  # noqa: E402
from dltutor.serving.measure import measure_in_fresh_process  # noqa: E402
from dltutor.serving.runtimes import load_predictor  # noqa: E402
from dltutor.serving.server import ServerError, serve  # noqa: E402

SHAPE = (3, 4, 4)
WEIGHTS = np.random.default_rng(0).normal(size=(int(np.prod(SHAPE)), 10)).astype(np.float32)


def linear(batch: np.ndarray) -> np.ndarray:
    return batch.reshape(len(batch), -1) @ WEIGHTS


@pytest.fixture(scope="module")
def client():
    return TestClient(create_app(linear, SHAPE, max_batch=8, name="linear"))


@pytest.fixture(scope="module")
def onnx_model(tmp_path_factory):
    """A small convolutional network exported to ONNX, and the PyTorch module it came from."""
    torch = pytest.importorskip("torch")
    pytest.importorskip("onnxruntime")
    pytest.importorskip("onnxscript")  # torch.onnx.export(dynamo=True)
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Conv2d(3, 4, 3, padding=1), torch.nn.BatchNorm2d(4),
                                torch.nn.ReLU(), torch.nn.Flatten(), torch.nn.Linear(64, 10)).eval()
    path = tmp_path_factory.mktemp("onnx") / "model.onnx"
    example = torch.randn(2, *SHAPE)
    torch.onnx.export(model, (example,), dynamo=True, dynamic_shapes=({0: "batch"},)).save(str(path))
    return path, model


def test_json_and_raw_bytes_give_the_same_answer(client):
    batch = np.random.default_rng(1).normal(size=(3, *SHAPE)).astype(np.float32)
    as_json = client.post("/predict", json={"inputs": batch.tolist()})
    raw = client.post("/predict", content=batch.astype("<f4").tobytes(),
                      headers={"content-type": "application/octet-stream"})
    assert as_json.status_code == raw.status_code == 200, (as_json.text, raw.text)
    assert as_json.json()["batch"] == 3
    np.testing.assert_allclose(as_json.json()["logits"], linear(batch), rtol=1e-5, atol=1e-5)
    assert raw.json()["logits"] == as_json.json()["logits"]
    assert raw.json()["classes"] == linear(batch).argmax(1).tolist()


def _example():
    return np.zeros((1, *SHAPE)).tolist()


JSON = {"content-type": "application/json"}
RAW = {"content-type": "application/octet-stream"}
#: (what, body, headers, status, words the message must contain)
BAD_INPUTS = [
    ("malformed JSON", b'{"inputs": [1, 2', JSON, 400, "not valid JSON"),
    ("no inputs key", json.dumps({"x": 1}).encode(), JSON, 422, '"inputs"'),
    ("inputs not a list", json.dumps({"inputs": "abc"}).encode(), JSON, 422, "nested list"),
    ("strings in inputs", json.dumps({"inputs": [["a"] * 48]}).encode(), JSON, 422, "only numbers"),
    ("booleans in inputs", json.dumps({"inputs": [[True] * 48]}).encode(), JSON, 422, "only numbers"),
    ("ragged inputs", json.dumps({"inputs": [[[1.0, 2.0], [3.0]]]}).encode(), JSON, 422, "ragged"),
    ("wrong shape", json.dumps({"inputs": np.zeros((1, 4, 4, 3)).tolist()}).encode(), JSON, 422,
     "expected (batch, 3, 4, 4)"),
    ("empty batch", json.dumps({"inputs": []}).encode(), JSON, 422, "shape"),
    ("batch too large", json.dumps({"inputs": np.zeros((9, *SHAPE)).tolist()}).encode(), JSON, 413,
     "at most 8"),
    ("NaN in JSON", b'{"inputs": [' + json.dumps(np.zeros(SHAPE).tolist()).replace("0.0", "NaN", 1).encode()
     + b"]}", JSON, 422, "NaN"),
    ("raw bytes, partial example", b"\0" * 100, RAW, 422, "whole number of examples"),
    ("raw bytes, empty", b"", RAW, 422, "whole number of examples"),
    ("unknown content type", b"<x/>", {"content-type": "text/xml"}, 415, "application/json"),
    ("body too large", b"\0" * (4 * 48 * 1000), RAW, 413, "larger than"),
    ("raw batch too large", b"\0" * (4 * 48 * 9), RAW, 413, "at most 8"),
]


@pytest.mark.parametrize(("what", "body", "headers", "status", "words"), BAD_INPUTS,
                         ids=[case[0] for case in BAD_INPUTS])
def test_bad_input_gets_a_4xx_with_a_clear_message(client, what, body, headers, status, words):
    response = client.post("/predict", content=body, headers=headers)
    assert response.status_code == status, (what, response.status_code, response.text)
    assert words in response.json()["detail"], response.json()


def test_the_service_still_answers_after_the_bad_inputs(client):
    for _, body, headers, _, _ in BAD_INPUTS:
        client.post("/predict", content=body, headers=headers)
    assert client.post("/predict", json={"inputs": _example()}).status_code == 200


def test_tf_serving_row_and_columnar_requests_get_tf_serving_answers(client):
    batch = np.random.default_rng(3).normal(size=(2, *SHAPE)).astype(np.float32)
    rows = client.post("/v1/models/linear:predict", json={"signature_name": "serving_default",
                                                          "instances": batch.tolist()})
    columns = client.post("/v1/models/linear:predict", json={"inputs": batch.tolist()})
    assert rows.status_code == columns.status_code == 200
    assert np.abs(np.array(rows.json()["predictions"]) - linear(batch)).max() < 1e-4
    assert np.abs(np.array(columns.json()["outputs"]) - linear(batch)).max() < 1e-4


TF_SERVING_BAD = [
    ("unknown model", "other", {"instances": _example()}, 404, "no model named 'other'"),
    ("both formats", "linear", {"instances": _example(), "inputs": _example()}, 422, "exactly one"),
    ("neither format", "linear", {"signature_name": "serving_default"}, 422, "exactly one"),
    ("wrong shape", "linear", {"instances": np.zeros((1, 4, 4, 3)).tolist()}, 422, "expected (batch, 3, 4, 4)"),
    ("strings", "linear", {"instances": [["a"] * 48]}, 422, '"instances" may hold only numbers'),
    ("batch too large", "linear", {"instances": np.zeros((9, *SHAPE)).tolist()}, 413, "at most 8"),
]


@pytest.mark.parametrize(("what", "model", "document", "status", "words"), TF_SERVING_BAD,
                         ids=[case[0] for case in TF_SERVING_BAD])
def test_bad_tf_serving_requests_get_a_4xx_in_tf_servings_error_format(client, what, model, document,
                                                                         status, words):
    response = client.post(f"/v1/models/{model}:predict", json=document)
    assert response.status_code == status, (what, response.text)
    assert words in response.json()["error"], response.json()
    malformed = client.post("/v1/models/linear:predict", content=b"[1,", headers=JSON)
    assert malformed.status_code == 400 and "not valid JSON" in malformed.json()["error"]


def test_onnx_artifact_matches_its_pytorch_model(onnx_model):
    import torch

    path, model = onnx_model
    batch = np.random.default_rng(2).normal(size=(5, *SHAPE)).astype(np.float32)
    with torch.no_grad():
        eager = model(torch.from_numpy(batch)).numpy()
    assert np.abs(load_predictor("onnx", path)(batch) - eager).max() < 1e-4


def test_a_fresh_process_measures_the_artifacts_logits_and_times(onnx_model, tmp_path):
    import torch

    path, model = onnx_model
    batch = np.random.default_rng(4).normal(size=(7, *SHAPE)).astype(np.float32)
    with torch.no_grad():
        eager = model(torch.from_numpy(batch)).numpy()
    figures = measure_in_fresh_process("onnx", path, batch, threads=1, latency_repeats=3, throughput_repeats=2)
    assert figures["logits"].shape == (7, 10) and np.abs(figures["logits"] - eager).max() < 1e-4
    assert figures["load_seconds"] > 0 and figures["batch64_images_per_second"] > 0
    assert 0 < figures["batch1_ms"] <= figures["batch1_p99_ms"]
    with pytest.raises(RuntimeError, match="export the model first"):
        measure_in_fresh_process("onnx", tmp_path / "missing.onnx", batch, threads=1)


@pytest.fixture(scope="module")
def tensorflow_artifacts(tmp_path_factory):
    """A small Keras network as a SavedModel (with a serving signature) and as LiteRT."""
    tf = pytest.importorskip("tensorflow")
    pytest.importorskip("ai_edge_litert")
    tf.keras.utils.set_random_seed(0)
    model = tf.keras.Sequential([tf.keras.Input((4, 4, 3)), tf.keras.layers.Conv2D(4, 3, padding="same"),
                                 tf.keras.layers.BatchNormalization(), tf.keras.layers.ReLU(),
                                 tf.keras.layers.Flatten(), tf.keras.layers.Dense(10)])

    class Serving(tf.Module):
        def __init__(self):
            super().__init__()
            self.model, self.weights = model, [v.value for v in model.weights]

        @tf.function(input_signature=[tf.TensorSpec([None, 4, 4, 3], tf.float32)])
        def serve(self, images):
            return {"logits": self.model(images, training=False)}

    folder = tmp_path_factory.mktemp("tensorflow")
    serving = Serving()
    tf.saved_model.save(serving, str(folder / "saved"), signatures={"serving_default": serving.serve})
    (folder / "model.tflite").write_bytes(tf.lite.TFLiteConverter.from_saved_model(str(folder / "saved")).convert())
    return folder, model


@pytest.mark.parametrize(("kind", "name"), [("saved-model", "saved"), ("litert", "model.tflite")])
def test_tensorflow_artifacts_match_their_keras_model(tensorflow_artifacts, kind, name):
    folder, model = tensorflow_artifacts
    predict = load_predictor(kind, folder / name, threads=1)
    for size in (3, 1, 3):  # LiteRT re-plans when the batch size changes, and back
        batch = np.random.default_rng(size).normal(size=(size, 4, 4, 3)).astype(np.float32)
        assert np.abs(predict(batch) - model(batch, training=False).numpy()).max() < 1e-4, (kind, size)


def test_unknown_kind_and_missing_artifact_are_refused(tmp_path):
    with pytest.raises(ValueError, match="unknown artifact kind 'pickle'"):
        load_predictor("pickle", tmp_path)
    with pytest.raises(FileNotFoundError, match="export the model first"):
        load_predictor("onnx", tmp_path / "missing.onnx")


def _listening(url: str) -> bool:
    try:
        httpx.get(f"{url}/health", timeout=1)
        return True
    except httpx.TransportError:
        return False


def test_a_real_server_process_survives_a_bounded_load_test_and_stops(onnx_model, tmp_path):
    path, _ = onnx_model
    body = np.zeros((1, *SHAPE), dtype="<f4").tobytes()
    with serve("onnx", path, example_shape=SHAPE, max_seconds=120, log=tmp_path / "server.log") as url:
        assert url.startswith("http://127.0.0.1:")
        for concurrency in (1, 4):
            stats = load_test(f"{url}/predict", content=body, content_type="application/octet-stream",
                              requests=200, concurrency=concurrency, max_seconds=60)
            assert stats["sent"] == 200 and stats["failed"] == 0, stats
            assert 0 < stats["p50_ms"] <= stats["p99_ms"] and stats["requests_per_second"] > 0
        bad = httpx.post(f"{url}/predict", content=b"{", headers=JSON)
        assert bad.status_code == 400
    assert not _listening(url), "the server still answers after the block ended"


def test_a_load_test_stops_by_itself_at_its_time_limit(onnx_model):
    path, _ = onnx_model
    body = np.zeros((1, *SHAPE), dtype="<f4").tobytes()
    with serve("onnx", path, example_shape=SHAPE, max_seconds=60) as url:
        stats = load_test(f"{url}/predict", content=body, content_type="application/octet-stream",
                          requests=10**9, concurrency=2, max_seconds=1.5, warmup=0)
    assert stats["stopped_by_time"] and stats["seconds"] < 10 and stats["failed"] == 0


def test_a_server_that_cannot_start_fails_fast_and_leaves_no_process(tmp_path):
    start = time.monotonic()
    with pytest.raises(ServerError, match="exited with status 2"), \
            serve("onnx", tmp_path / "missing.onnx", example_shape=SHAPE, startup_timeout=60):
        pass
    assert time.monotonic() - start < 60


def test_the_server_exits_by_itself_after_max_seconds(onnx_model):
    path, _ = onnx_model
    with serve("onnx", path, example_shape=SHAPE, max_seconds=3) as url:
        deadline = time.monotonic() + 30
        while _listening(url) and time.monotonic() < deadline:
            time.sleep(0.5)
        assert not _listening(url), "the server outlived its max_seconds"


def test_the_block_stops_the_server_even_when_the_body_fails(onnx_model):
    path, _ = onnx_model
    with pytest.raises(RuntimeError, match="boom"), \
            serve("onnx", path, example_shape=SHAPE, max_seconds=120) as url:
        pid_url = url
        raise RuntimeError("boom")
    assert not _listening(pid_url)
