"""Parsing the real bundled sample files, and the preprocessing helpers."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from dltutor.data import (
    DataInfo,
    UnknownSourceError,
    load_cifar10,
    load_co2,
    load_mnist,
    load_timemachine,
    scale_images,
    subset,
)
from tests.data_server import set_data_env


@pytest.fixture(autouse=True)
def _env(monkeypatch, tmp_path):
    set_data_env(monkeypatch, tmp_path)


def test_mnist_sample_split_of_official_test_set():
    m = load_mnist("sample")
    assert m.x_train.shape == (8000, 28, 28) and m.x_test.shape == (2000, 28, 28)
    assert m.x_train.dtype == np.uint8 and m.y_train.dtype == np.int64
    assert m.y_test.dtype == np.int64
    # Official t10k labels start 7 2 1 0 4; the sample test split is its tail.
    assert m.y_train[:5].tolist() == [7, 2, 1, 0, 4]
    assert m.y_test[:5].tolist() == [4, 9, 9, 7, 1]
    counts = np.bincount(np.concatenate([m.y_train, m.y_test]), minlength=10)
    assert counts.tolist() == [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]
    assert m.x_train.max() == 255 and m.x_train.min() == 0
    assert m.class_names == tuple("0123456789")
    assert m.info.source == "sample" and (m.info.n_train, m.info.n_test) == (8000, 2000)
    assert "first 8,000" in m.info.description and "last 2,000" in m.info.description
    assert "LeCun" in m.info.citation


def test_cifar10_sample_binary_layout():
    c = load_cifar10("sample")
    assert c.x_train.shape == (5085, 32, 32, 3) and c.x_test.shape == (1017, 32, 32, 3)
    assert c.x_train.dtype == np.uint8 and c.y_train.dtype == np.int64
    assert c.class_names == (
        "airplane", "automobile", "bird", "cat", "deer",
        "dog", "frog", "horse", "ship", "truck",
    )  # fmt: skip
    assert c.y_train[:10].tolist() == [6, 9, 9, 4, 1, 1, 2, 7, 8, 3]
    assert c.y_test[:10].tolist() == [3, 8, 8, 0, 6, 6, 1, 6, 3, 1]
    assert np.bincount(c.y_test).tolist() == [105, 93, 100, 104, 92, 87, 114, 102, 110, 110]
    # Top-left pixel of the first training image (a frog): R, G, B planes.
    assert c.x_train[0, 0, 0].tolist() == [59, 62, 63]
    assert c.info.source == "sample" and "Krizhevsky" in c.info.citation
    # Loading again reuses the extracted copy and gives the same arrays.
    again = load_cifar10("sample")
    np.testing.assert_array_equal(again.x_test, c.x_test)


def test_timemachine_body_without_gutenberg_boilerplate():
    t = load_timemachine("sample")
    assert t.text.startswith("The Time Machine")
    assert t.text.endswith("still lived on in the heart of man.")
    assert "Gutenberg" not in t.text and "\r" not in t.text
    assert "The Time Traveller (for so it will be convenient" in t.text
    assert t.info.n_train == len(t.text) == 179_692


def test_co2_complete_series():
    s = load_co2("sample")
    assert s.dates.dtype == np.dtype("datetime64[D]") and s.values.dtype == np.float64
    assert len(s.dates) == len(s.values) == 2284
    assert s.dates[0] == np.datetime64("1958-03-29") and s.values[0] == pytest.approx(316.1)
    assert s.dates[-1] == np.datetime64("2001-12-29") and s.values[-1] == pytest.approx(371.5)
    assert int(np.isnan(s.values).sum()) == 59
    assert np.all(np.diff(s.dates) == np.timedelta64(7, "D"))
    assert s.info.source == "full"  # the bundled file is the whole series
    assert load_co2("full").info == s.info


def test_info_is_one_readable_line():
    info = load_mnist("sample").info
    assert isinstance(info, DataInfo)
    text = str(info)
    assert "\n" not in text and "MNIST" in text and "sample" in text and "8,000" in text


def test_env_var_picks_default_source(monkeypatch):
    monkeypatch.setenv("DLTUTOR_DATA", "sample")
    assert load_mnist().info.source == "sample"
    monkeypatch.setenv("DLTUTOR_DATA", "fulll")
    with pytest.raises(UnknownSourceError, match="DLTUTOR_DATA"):
        load_mnist()


def test_import_does_not_import_frameworks():
    code = (
        "import sys, dltutor.data\n"
        "bad = [m for m in ('torch', 'tensorflow', 'keras', 'jax') if m in sys.modules]\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_scale_images_layouts():
    x = np.array([[[0, 255], [51, 102]]], dtype=np.uint8)  # (1, 2, 2)
    nhwc = scale_images(x)
    assert nhwc.shape == (1, 2, 2, 1) and nhwc.dtype == np.float32
    np.testing.assert_allclose(nhwc[0, :, :, 0], [[0.0, 1.0], [0.2, 0.4]], rtol=1e-6)
    assert scale_images(x, layout="NCHW").shape == (1, 1, 2, 2)
    rgb = np.arange(2 * 3 * 4 * 3, dtype=np.uint8).reshape(2, 3, 4, 3)
    nchw = scale_images(rgb, layout="NCHW")
    assert nchw.shape == (2, 3, 3, 4) and nchw.flags.c_contiguous
    np.testing.assert_allclose(nchw[1, 2], rgb[1, :, :, 2] / 255.0, rtol=1e-6)
    with pytest.raises(ValueError, match="layout"):
        scale_images(x, layout="HWC")
    with pytest.raises(ValueError, match="uint8"):
        scale_images(x.astype(np.float32))


def test_subset_is_deterministic():
    x = np.arange(100).reshape(50, 2)
    y = np.arange(50)
    xa, ya = subset(x, y, 10, seed=3)
    xb, yb = subset(x, y, 10, seed=3)
    xc, _ = subset(x, y, 10, seed=4)
    assert len(ya) == 10 and len(set(ya.tolist())) == 10
    np.testing.assert_array_equal(xa, xb)
    np.testing.assert_array_equal(ya, yb)
    np.testing.assert_array_equal(xa[:, 0] // 2, ya)  # x and y stay paired
    assert not np.array_equal(xa, xc)
    xs, ys = subset(x, y, None)
    assert len(xs) == 50 and len(subset(x, y, 500)[1]) == 50
