"""Framework-neutral array helpers: scaling images, subsets, batch order."""

from __future__ import annotations

import numpy as np

__all__ = ["batch_order", "scale_images", "subset"]

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


def batch_order(
    n: int, batch_size: int, *, shuffle: bool = True, seed: int = 0, epoch: int = 0
) -> list[np.ndarray]:
    """Index arrays of the batches of one epoch.

    With ``shuffle`` epoch ``k`` uses the permutation drawn by
    ``np.random.default_rng([seed, k])``; without it the order is ``0..n-1``.
    The last, partial batch is kept.
    """
    if batch_size < 1:
        raise ValueError(f"batch_size must be >= 1, got {batch_size}.")
    if n < 0:
        raise ValueError(f"n must be >= 0, got {n}.")
    order = np.random.default_rng([seed, epoch]).permutation(n) if shuffle else np.arange(n)
    return [order[i : i + batch_size] for i in range(0, n, batch_size)]
