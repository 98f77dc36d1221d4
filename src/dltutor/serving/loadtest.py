"""A bounded load test of a prediction service: latency percentiles and requests per second.

``concurrency`` clients, each in its own thread with its own connection,
send the same request until ``requests`` have been sent in all or
``max_seconds`` have passed, whichever comes first, so the test always
stops by itself.
"""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np

__all__ = ["load_test"]


def load_test(
    url: str,
    *,
    content: bytes,
    content_type: str,
    requests: int = 2000,
    concurrency: int = 1,
    max_seconds: float = 120,
    warmup: int = 10,
) -> dict[str, Any]:
    """Send ``requests`` POSTs of ``content`` to ``url`` from ``concurrency`` clients.

    Parameters
    ----------
    url : str
        The endpoint, e.g. ``http://127.0.0.1:8000/predict``.
    content : bytes
        The request body, the same for every request.
    content_type : str
        Its ``Content-Type``.
    requests : int, optional
        How many requests to send in all (default 2,000).
    concurrency : int, optional
        How many clients send at once (default 1).
    max_seconds : float, optional
        Stop sending after this long, whatever is left (default 120).
    warmup : int, optional
        Requests sent first, one at a time, and not counted (default 10).

    Returns
    -------
    dict
        ``concurrency``, ``sent``, ``failed`` (any status but 200, or a
        transport error) and the distinct ``failures``, ``p50_ms``,
        ``p99_ms``, ``requests_per_second``, ``seconds`` and
        ``stopped_by_time``.
    """
    import httpx

    headers = {"content-type": content_type}
    with httpx.Client(timeout=30) as client:
        for _ in range(warmup):
            client.post(url, content=content, headers=headers)
    lock = threading.Lock()
    counter = {"left": requests}
    latencies: list[float] = []
    failures: list[str] = []
    deadline = time.monotonic() + max_seconds

    def client_loop() -> None:
        with httpx.Client(timeout=30) as client:
            while time.monotonic() < deadline:
                with lock:
                    if counter["left"] == 0:
                        return
                    counter["left"] -= 1
                start = time.perf_counter()
                try:
                    status = client.post(url, content=content, headers=headers).status_code
                except httpx.HTTPError as err:
                    status = type(err).__name__
                elapsed = time.perf_counter() - start
                with lock:
                    latencies.append(elapsed)
                    if status != 200:
                        failures.append(str(status))

    start = time.perf_counter()
    with ThreadPoolExecutor(concurrency) as pool:
        for future in [pool.submit(client_loop) for _ in range(concurrency)]:
            future.result()
    seconds = time.perf_counter() - start
    ms = np.asarray(latencies) * 1000
    return {
        "concurrency": concurrency, "sent": len(latencies), "failed": len(failures),
        "failures": sorted(set(failures)), "p50_ms": float(np.percentile(ms, 50)) if len(ms) else None,
        "p99_ms": float(np.percentile(ms, 99)) if len(ms) else None,
        "requests_per_second": len(latencies) / seconds if seconds else None, "seconds": seconds,
        "stopped_by_time": counter["left"] > 0,
    }
