"""Serve an exported model over HTTP, and measure it (the deployment chapter).

- :mod:`dltutor.serving.runtimes`: load an exported artifact (ONNX, a
  ``torch.export`` program, a TensorFlow SavedModel, a LiteRT model) as one
  ``predict(batch) -> logits`` function.
- :mod:`dltutor.serving.app`: the FastAPI app: ``POST /predict`` with JSON or
  raw bytes, every bad input answered with a 4xx and a message that says
  what to send instead.
- :mod:`dltutor.serving.server`: run the app as a real uvicorn process on
  127.0.0.1, bounded in time and always stopped
  (``python -m dltutor.serving`` is its command line).
- :mod:`dltutor.serving.loadtest`: a bounded load test: latency percentiles
  and requests per second at a given concurrency.

Needs the ``deploy`` extra (fastapi, uvicorn, httpx; onnxruntime and
ai-edge-litert for those runtimes).
"""
