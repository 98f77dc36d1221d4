"""Fair timing: warm-up runs, several repeats, the median, fixed threads.

Also: running one framework's measurements in a process of its own
(:func:`run_isolated`) and refusing implausible numbers (:func:`check_plausible`).
"""

from __future__ import annotations

import json
import math
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(frozen=True)
class Timing:
    """Wall-clock seconds of the repeats of one measured call.

    Parameters
    ----------
    median : float
        The median of ``repeats``.
    repeats : list of float
        The seconds of each timed call.
    warmup : int, optional
        How many untimed calls came first (default 0).
    """

    median: float
    repeats: list[float] = field(repr=False)
    warmup: int = 0

    @property
    def spread(self) -> float:
        """Largest minus smallest repeat; it shows how noisy the measurement was."""
        return max(self.repeats) - min(self.repeats)

    def as_dict(self) -> dict[str, Any]:
        """Plain values for :func:`dltutor.results.record`.

        Returns
        -------
        dict[str, object]
            ``median``, ``repeats``, ``warmup`` and :attr:`spread`.
        """
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

    Parameters
    ----------
    fn : callable
        The call to measure, without arguments.
    repeats : int, optional
        Timed calls (at least 1; default 5).
    warmup : int, optional
        Untimed calls first (default 1).
    sync : callable or None, optional
        Called with each return value of ``fn``, warm-up calls included;
        ``None`` (default) for none.

    Returns
    -------
    ~dltutor.timing.Timing
        The seconds of each timed call (``time.perf_counter``) and their
        median.

    Raises
    ------
    ValueError
        If ``repeats`` is below 1.
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


def _check_threads(n: int) -> None:
    if n < 1:
        raise ValueError(f"thread count must be at least 1, got {n}")


def set_threads(n: int) -> dict[str, int]:
    """Give every imported framework the same number of CPU threads.

    TensorFlow only accepts this before it runs its first operation, so call
    it right after the imports; later, its setting is kept.  Frameworks that
    are not imported yet are left alone.

    Parameters
    ----------
    n : int
        Threads per framework; below 1 raises ``ValueError``.

    Returns
    -------
    dict[str, int]
        The thread counts now in force, for ``"torch"`` and ``"tensorflow"``
        (its intra-op count) where imported.
    """
    _check_threads(n)
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


# --- one process per framework -------------------------------------------------------

#: Environment variables that fix the size of each framework's CPU thread pools.
THREAD_VARS = ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS",
               "TF_NUM_INTRAOP_THREADS", "TF_NUM_INTEROP_THREADS")


def thread_env(n: int) -> dict[str, str]:
    """The current environment with every framework's thread pools fixed at ``n``.

    Also keeps TensorFlow's C++ start-up messages and oneDNN notices out of
    the output. ``n`` below 1 raises ``ValueError``.

    Returns
    -------
    dict[str, str]
        A copy of ``os.environ`` with each of :data:`THREAD_VARS` set to ``n``
        and ``TF_CPP_MIN_LOG_LEVEL`` set to ``"2"`` unless already set.
    """
    _check_threads(n)
    env = dict(os.environ)
    env.update({name: str(n) for name in THREAD_VARS})
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    return env


def run_isolated(script: str | os.PathLike, config: dict[str, Any], *, threads: int,
                 timeout: float = 900, extra_env: dict[str, str] | None = None) -> dict[str, Any]:
    """Run ``python script '<config as JSON>'`` in a fresh process and return its JSON result.

    The process gets ``threads`` threads per pool (see :func:`thread_env`), so
    one framework's idle or spinning threads cannot compete with another's.
    The script must print its result as one JSON object on its last line of
    standard output.  Its standard error is shown only if it fails.

    Parameters
    ----------
    script : str or os.PathLike
        The Python script, run with this process's interpreter.
    config : dict[str, object]
        Passed to the script as its one argument, as JSON.
    threads : int
        Threads per pool (at least 1).
    timeout : float, optional
        Seconds to wait for the script (default 900).
    extra_env : dict[str, str] or None, optional
        More environment variables, on top of :func:`thread_env`.

    Returns
    -------
    dict[str, object]
        The JSON object on the script's last line of output.

    Raises
    ------
    RuntimeError
        If the script fails or its last line is not a JSON object; the message
        ends with the last 15 lines of its standard error.
    subprocess.TimeoutExpired
        If it runs longer than ``timeout``.
    ValueError
        If ``threads`` is below 1.
    """
    env = {**thread_env(threads), **(extra_env or {})}
    done = subprocess.run(
        [sys.executable, os.fspath(script), json.dumps(config)],
        env=env, capture_output=True, text=True, timeout=timeout, check=False,
    )
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0 or not lines or not lines[-1].startswith("{"):
        tail = "\n".join(done.stderr.strip().splitlines()[-15:])
        raise RuntimeError(f"{script} failed (exit status {done.returncode}):\n{tail}")
    return json.loads(lines[-1])


# --- plausibility ----------------------------------------------------------------------

class ImplausibleTimingError(RuntimeError):
    """A measurement that cannot be right (or was taken on a machine too busy to trust)."""


def plausibility_problems(
    label: str,
    result: Timing | dict[str, Any],
    *,
    steps: int = 1,
    flops: float | None = None,
    peak_flops: float | None = None,
    floor_flops: float | None = None,
    overhead_s: float = 0.02,
    recheck: Timing | dict[str, Any] | None = None,
    max_noise_ratio: float = 4.0,
    max_recheck_ratio: float = 4.0,
) -> list[str]:
    """Reasons why a timing of ``steps`` steps of ``flops`` each is not believable.

    - a repeat that is not a positive finite number;
    - the median more than ``max_noise_ratio`` times the fastest repeat (most
      repeats were disturbed: the machine was busy);
    - a step faster than ``flops / peak_flops`` (faster than the hardware can
      compute: usually a missing synchronisation on an asynchronous device);
    - a step slower than ``overhead_s + flops / floor_flops`` (absurdly slow
      for the arithmetic it does);
    - a quick re-measure (``recheck``) whose median differs from this one by
      more than ``max_recheck_ratio`` times either way.

    Parameters
    ----------
    label : str
        What was measured; it starts every message.
    result : ~dltutor.timing.Timing or dict
        The measurement, or a dict with its ``"median"`` and ``"repeats"``
        (like :meth:`Timing.as_dict`).
    steps : int, optional
        Steps the measured call ran (default 1).
    flops : float or None, optional
        Floating-point operations per step; the speed checks need it.
    peak_flops : float or None, optional
        The hardware's peak FLOP/s, for the "too fast" check.
    floor_flops : float or None, optional
        The lowest believable FLOP/s, for the "too slow" check.
    overhead_s : float, optional
        Fixed seconds per step the "too slow" check allows (default 0.02).
    recheck : ~dltutor.timing.Timing or dict or None, optional
        A quick re-measure of the same call.
    max_noise_ratio : float, optional
        Largest believable median / fastest repeat (default 4).
    max_recheck_ratio : float, optional
        Largest believable ratio of the two medians (default 4).

    Returns
    -------
    list of str
        One message per problem; empty when the timing is believable.  If a
        repeat is not a positive finite number, that is the only message.
    """
    data = result.as_dict() if isinstance(result, Timing) else result
    repeats = [float(t) for t in data["repeats"]]
    if not repeats or not all(math.isfinite(t) and t > 0 for t in repeats):
        return [f"{label}: repeats must be positive finite seconds, got {repeats}"]
    problems = []
    median, fastest = float(data["median"]), min(repeats)
    if median > max_noise_ratio * fastest:
        problems.append(f"{label}: median {median:.4g} s is over {max_noise_ratio:g}x the fastest "
                        f"repeat {fastest:.4g} s; the machine was too busy to trust it")
    per_step = median / steps
    if flops is not None and peak_flops is not None and per_step < flops / peak_flops:
        problems.append(f"{label}: {per_step * 1e3:.4g} ms per step is faster than {flops:.3g} "
                        f"FLOP at {peak_flops:.3g} FLOP/s allows; was the device synchronised?")
    if flops is not None and floor_flops is not None and per_step > overhead_s + flops / floor_flops:
        problems.append(f"{label}: {per_step * 1e3:.4g} ms per step is absurdly slow for "
                        f"{flops:.3g} FLOP (bound {1e3 * (overhead_s + flops / floor_flops):.4g} ms)")
    if recheck is not None:
        again = recheck.as_dict() if isinstance(recheck, Timing) else recheck
        ratio = max(median, float(again["median"])) / min(median, float(again["median"]))
        if ratio > max_recheck_ratio:
            problems.append(f"{label}: a quick re-measure gave {float(again['median']):.4g} s "
                            f"against {median:.4g} s ({ratio:.1f}x apart)")
    return problems


def check_plausible(label: str, result: Timing | dict[str, Any], **bounds: Any) -> None:
    """Raise :class:`ImplausibleTimingError` listing :func:`plausibility_problems`, if any.

    Parameters
    ----------
    label : str
        What was measured.
    result : ~dltutor.timing.Timing or dict
        The measurement.
    **bounds : object
        The keyword arguments of :func:`plausibility_problems`.

    Raises
    ------
    ~dltutor.timing.ImplausibleTimingError
        If there is any problem; the message lists them all.
    """
    problems = plausibility_problems(label, result, **bounds)
    if problems:
        raise ImplausibleTimingError("Implausible timing, not reported:\n- " + "\n- ".join(problems))
