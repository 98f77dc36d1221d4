"""Run the prediction service as a real uvicorn process on 127.0.0.1, and always stop it.

From Python, :func:`serve` starts it on a free port and stops it when the
``with`` block ends, however it ends::

    with serve("onnx", "model.onnx", example_shape=(3, 32, 32)) as url:
        httpx.post(f"{url}/predict", json={"inputs": batch.tolist()})

From a shell::

    python -m dltutor.serving onnx model.onnx --shape 3,32,32 --port 8000

The process listens on 127.0.0.1 only, exits by itself after
``max_seconds`` and as soon as the process that started it is gone, so no
server outlives a notebook or a test.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

__all__ = ["ServerError", "free_port", "main", "serve"]

HOST = "127.0.0.1"


class ServerError(RuntimeError):
    """The server process did not start, or died, with its output attached."""


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def _wait_healthy(url: str, process: subprocess.Popen, timeout: float) -> None:
    import httpx

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise ServerError(f"the server exited with status {process.returncode} before answering")
        try:
            if httpx.get(f"{url}/health", timeout=1.0).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise ServerError(f"the server did not answer {url}/health within {timeout:.0f} s")


def _stop(process: subprocess.Popen) -> None:
    """SIGTERM to the server's process group, then SIGKILL if it lingers."""
    if process.poll() is not None:
        return
    for sig, wait in ((signal.SIGTERM, 10), (signal.SIGKILL, 10)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(wait)
            return
        except subprocess.TimeoutExpired:
            continue


@contextmanager
def serve(
    kind: str,
    artifact: str | Path,
    *,
    example_shape: Sequence[int],
    max_batch: int = 64,
    max_seconds: float = 600,
    startup_timeout: float = 120,
    threads: int = 1,
    name: str | None = None,
    log: str | Path | None = None,
) -> Iterator[str]:
    """Serve ``artifact`` in a new process on a free 127.0.0.1 port; yields its base URL.

    Parameters
    ----------
    kind : str
        One of :data:`~dltutor.serving.runtimes.KINDS`.
    artifact : str or Path
        The exported model.
    example_shape : sequence of int
        One example's shape, without the batch axis.
    max_batch : int, optional
        The largest batch a request may hold (default 64).
    max_seconds : float, optional
        The process exits by itself after this long (default 600).
    startup_timeout : float, optional
        How long to wait for its health check (default 120 s).
    threads : int, optional
        Compute threads of the runtime in the server (default 1).
    name : str, optional
        The model's name, for ``GET /health`` and the TensorFlow Serving route
        ``/v1/models/<name>:predict`` (default: ``KIND:FILENAME``).
    log : str or Path, optional
        Where the server's output goes (default: discarded).

    Yields
    ------
    str
        The base URL, ``http://127.0.0.1:<port>``; the process is stopped when
        the block ends, however it ends.

    Raises
    ------
    ServerError
        When the server does not answer its health check in time.
    """
    port = free_port()
    url = f"http://{HOST}:{port}"
    command = [sys.executable, "-m", "dltutor.serving", kind, str(artifact),
               "--shape", ",".join(str(n) for n in example_shape), "--port", str(port),
               "--max-batch", str(max_batch), "--max-seconds", str(max_seconds),
               "--threads", str(threads), "--parent", str(os.getpid())]
    if name:
        command += ["--name", name]
    out = open(log, "ab") if log else subprocess.DEVNULL  # noqa: SIM115  (closed below)
    process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                               start_new_session=True)
    try:
        _wait_healthy(url, process, startup_timeout)
        yield url
    finally:
        _stop(process)
        if log:
            out.close()


def _watchdog(parent: int, max_seconds: float) -> None:
    """Exit the server when its time is up or the process that started it is gone."""
    deadline = time.monotonic() + max_seconds
    while time.monotonic() < deadline:
        if parent and os.getppid() != parent:
            break
        time.sleep(0.5)
    os._exit(0)


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m dltutor.serving KIND ARTIFACT --shape C,H,W [--port N]``."""
    from .runtimes import KINDS

    parser = argparse.ArgumentParser(prog="python -m dltutor.serving",
                                     description="Serve an exported model on 127.0.0.1.")
    parser.add_argument("kind", choices=sorted(KINDS))
    parser.add_argument("artifact", type=Path)
    parser.add_argument("--shape", required=True, help="one example's shape, e.g. 3,32,32")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--max-batch", type=int, default=64)
    parser.add_argument("--max-seconds", type=float, default=3600,
                        help="exit after this many seconds (default 3600)")
    parser.add_argument("--threads", type=int, default=1, help="compute threads of the runtime")
    parser.add_argument("--name", help="the model's name (default: KIND:FILENAME)")
    parser.add_argument("--parent", type=int, default=0, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    try:
        shape = tuple(int(n) for n in args.shape.split(","))
    except ValueError:
        parser.exit(2, f"error: --shape must be numbers separated by commas, not {args.shape!r}\n")
    for name in ("OMP_NUM_THREADS", "TF_NUM_INTRAOP_THREADS", "TF_NUM_INTEROP_THREADS"):
        os.environ[name] = str(args.threads)
    import uvicorn

    from .app import create_app
    from .runtimes import load_predictor

    try:
        predict = load_predictor(args.kind, args.artifact, threads=args.threads)
    except (ValueError, FileNotFoundError) as err:
        parser.exit(2, f"error: {err}\n")
    app = create_app(predict, shape, max_batch=args.max_batch, name=args.name or f"{args.kind}:{args.artifact.name}")
    threading.Thread(target=_watchdog, args=(args.parent, args.max_seconds), daemon=True).start()
    uvicorn.run(app, host=HOST, port=args.port, log_level="warning", access_log=False)
    return 0
