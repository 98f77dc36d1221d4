"""Fair timing: warm-up runs, several repeats, the median, fixed threads."""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Timing:
    """Wall-clock seconds of the repeats of one measured call."""

    median: float
    repeats: list[float] = field(repr=False)
    warmup: int = 0

    @property
    def spread(self) -> float:
        """Largest minus smallest repeat: how noisy the measurement was."""
        return max(self.repeats) - min(self.repeats)

    def as_dict(self) -> dict[str, Any]:
        """Plain values for :func:`dltutor.results.record`."""
        return {**asdict(self), "spread": self.spread}


def measure(
    fn: Callable[[], Any],
    *,
    repeats: int = 5,
    warmup: int = 1,
    sync: Callable[[Any], Any] | None = None,
) -> Timing:
    """Call ``fn`` ``warmup`` times untimed, then ``repeats`` times timed.

    ``sync`` receives each call's return value before the clock stops; pass
    one for asynchronous devices (``torch.cuda.synchronize``-style, or
    ``lambda out: out.numpy()`` for TensorFlow) so the timing covers the
    work and not just its launch.
    """
    if repeats < 1:
        raise ValueError(f"repeats must be at least 1, got {repeats}")
    for _ in range(warmup):
        out = fn()
        if sync is not None:
            sync(out)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        out = fn()
        if sync is not None:
            sync(out)
        times.append(time.perf_counter() - start)
    return Timing(median=statistics.median(times), repeats=times, warmup=warmup)


def set_threads(n: int) -> dict[str, int]:
    """Give every imported framework the same number of CPU threads.

    TensorFlow only accepts this before it runs its first operation, so call
    it right after the imports.  Returns the thread counts now in force.
    """
    if n < 1:
        raise ValueError(f"thread count must be at least 1, got {n}")
    done: dict[str, int] = {}
    if "torch" in sys.modules:
        import torch

        torch.set_num_threads(n)
        done["torch"] = torch.get_num_threads()
    if "tensorflow" in sys.modules:
        import tensorflow as tf

        try:
            tf.config.threading.set_intra_op_parallelism_threads(n)
            tf.config.threading.set_inter_op_parallelism_threads(n)
        except RuntimeError:  # TensorFlow is already running: keep its setting
            pass
        done["tensorflow"] = tf.config.threading.get_intra_op_parallelism_threads()
    return done
