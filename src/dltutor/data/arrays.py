"""Framework-neutral array helpers: scaling images, subsets, batch order."""

from __future__ import annotations

import numpy as np

__all__ = ["batch_order", "scale_images", "subset"]

LAYOUTS = ("NHWC", "NCHW")


def scale_images(x: np.ndarray, layout: str = "NHWC") -> np.ndarray:
    """uint8 images -> float32 in ``[0, 1]`` with an explicit channel axis.

    Parameters
    ----------
    x : numpy.ndarray
        uint8 images, ``(N, H, W)`` (a channel axis of size 1 is added, e.g.
        MNIST) or ``(N, H, W, C)`` channels-last (e.g. CIFAR-10).
    layout : str, optional
        The output layout, in any case: ``"NHWC"`` (default; TensorFlow and
        Keras) or ``"NCHW"`` (PyTorch).

    Returns
    -------
    numpy.ndarray
        The images divided by 255 as float32, ``(N, H, W, C)`` or, for
        ``"NCHW"``, a C-contiguous ``(N, C, H, W)`` array.

    Raises
    ------
    ValueError
        If ``layout`` is unknown, ``x`` is not uint8, or ``x`` has neither 3
        nor 4 axes.
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

    The same ``seed`` always picks the same examples, in the same order: the
    order they have in ``x``.

    Parameters
    ----------
    x : numpy.ndarray
        Examples, one per entry of the first axis.
    y : numpy.ndarray
        Labels, as many as ``x`` has examples.
    n : int or None
        How many examples to keep; ``None``, or ``n`` of at least ``len(x)``,
        returns ``x`` and ``y`` themselves.
    seed : int, optional
        Seed of the choice (default 0).

    Returns
    -------
    x : numpy.ndarray
        The chosen examples.
    y : numpy.ndarray
        Their labels.

    Raises
    ------
    ValueError
        If ``x`` and ``y`` differ in length or ``n`` is negative.
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

    Parameters
    ----------
    n : int
        Number of examples (at least 0).
    batch_size : int
        Examples per batch (at least 1).
    shuffle : bool, optional
        Permute the examples (default); if false, keep the order ``0..n-1``.
    seed : int, optional
        Seed of the permutations (default 0).
    epoch : int, optional
        The epoch whose order to return (default 0).

    Returns
    -------
    list of numpy.ndarray
        One array of example indices per batch, ``ceil(n / batch_size)`` of
        them; empty when ``n`` is 0.

    Raises
    ------
    ValueError
        If ``batch_size`` is below 1 or ``n`` is negative.
    """
    if batch_size < 1:
        raise ValueError(f"batch_size must be >= 1, got {batch_size}.")
    if n < 0:
        raise ValueError(f"n must be >= 0, got {n}.")
    order = np.random.default_rng([seed, epoch]).permutation(n) if shuffle else np.arange(n)
    return [order[i : i + batch_size] for i in range(0, n, batch_size)]
