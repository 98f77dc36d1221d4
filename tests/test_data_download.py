"""Downloads for real, from a local HTTP server on 127.0.0.1."""

from __future__ import annotations

import hashlib
import os
import shutil
import tarfile
import warnings
from pathlib import Path

import numpy as np
import pytest

from dltutor.data import (
    REGISTRY,
    SampleDataWarning,
    cache_dir,
    load_cifar10,
    load_mnist,
    load_timemachine,
)
from dltutor.data.fetch import download
from tests.data_server import (
    SAMPLES,
    closed_port_url,
    files_in,
    md5,
    serve_folder,
    small_cifar_tar,
)

MNIST_FILES = (
    "train-images-idx3-ubyte.gz",
    "train-labels-idx1-ubyte.gz",
    "t10k-images-idx3-ubyte.gz",
    "t10k-labels-idx1-ubyte.gz",
)


@pytest.fixture
def empty_server(tmp_path):
    """A live server that answers 404 for every file."""
    folder = tmp_path / "www404"
    folder.mkdir()
    with serve_folder(folder) as url:
        yield url


def _mnist_mirror(folder, monkeypatch):
    """Serve the official t10k files as both splits (train names get patched md5s)."""
    for split in ("train", "t10k"):
        shutil.copy(
            SAMPLES / "mnist/t10k-images-idx3-ubyte.gz", folder / f"{split}-images-idx3-ubyte.gz"
        )
        shutil.copy(
            SAMPLES / "mnist/t10k-labels-idx1-ubyte.gz", folder / f"{split}-labels-idx1-ubyte.gz"
        )
    for name in MNIST_FILES[:2]:
        monkeypatch.setitem(REGISTRY["mnist"].files, name, md5(folder / name))


def test_mnist_full_second_and_third_mirror(cache, www, empty_server, monkeypatch):
    folder, url = www
    _mnist_mirror(folder, monkeypatch)
    # 1st mirror: closed port; 2nd: live server without the files (404); 3rd: good.
    monkeypatch.setenv("DLTUTOR_MIRRORS_MNIST", f"{closed_port_url()} {empty_server},{url}")
    m = load_mnist("full")
    assert m.info.source == "full"
    assert m.x_train.shape == m.x_test.shape == (10000, 28, 28)
    assert m.y_train[:5].tolist() == [7, 2, 1, 0, 4]
    assert files_in(cache) == sorted(f"mnist/{n}" for n in MNIST_FILES)
    for name in MNIST_FILES:
        assert md5(cache / "mnist" / name) == REGISTRY["mnist"].files[name]
    assert "mnist" in m.info.location


def test_cached_files_need_no_network(cache, www, monkeypatch):
    folder, url = www
    _mnist_mirror(folder, monkeypatch)
    monkeypatch.setenv("DLTUTOR_MIRRORS_MNIST", url)
    load_mnist("full")
    monkeypatch.setenv("DLTUTOR_MIRRORS_MNIST", closed_port_url())
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no SampleDataWarning: the cache is used
        m = load_mnist("auto")
        assert load_mnist(None).info.source == "full"
    assert m.info.source == "full" and len(m.y_train) == 10000


def test_official_checksum_accepted(cache, www, monkeypatch):
    """The bundled t10k labels are the official file: the registry md5 accepts it."""
    folder, url = www
    shutil.copy(SAMPLES / "mnist/t10k-labels-idx1-ubyte.gz", folder)
    monkeypatch.setenv("DLTUTOR_MIRRORS_MNIST", url)
    path = download(REGISTRY["mnist"], "t10k-labels-idx1-ubyte.gz", progressbar=False)
    assert path == cache / "mnist" / "t10k-labels-idx1-ubyte.gz"
    assert md5(path) == "md5:ec29112dd5afa0611ce80d1b7f02629c"


def test_cifar10_full_from_mirror(cache, www, monkeypatch):
    folder, url = www
    archive = small_cifar_tar(folder / "cifar-10-binary.tar.gz", n_per_batch=20)
    monkeypatch.setitem(REGISTRY["cifar10"].files, "cifar-10-binary.tar.gz", md5(archive))
    monkeypatch.setenv("DLTUTOR_MIRRORS_CIFAR10", f"{closed_port_url()} {url}")
    c = load_cifar10("full")
    assert c.info.source == "full"
    assert c.x_train.shape == (100, 32, 32, 3) and c.x_test.shape == (20, 32, 32, 3)
    assert c.class_names[0] == "airplane" and len(c.class_names) == 10
    with tarfile.open(archive) as tar:
        raw = tar.extractfile("cifar-10-batches-bin/data_batch_2.bin").read()
    rec = np.frombuffer(raw, np.uint8).reshape(-1, 3073)
    assert c.y_train[20] == rec[0, 0]
    np.testing.assert_array_equal(c.x_train[20], rec[0, 1:].reshape(3, 32, 32).transpose(1, 2, 0))
    assert md5(cache / "cifar10" / "cifar-10-binary.tar.gz") == md5(archive)
    extracted = [f for f in files_in(cache) if f.startswith("cifar10/extracted/")]
    assert len(extracted) == 7 and not [f for f in files_in(cache) if ".tmp" in f]


def test_timemachine_full_with_official_sha1(cache, www, monkeypatch):
    folder, url = www
    shutil.copy(SAMPLES / "text/timemachine.txt", folder / "pg35.txt")
    monkeypatch.setenv("DLTUTOR_MIRRORS_TIMEMACHINE", url)
    t = load_timemachine("full")
    assert t.info.source == "full" and t.text.startswith("The Time Machine")
    sha1 = hashlib.sha1((cache / "timemachine/pg35.txt").read_bytes()).hexdigest()
    assert sha1 == "d5013483aa96c53dc454befb72c187fbc9ec761b"


def test_stale_cached_file_is_replaced(cache, www, monkeypatch):
    """A leftover file with the wrong checksum is downloaded again."""
    folder, url = www
    shutil.copy(SAMPLES / "text/timemachine.txt", folder / "pg35.txt")
    (cache / "timemachine").mkdir(parents=True)
    (cache / "timemachine/pg35.txt").write_text("half a book")
    monkeypatch.setenv("DLTUTOR_MIRRORS_TIMEMACHINE", url)
    assert load_timemachine("full").info.source == "full"
    assert files_in(cache) == ["timemachine/pg35.txt"]
    assert md5(cache / "timemachine/pg35.txt") == md5(folder / "pg35.txt")


@pytest.mark.parametrize(
    ("loader", "name"),
    [(load_mnist, "MNIST"), (load_cifar10, "CIFAR10"), (load_timemachine, "TIMEMACHINE")],
)
def test_auto_falls_back_to_sample_with_warning(cache, monkeypatch, loader, name):
    monkeypatch.setenv(f"DLTUTOR_MIRRORS_{name}", f"{closed_port_url()} {closed_port_url()}")
    with pytest.warns(SampleDataWarning, match="bundled sample") as record:
        data = loader("auto")
    assert data.info.source == "sample"
    message = str(record[0].message)
    assert "\n" not in message and "source='full'" in message and str(cache) in message
    # Nothing was written except, for CIFAR-10, the extracted sample.
    assert [f for f in files_in(cache) if not f.startswith("cifar10/sample/")] == []


def test_auto_falls_back_on_wrong_checksum(cache, www, monkeypatch):
    folder, url = www
    (folder / "pg35.txt").write_text("*** START OF THE PROJECT GUTENBERG EBOOK X ***\nre-issued\n")
    monkeypatch.setenv("DLTUTOR_MIRRORS_TIMEMACHINE", url)
    with pytest.warns(SampleDataWarning, match="checksum"):
        t = load_timemachine("auto")
    assert t.info.source == "sample"
    assert files_in(cache) == []


def test_cache_dir_from_env_or_pooch_default(monkeypatch, tmp_path):
    """``$DLTUTOR_DATA_DIR`` (read by pooch) wins; otherwise pooch's per-user cache."""
    import pooch

    monkeypatch.setenv("DLTUTOR_DATA_DIR", str(tmp_path / "mine"))
    assert cache_dir(REGISTRY["mnist"]) == tmp_path / "mine" / "mnist"
    assert not (tmp_path / "mine").exists()  # asking creates nothing
    monkeypatch.delenv("DLTUTOR_DATA_DIR")
    assert cache_dir() == Path(os.path.abspath(pooch.os_cache("dltutor")))
