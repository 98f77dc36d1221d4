"""Check and time an exported model in a fresh process.

The process loads the artifact with :func:`~dltutor.serving.runtimes.load_predictor`
(timing the load), computes the logits of the inputs, then times a batch of 1
and a batch of 64: three warm-up calls, then the repeats, of which it reports
the median (and, for a batch of 1, the 99th percentile), with the given
number of compute threads. A fresh process proves that the file
does not depend on anything the notebook still holds (the model's class,
caches, imported modules), and one process per runtime keeps the runtimes
from sharing threads or memory. From a shell::

    python -m dltutor.serving.measure onnx model.onnx inputs.npy logits.npy --threads 2
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

__all__ = ["measure_in_fresh_process", "main"]


def _seconds(predict, batch: np.ndarray, repeats: int) -> np.ndarray:
    """The time of each of ``repeats`` calls, after three warm-up calls."""
    for _ in range(3):
        predict(batch)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        predict(batch)
        times.append(time.perf_counter() - start)
    return np.array(times)


def measure_in_fresh_process(
    kind: str,
    path: str | Path,
    inputs: np.ndarray,
    *,
    threads: int,
    latency_repeats: int = 50,
    throughput_repeats: int = 5,
    timeout: float = 600,
) -> dict[str, Any]:
    """Load ``path`` in a new Python process, and measure it on ``inputs``.

    Returns
    -------
    dict
        ``logits`` (the artifact's logits for every input), ``load_seconds``,
        ``batch1_ms`` and ``batch1_p99_ms`` (median and 99th-percentile
        latency of one example; with fewer than 100 repeats the percentile
        is interpolated towards the slowest call), and
        ``batch64_images_per_second`` (from the median time of a batch of 64).

    Raises
    ------
    RuntimeError
        When the process fails, with the end of its error output.
    """
    with tempfile.TemporaryDirectory(prefix="dltutor-measure-") as folder:
        inputs_file, logits_file = Path(folder) / "inputs.npy", Path(folder) / "logits.npy"
        np.save(inputs_file, np.ascontiguousarray(inputs, dtype=np.float32))
        command = [sys.executable, "-m", "dltutor.serving.measure", kind, str(path), str(inputs_file),
                   str(logits_file), "--threads", str(threads), "--latency-repeats", str(latency_repeats),
                   "--throughput-repeats", str(throughput_repeats)]
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
        if done.returncode != 0:
            raise RuntimeError(f"measuring the {kind} artifact {path} failed:\n{done.stderr[-2000:]}")
        figures = json.loads(done.stdout.strip().splitlines()[-1])
        return {"logits": np.load(logits_file), **figures}


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m dltutor.serving.measure KIND ARTIFACT INPUTS LOGITS``."""
    from .runtimes import KINDS, load_predictor

    parser = argparse.ArgumentParser(prog="python -m dltutor.serving.measure",
                                     description="Check and time an exported model.")
    parser.add_argument("kind", choices=sorted(KINDS))
    parser.add_argument("artifact", type=Path)
    parser.add_argument("inputs", type=Path, help="a .npy file of float32 inputs")
    parser.add_argument("logits", type=Path, help="where the artifact's logits are saved (.npy)")
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--latency-repeats", type=int, default=50)
    parser.add_argument("--throughput-repeats", type=int, default=5)
    args = parser.parse_args(argv)
    start = time.perf_counter()
    predict = load_predictor(args.kind, args.artifact, threads=args.threads)
    load_seconds = time.perf_counter() - start
    x = np.load(args.inputs)
    np.save(args.logits, np.concatenate([predict(x[i:i + 250]) for i in range(0, len(x), 250)]))
    batch1 = _seconds(predict, x[:1], args.latency_repeats)
    batch64 = _seconds(predict, np.resize(x, (64, *x.shape[1:])), args.throughput_repeats)
    print(json.dumps({"load_seconds": load_seconds, "batch1_ms": 1000 * float(np.median(batch1)),
                      "batch1_p99_ms": 1000 * float(np.percentile(batch1, 99)),
                      "batch64_images_per_second": 64 / float(np.median(batch64))}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
