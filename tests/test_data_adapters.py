"""The PyTorch, TensorFlow and Keras adapters yield identical batches."""

from __future__ import annotations

import os
import subprocess
import sys

import numpy as np
import pytest

from dltutor.data import batch_order, keras_dataset, tf_dataset, torch_loader

N, BATCH, SEED = 53, 8, 7


@pytest.fixture(scope="module")
def arrays():
    rng = np.random.default_rng(0)
    x = rng.random((N, 4, 4, 1), dtype=np.float32)
    x[:, 0, 0, 0] = np.arange(N)  # lets a batch's values be traced back to indices
    y = np.arange(N, dtype=np.int64) % 10
    return x, y


def _torch_epochs(x, y, epochs, **kw):
    loader = torch_loader(x, y, BATCH, **kw)
    return [[(xb.numpy(), yb.numpy()) for xb, yb in loader] for _ in range(epochs)]


def _tf_epochs(x, y, epochs, **kw):
    ds = tf_dataset(x, y, BATCH, **kw)
    return [[(xb.numpy(), yb.numpy()) for xb, yb in ds] for _ in range(epochs)]


def _keras_epochs(x, y, epochs, **kw):
    ds = keras_dataset(x, y, BATCH, **kw)
    out = []
    for _ in range(epochs):
        out.append([tuple(np.asarray(a) for a in ds[i]) for i in range(len(ds))])
        ds.on_epoch_end()
    return out


def _expected(x, y, epochs, shuffle=True, seed=SEED):
    return [
        [(x[idx], y[idx]) for idx in batch_order(N, BATCH, shuffle=shuffle, seed=seed, epoch=e)]
        for e in range(epochs)
    ]


def _assert_same(got, want):
    assert len(got) == len(want)
    for epoch_got, epoch_want in zip(got, want, strict=True):
        assert len(epoch_got) == len(epoch_want)
        for (xg, yg), (xw, yw) in zip(epoch_got, epoch_want, strict=True):
            assert xg.dtype == xw.dtype and yg.dtype == np.int64
            np.testing.assert_array_equal(xg, xw)
            np.testing.assert_array_equal(yg, yw)


def test_batch_order_properties():
    e0 = batch_order(N, BATCH, seed=SEED, epoch=0)
    e1 = batch_order(N, BATCH, seed=SEED, epoch=1)
    assert [len(b) for b in e0] == [8] * 6 + [5]  # last partial batch kept
    assert sorted(np.concatenate(e0).tolist()) == list(range(N))
    assert not np.array_equal(np.concatenate(e0), np.concatenate(e1))
    np.testing.assert_array_equal(
        np.concatenate(e0), np.random.default_rng([SEED, 0]).permutation(N)
    )
    seq = batch_order(N, BATCH, shuffle=False, epoch=5)
    np.testing.assert_array_equal(np.concatenate(seq), np.arange(N))
    with pytest.raises(ValueError):
        batch_order(N, 0)


def test_three_adapters_identical_for_two_epochs(arrays):
    x, y = arrays
    want = _expected(x, y, 2)
    torch_batches = _torch_epochs(x, y, 2, seed=SEED)
    tf_batches = _tf_epochs(x, y, 2, seed=SEED)
    keras_batches = _keras_epochs(x, y, 2, seed=SEED)
    _assert_same(torch_batches, want)
    _assert_same(tf_batches, want)
    _assert_same(keras_batches, want)
    # The two epochs really differ.
    first = np.concatenate([yb for _, yb in torch_batches[0]])
    second = np.concatenate([yb for _, yb in torch_batches[1]])
    firstx = np.concatenate([xb[:, 0, 0, 0] for xb, _ in torch_batches[0]])
    secondx = np.concatenate([xb[:, 0, 0, 0] for xb, _ in torch_batches[1]])
    assert not np.array_equal(firstx, secondx)
    assert sorted(firstx.tolist()) == sorted(secondx.tolist()) == list(range(N))
    assert len(first) == len(second) == N


def test_shuffle_false_is_sequential(arrays):
    x, y = arrays
    want = _expected(x, y, 2, shuffle=False)
    for got in (
        _torch_epochs(x, y, 2, shuffle=False),
        _tf_epochs(x, y, 2, shuffle=False),
        _keras_epochs(x, y, 2, shuffle=False),
    ):
        _assert_same(got, want)
        order = np.concatenate([xb[:, 0, 0, 0] for xb, _ in got[0]])
        np.testing.assert_array_equal(order, np.arange(N))


def test_lengths_and_label_dtype(arrays):
    x, y = arrays
    y32 = y.astype(np.int32)
    assert len(torch_loader(x, y32, BATCH)) == 7
    assert len(keras_dataset(x, y32, BATCH)) == 7
    ds = tf_dataset(x, y32, BATCH)
    assert int(ds.cardinality()) == 7
    _, yb = next(iter(ds))
    assert yb.dtype.name == "int64"
    _, yb = next(iter(torch_loader(x, y32, BATCH)))
    assert str(yb.dtype) == "torch.int64"


def test_keras_fit_advances_epochs(arrays):
    """model.fit calls on_epoch_end, so every epoch gets fresh batches."""
    import keras

    x, y = arrays
    ds = keras_dataset(x, y, BATCH, seed=SEED)
    seen = []

    class Record(keras.callbacks.Callback):
        def on_train_batch_end(self, batch, logs=None):
            if batch == 0:
                seen.append(ds.epoch)

    model = keras.Sequential(
        [keras.Input((4, 4, 1)), keras.layers.Flatten(), keras.layers.Dense(10)]
    )
    model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
    model.fit(ds, epochs=3, shuffle=False, verbose=0, callbacks=[Record()])
    assert seen == [0, 1, 2]
    model.fit(ds, epochs=2, shuffle=False, verbose=0, callbacks=[Record()])  # goes on
    assert seen == [0, 1, 2, 3, 4]


def test_keras_dataset_on_torch_backend():
    """The PyDataset works on another Keras backend, with the same epochs."""
    code = """
import numpy as np, keras
from dltutor.data import batch_order, keras_dataset
assert keras.backend.backend() == "torch"
x = np.arange(40, dtype=np.float32).reshape(20, 2); y = np.arange(20) % 3
ds = keras_dataset(x, y, 6, seed=1)
seen = []
class Record(keras.callbacks.Callback):
    def on_train_batch_end(self, batch, logs=None):
        if batch == 0:
            seen.append(ds.epoch)
model = keras.Sequential([keras.Input((2,)), keras.layers.Dense(3)])
model.compile(optimizer="sgd", loss="sparse_categorical_crossentropy")
got = []
get = type(ds).__getitem__
def spy(self, i):
    batch = get(self, i)
    got.append((self.epoch, i, batch[1].tolist()))
    return batch
type(ds).__getitem__ = spy
model.fit(ds, epochs=2, shuffle=False, verbose=0, callbacks=[Record()])
assert seen == [0, 1], seen
for epoch in (0, 1):
    want = [y[idx].tolist() for idx in batch_order(20, 6, seed=1, epoch=epoch)]
    trained = [b for e, i, b in got if e == epoch][-len(want):]
    assert trained == want, (epoch, trained, want)
want = batch_order(20, 6, seed=1, epoch=2)
assert all(np.array_equal(ds[i][0], x[idx]) for i, idx in enumerate(want))
"""
    env = {**os.environ, "KERAS_BACKEND": "torch"}
    subprocess.run([sys.executable, "-c", code], check=True, env=env, timeout=120)
