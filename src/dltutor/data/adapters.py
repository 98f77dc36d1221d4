"""Feeding NumPy arrays to PyTorch, TensorFlow and Keras in the same order.

All three adapters draw their batches from
:func:`~dltutor.data.arrays.batch_order`, so for the
same ``seed`` they yield identical batches (same indices, values and order),
epoch after epoch: epoch ``k`` uses ``np.random.default_rng([seed, k])``.
Iterating a loader/dataset again starts the next epoch; for Keras the epoch
advances in ``on_epoch_end`` (called by ``fit``). ``x`` is passed through
unchanged (preprocess it first, e.g. with
:func:`~dltutor.data.arrays.scale_images`); labels are
int64. Frameworks are imported only when an adapter is called.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np

from .arrays import batch_order

__all__ = ["keras_dataset", "tf_dataset", "torch_loader"]


def _check(x: Any, y: Any, batch_size: int) -> tuple[np.ndarray, np.ndarray]:
    x = np.asarray(x)
    y = np.asarray(y).astype(np.int64, copy=False)
    if len(x) != len(y):
        raise ValueError(f"x and y differ in length ({len(x)} vs {len(y)}).")
    if batch_size < 1:
        raise ValueError(f"batch_size must be >= 1, got {batch_size}.")
    return x, y


class _EpochCounter:
    """Hands out epoch numbers 0, 1, 2, ... one per pass over the data."""

    def __init__(self, n: int, batch_size: int, shuffle: bool, seed: int) -> None:
        self.n, self.batch_size, self.shuffle, self.seed = n, batch_size, shuffle, seed
        self.epoch = 0

    def next_epoch(self) -> list[np.ndarray]:
        order = batch_order(
            self.n, self.batch_size, shuffle=self.shuffle, seed=self.seed, epoch=self.epoch
        )
        self.epoch += 1
        return order

    def __len__(self) -> int:
        return -(-self.n // self.batch_size)


def torch_loader(
    x: np.ndarray, y: np.ndarray, batch_size: int, *, shuffle: bool = True, seed: int = 0
) -> Any:
    """A ``torch.utils.data.DataLoader`` of ``(x_batch, y_batch)`` tensors.

    Each new iteration over the loader is the next epoch. The loader's
    ``sampler`` has an ``epoch`` attribute (the epoch the next iteration
    uses) that may be set to resume. Each batch is gathered with one NumPy
    indexing operation and turned into tensors with ``torch.from_numpy``.

    Parameters
    ----------
    x : numpy.ndarray
        Inputs, one example per entry of the first axis; passed through unchanged.
    y : numpy.ndarray
        Integer labels, one per example; converted to int64.
    batch_size : int
        Examples per batch (at least 1); the last batch of an epoch may be smaller.
    shuffle : bool, optional
        Draw a new order of the examples every epoch (default); if false, keep
        their order.
    seed : int, optional
        Seed of the batch order (default 0), see
        :func:`~dltutor.data.arrays.batch_order`.

    Returns
    -------
    torch.utils.data.DataLoader
        Iterating it yields the ``(x_batch, y_batch)`` tensors of one epoch.

    Raises
    ------
    ValueError
        If ``x`` and ``y`` differ in length or ``batch_size`` is below 1.
    """
    import torch
    from torch.utils.data import DataLoader, Dataset, Sampler

    x, y = _check(x, y, batch_size)

    class _Arrays(Dataset):
        def __len__(self) -> int:
            return len(x)

        def __getitem__(self, idx: np.ndarray) -> tuple[torch.Tensor, torch.Tensor]:
            return torch.from_numpy(x[idx]), torch.from_numpy(y[idx])

    class _EpochSampler(Sampler):
        def __init__(self) -> None:
            self.counter = _EpochCounter(len(x), batch_size, shuffle, seed)

        @property
        def epoch(self) -> int:
            return self.counter.epoch

        @epoch.setter
        def epoch(self, value: int) -> None:
            self.counter.epoch = int(value)

        def __iter__(self):
            return iter(self.counter.next_epoch())

        def __len__(self) -> int:
            return len(self.counter)

    # batch_size=None: the sampler yields whole index arrays and the dataset
    # gathers a batch in one NumPy indexing operation (no per-item collate).
    return DataLoader(_Arrays(), sampler=_EpochSampler(), batch_size=None)


def tf_dataset(
    x: np.ndarray, y: np.ndarray, batch_size: int, *, shuffle: bool = True, seed: int = 0
) -> Any:
    """A ``tf.data.Dataset`` of ``(x_batch, y_batch)``; each iteration is the next epoch.

    The batches come from a Python generator; the dataset's cardinality is
    the number of batches per epoch, its batch dimension is ``None`` and the
    labels are ``tf.int64``.

    It takes the arguments of :func:`~dltutor.data.adapters.torch_loader`, and
    raises its ``ValueError`` for the same bad input.

    Returns
    -------
    tf.data.Dataset
        Iterating it yields the ``(x_batch, y_batch)`` tensors of one epoch.
    """
    import tensorflow as tf

    x, y = _check(x, y, batch_size)
    counter = _EpochCounter(len(x), batch_size, shuffle, seed)

    def batches():
        for idx in counter.next_epoch():
            yield x[idx], y[idx]

    signature = (
        tf.TensorSpec(shape=(None, *x.shape[1:]), dtype=tf.as_dtype(x.dtype)),
        tf.TensorSpec(shape=(None,), dtype=tf.int64),
    )
    ds = tf.data.Dataset.from_generator(batches, output_signature=signature)
    return ds.apply(tf.data.experimental.assert_cardinality(len(counter)))


@lru_cache(maxsize=1)
def _pydataset_class() -> type:
    import keras

    class EpochPyDataset(keras.utils.PyDataset):
        """Batches in :func:`batch_order` order; ``on_epoch_end`` advances the epoch.

        ``model.fit`` calls ``on_epoch_end`` once before its first epoch (when it
        resets its iterator) and, on some backends, runs a short
        ``on_epoch_begin``/``on_epoch_end`` window to build the model from one
        batch. So an advance is provisional: the next ``on_epoch_begin`` undoes
        it unless it closed a window that served every batch. Without
        ``on_epoch_begin`` calls (a hand-written loop) every ``on_epoch_end``
        advances. ``fit`` thus trains on epochs 0, 1, 2, ... like the PyTorch
        and TensorFlow adapters.
        """

        def __init__(self, x, y, batch_size, shuffle, seed, **kwargs) -> None:
            super().__init__(**kwargs)
            self.x, self.y = x, y
            self.batch_size, self.shuffle, self.seed = batch_size, shuffle, seed
            self.epoch = 0  # the epoch whose batches are served now
            self._cache: tuple[int, list[np.ndarray]] | None = None
            self._in_epoch = False
            self._undo_pending = False
            self._served: set[int] = set()

        def _batches(self) -> list[np.ndarray]:
            if self._cache is None or self._cache[0] != self.epoch:
                order = batch_order(
                    len(self.x), self.batch_size, shuffle=self.shuffle, seed=self.seed,
                    epoch=self.epoch,
                )  # fmt: skip
                self._cache = (self.epoch, order)
            return self._cache[1]

        def __len__(self) -> int:
            return -(-len(self.x) // self.batch_size)

        def __getitem__(self, i: int):
            batches = self._batches()
            if i < 0 or i >= len(batches):
                raise IndexError(f"batch {i} out of range (0..{len(batches) - 1})")
            if self._in_epoch:
                self._served.add(i)
            idx = batches[i]
            return self.x[idx], self.y[idx]

        def on_epoch_begin(self) -> None:
            if self._undo_pending:
                self.epoch -= 1
            self._undo_pending = False
            self._in_epoch = True
            self._served = set()

        def on_epoch_end(self) -> None:
            complete = self._in_epoch and len(self._served) >= len(self)
            self._undo_pending = not complete  # only an on_epoch_begin undoes it
            self._in_epoch = False
            self.epoch += 1

    return EpochPyDataset


def keras_dataset(
    x: np.ndarray, y: np.ndarray, batch_size: int, *, shuffle: bool = True, seed: int = 0
) -> Any:
    """A ``keras.utils.PyDataset`` (any Keras backend) of ``(x_batch, y_batch)``.

    ``on_epoch_end`` (called by ``model.fit`` after every epoch, or by hand
    after a manual pass) moves on to the next epoch's batches; ``.epoch`` is
    the epoch served now. Train with ``model.fit(ds, shuffle=False)``: the
    batches are already shuffled, and ``shuffle=True`` (Keras's default) would
    also reorder whole batches with Python's ``random`` module, so the order
    would no longer match the other frameworks. Leave ``steps_per_epoch``
    unset so that each Keras epoch is one pass over the data.

    It takes the arguments of :func:`~dltutor.data.adapters.torch_loader`, and
    raises its ``ValueError`` for the same bad input.

    Returns
    -------
    keras.utils.PyDataset
        ``len(ds)`` batches per epoch; ``ds[i]`` is the ``(x_batch, y_batch)``
        pair of NumPy arrays of batch ``i`` of the current epoch.
    """
    x, y = _check(x, y, batch_size)
    return _pydataset_class()(x, y, batch_size, shuffle, seed)
