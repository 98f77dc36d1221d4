"""Where the frameworks will run: CUDA, Apple MPS or the CPU."""

from __future__ import annotations

import contextlib
import importlib.util
import os
import platform
import sys
from collections.abc import Iterator
from typing import Any


def torch_device(prefer: str | None = None) -> Any:
    """Best PyTorch device: CUDA, then Apple MPS, then the CPU.

    Parameters
    ----------
    prefer : str or None, optional
        A device to use instead, e.g. ``"cpu"``; when ``None`` (default), the
        ``DLTUTOR_DEVICE`` environment variable, if set, forces one.

    Returns
    -------
    torch.device
        The forced device, else the best one available.
    """
    import torch

    choice = prefer or os.environ.get("DLTUTOR_DEVICE")
    if choice:
        return torch.device(choice)
    if torch.cuda.is_available():
        return torch.device("cuda")
    mps = getattr(torch.backends, "mps", None)
    if mps is not None and mps.is_available():
        return torch.device("mps")
    return torch.device("cpu")


def tensorflow_gpus(memory_growth: bool = True) -> list[str]:
    """Names of the GPUs TensorFlow sees, with memory growth turned on.

    Memory growth stops TensorFlow from reserving all GPU memory at start-up,
    so PyTorch and TensorFlow can share one card.  Call it before any tensor
    is created; once TensorFlow is initialised the setting can no longer be
    changed and is silently left as it is.

    Parameters
    ----------
    memory_growth : bool, optional
        Turn memory growth on for every GPU (default); if false, only list them.

    Returns
    -------
    list of str
        The names of TensorFlow's physical GPU devices; empty without a GPU.
    """
    import tensorflow as tf

    gpus = tf.config.list_physical_devices("GPU")
    for gpu in gpus:
        if memory_growth:
            # RuntimeError: TensorFlow is already initialised and the setting is fixed.
            with contextlib.suppress(RuntimeError):
                tf.config.experimental.set_memory_growth(gpu, True)
    return [gpu.name for gpu in gpus]


@contextlib.contextmanager
def native_stderr_silenced() -> Iterator[None]:
    """Discard what compiled (C/C++) code writes to this process's stderr meanwhile.

    TensorFlow prints start-up notices (oneDNN, CPU features) from C++ before
    it reads ``TF_CPP_MIN_LOG_LEVEL``; wrap ``import tensorflow`` or ``import
    keras`` in this to keep them off the page.  Python's own warnings and
    exceptions still show.
    """
    sys.stderr.flush()
    saved, devnull = os.dup(2), os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    try:
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)


def cpu_name() -> str:
    """A short description of the processor, for timing reports.

    Returns
    -------
    str
        The model name from ``/proc/cpuinfo`` (Linux), else what
        :mod:`platform` knows about the processor or the machine.
    """
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def hardware() -> dict[str, Any]:
    """The machine a measurement was taken on.

    Returns
    -------
    dict[str, object]
        ``"cpu"`` (see :func:`cpu_name`), ``"cpu_count"`` (logical cores),
        ``"platform"`` and ``"python"`` (the Python version).
    """
    return {
        "cpu": cpu_name(),
        "cpu_count": os.cpu_count(),
        "platform": platform.platform(terse=True),
        "python": platform.python_version(),
    }


def summary() -> str:
    """One line per installed framework saying what it will run on.

    Installed frameworks are imported; TensorFlow's GPUs get memory growth
    (see :func:`tensorflow_gpus`).

    Returns
    -------
    str
        A line for the CPU, one for PyTorch (its :func:`torch_device`), one
        for TensorFlow (its GPUs, or "CPU only"), each "not installed" where it
        is missing, and, if Keras is installed, one naming its backend.
    """
    lines = [f"CPU: {cpu_name()} ({os.cpu_count()} logical cores)"]
    if importlib.util.find_spec("torch") is not None:
        import torch

        lines.append(f"PyTorch {torch.__version__}: {torch_device()}")
    else:
        lines.append("PyTorch: not installed")
    if importlib.util.find_spec("tensorflow") is not None:
        with native_stderr_silenced():  # TensorFlow's C++ start-up notices
            import tensorflow as tf

            gpus = tensorflow_gpus()
        where = ", ".join(gpus) if gpus else "CPU only"
        lines.append(f"TensorFlow {tf.__version__}: {where}")
    else:
        lines.append("TensorFlow: not installed")
    if importlib.util.find_spec("keras") is not None:
        backend = os.environ.get("KERAS_BACKEND", "tensorflow")
        if "keras" in sys.modules:
            backend = sys.modules["keras"].backend.backend()
        lines.append(f"Keras backend: {backend}")
    return "\n".join(lines)
