"""Reproducibility: one call seeds every random number generator in play."""

from __future__ import annotations

import os
import random
import sys

import numpy as np


def seed_everything(seed: int = 0, *, deterministic: bool = True) -> dict[str, bool]:
    """Seed Python, NumPy and every deep learning framework that is imported.

    Frameworks are seeded only if the notebook already imported them, so a
    PyTorch notebook never pays for importing TensorFlow (import the framework
    first, then call this).  With ``deterministic=True`` the frameworks are
    also told to pick deterministic kernels, so a CPU run repeats bit for bit.
    ``PYTHONHASHSEED`` is set for processes started later.

    Parameters
    ----------
    seed : int, optional
        The seed (default 0).
    deterministic : bool, optional
        Also ask PyTorch and TensorFlow for deterministic algorithms (default).

    Returns
    -------
    dict[str, bool]
        For ``"torch"``, ``"tensorflow"`` and ``"keras"``: whether it was
        seeded.
    """
    os.environ["PYTHONHASHSEED"] = str(seed)  # for subprocesses started later
    random.seed(seed)
    np.random.seed(seed)
    seeded = {"torch": False, "tensorflow": False, "keras": False}

    if "torch" in sys.modules:
        import torch

        torch.manual_seed(seed)  # also seeds every CUDA device
        if deterministic:
            os.environ.setdefault("CUBLAS_WORKSPACE_CONFIG", ":4096:8")
            torch.use_deterministic_algorithms(True, warn_only=True)
            torch.backends.cudnn.benchmark = False
        seeded["torch"] = True

    if "tensorflow" in sys.modules:
        import tensorflow as tf

        tf.random.set_seed(seed)
        if deterministic:
            tf.config.experimental.enable_op_determinism()
        seeded["tensorflow"] = True

    if "keras" in sys.modules:
        import keras

        keras.utils.set_random_seed(seed)  # seeds Keras and its backend
        seeded["keras"] = True
    return seeded
