"""Framework-neutral preprocessing: scaling images and taking subsets."""

from __future__ import annotations

import numpy as np

__all__ = ["scale_images", "subset"]

LAYOUTS = ("NHWC", "NCHW")


def scale_images(x: np.ndarray, layout: str = "NHWC") -> np.ndarray:
    """uint8 images -> float32 in ``[0, 1]`` with an explicit channel axis.

    Accepts ``(N, H, W)`` (a channel axis of size 1 is added, e.g. MNIST) or
    ``(N, H, W, C)`` channels-last (e.g. CIFAR-10). ``layout`` selects the
    output: ``"NHWC"`` (TensorFlow/Keras default) or ``"NCHW"`` (PyTorch).
    """
    layout = layout.upper()
    if layout not in LAYOUTS:
        raise ValueError(f"layout must be one of {LAYOUTS}, got {layout!r}.")
    x = np.asarray(x)
    if x.dtype != np.uint8:
        raise ValueError(f"scale_images expects uint8 images, got {x.dtype}.")
    if x.ndim == 3:
        x = x[..., np.newaxis]
    elif x.ndim != 4:
        raise ValueError(f"expected images of shape (N, H, W) or (N, H, W, C), got {x.shape}.")
    out = x.astype(np.float32) / np.float32(255.0)
    if layout == "NCHW":
        out = np.ascontiguousarray(out.transpose(0, 3, 1, 2))
    return out


def subset(
    x: np.ndarray, y: np.ndarray, n: int | None, seed: int = 0
) -> tuple[np.ndarray, np.ndarray]:
    """A deterministic random subset of ``n`` examples (``None``: everything).

    The same ``seed`` always picks the same examples, in the same order.
    """
    if len(x) != len(y):
        raise ValueError(f"x and y differ in length ({len(x)} vs {len(y)}).")
    if n is not None and n < 0:
        raise ValueError(f"n must be >= 0 or None, got {n}.")
    if n is None or n >= len(x):  # more than there is: everything
        return x, y
    idx = np.sort(np.random.default_rng(seed).choice(len(x), size=n, replace=False))
    return x[idx], y[idx]
