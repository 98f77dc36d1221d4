"""The batch order shared by every framework adapter."""

from __future__ import annotations

import numpy as np

__all__ = ["batch_order"]


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
