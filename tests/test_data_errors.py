"""Bad input: the right exception, a helpful message, nothing left in the cache."""

from __future__ import annotations

import gzip
import shutil
import tarfile

import pytest

from dltutor.data import (
    REGISTRY,
    ChecksumError,
    CorruptFileError,
    DataError,
    DataUnavailableError,
    UnknownSourceError,
    UnsafeArchiveError,
    load_cifar10,
    load_co2,
    load_mnist,
    load_timemachine,
)
from dltutor.data.fetch import safe_extract
from dltutor.data.mnist import parse_idx
from tests.data_server import (
    SAMPLES,
    closed_port_url,
    file_member,
    files_in,
    gzip_bytes,
    link_member,
    make_tar,
    md5,
    small_cifar_tar,
)


def test_hierarchy():
    for cls in (ChecksumError, CorruptFileError, UnsafeArchiveError, DataUnavailableError):
        assert issubclass(cls, DataError) and issubclass(cls, RuntimeError)
    assert issubclass(UnknownSourceError, ValueError)


@pytest.mark.parametrize("loader", [load_mnist, load_cifar10, load_timemachine, load_co2])
def test_unknown_source(cache, loader):
    with pytest.raises(UnknownSourceError) as err:
        loader("fulll")
    text = str(err.value)
    assert "'fulll'" in text and "'auto'" in text and "'full'" in text and "'sample'" in text
    assert files_in(cache) == []


def test_checksum_mismatch(cache, www, monkeypatch):
    folder, url = www
    (folder / "pg35.txt").write_text("not the book")
    monkeypatch.setenv("DLTUTOR_MIRRORS_TIMEMACHINE", f"{url} {closed_port_url()}")
    with pytest.raises(ChecksumError) as err:
        load_timemachine("full")
    text = str(err.value)
    assert "checksum" in text and "source='sample'" in text and url in text
    assert files_in(cache) == []  # pooch's temporary file is gone too


def _serve_mnist(folder, monkeypatch, train_images: bytes):
    (folder / "train-images-idx3-ubyte.gz").write_bytes(train_images)
    for split in ("train", "t10k"):
        shutil.copy(
            SAMPLES / "mnist/t10k-labels-idx1-ubyte.gz", folder / f"{split}-labels-idx1-ubyte.gz"
        )
    shutil.copy(SAMPLES / "mnist/t10k-images-idx3-ubyte.gz", folder)
    for name in REGISTRY["mnist"].files:
        monkeypatch.setitem(REGISTRY["mnist"].files, name, md5(folder / name))


def test_truncated_gzip(cache, www, monkeypatch):
    folder, url = www
    good = (SAMPLES / "mnist/t10k-images-idx3-ubyte.gz").read_bytes()
    _serve_mnist(folder, monkeypatch, good[: len(good) // 2])
    monkeypatch.setenv("DLTUTOR_MIRRORS_MNIST", url)
    with pytest.raises(CorruptFileError, match="not a complete gzip file") as err:
        load_mnist("full")
    assert "train-images-idx3-ubyte.gz" in str(err.value) and "download" in str(err.value)
    assert files_in(cache) == []  # the bad file (and its companions) were removed


def test_idx_wrong_magic_and_size(cache, www, monkeypatch):
    folder, url = www
    raw = gzip.decompress((SAMPLES / "mnist/t10k-images-idx3-ubyte.gz").read_bytes())
    wrong_magic = b"\x00\x00\x08\x02" + raw[4:]
    _serve_mnist(folder, monkeypatch, gzip_bytes(wrong_magic))
    monkeypatch.setenv("DLTUTOR_MIRRORS_MNIST", url)
    with pytest.raises(CorruptFileError, match="magic number"):
        load_mnist("full")
    assert files_in(cache) == []
    with pytest.raises(CorruptFileError, match="truncated"):
        parse_idx(raw[:-100], ndim=3, what="cut")
    with pytest.raises(CorruptFileError, match="too short"):
        parse_idx(b"\x00\x00", ndim=1)


@pytest.mark.parametrize("damage", ["truncated", "garbage"])
def test_corrupt_tar(cache, www, monkeypatch, damage, tmp_path):
    folder, url = www
    good = small_cifar_tar(tmp_path / "good.tar.gz").read_bytes()
    bad = good[: int(len(good) * 0.6)] if damage == "truncated" else b"\x1f\x8b" + b"x" * 5000
    (folder / "cifar-10-binary.tar.gz").write_bytes(bad)
    monkeypatch.setitem(
        REGISTRY["cifar10"].files, "cifar-10-binary.tar.gz", md5(folder / "cifar-10-binary.tar.gz")
    )
    monkeypatch.setenv("DLTUTOR_MIRRORS_CIFAR10", url)
    with pytest.raises(CorruptFileError, match="not a complete tar archive") as err:
        load_cifar10("full")
    assert "re-download" in str(err.value)
    assert files_in(cache) == []


def test_wrong_cifar_record_size(cache, www, monkeypatch):
    folder, url = www
    members = [
        file_member("cifar-10-batches-bin/batches.meta.txt", b"a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n")
    ]
    for batch in [f"data_batch_{i}.bin" for i in range(1, 6)] + ["test_batch.bin"]:
        members.append(file_member(f"cifar-10-batches-bin/{batch}", bytes(3073 * 2 - 1)))
    make_tar(folder / "cifar-10-binary.tar.gz", members)
    monkeypatch.setitem(
        REGISTRY["cifar10"].files, "cifar-10-binary.tar.gz", md5(folder / "cifar-10-binary.tar.gz")
    )
    monkeypatch.setenv("DLTUTOR_MIRRORS_CIFAR10", url)
    with pytest.raises(CorruptFileError, match="3073-byte"):
        load_cifar10("full")
    assert files_in(cache) == []


UNSAFE = {
    "dotdot": [file_member("cifar-10-batches-bin/../../evil", b"pwned")],
    "absolute": [file_member("/dltutor-evil", b"pwned")],
    "symlink": [link_member("cifar-10-batches-bin/evil", "../../../evil")],
    "abs-symlink": [link_member("cifar-10-batches-bin/evil", "/etc/passwd")],
    "hardlink": [link_member("cifar-10-batches-bin/evil", "../evil", hard=True)],
}


@pytest.mark.parametrize("kind", sorted(UNSAFE))
def test_unsafe_member_rejected_and_nothing_kept(cache, www, monkeypatch, tmp_path, kind):
    folder, url = www
    good = tmp_path / "good.tar.gz"
    small_cifar_tar(good)
    with tarfile.open(good) as tar:
        members = [(m, tar.extractfile(m).read()) for m in tar.getmembers()]
    archive = make_tar(folder / "cifar-10-binary.tar.gz", members + UNSAFE[kind])  # bad one last
    monkeypatch.setitem(REGISTRY["cifar10"].files, "cifar-10-binary.tar.gz", md5(archive))
    monkeypatch.setenv("DLTUTOR_MIRRORS_CIFAR10", url)
    with pytest.raises(UnsafeArchiveError, match="outside the extraction folder") as err:
        load_cifar10("full")
    assert "nothing was kept" in str(err.value) and "download it again" in str(err.value)
    assert files_in(cache) == []  # not even the good members before it
    assert not any(p.name.endswith("evil") for p in tmp_path.rglob("*"))


def test_safe_extract_special_file(tmp_path):
    info = tarfile.TarInfo("cifar-10-batches-bin/fifo")
    info.type = tarfile.FIFOTYPE
    archive = make_tar(tmp_path / "a.tar.gz", [file_member("ok.txt", b"ok"), (info, None)])
    with pytest.raises(UnsafeArchiveError, match="special file"):
        safe_extract(archive, tmp_path / "out")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.tar.gz"]


def test_offline_without_sample(cache, monkeypatch, tmp_path):
    empty = tmp_path / "no-samples"
    empty.mkdir()
    monkeypatch.setenv("DLTUTOR_SAMPLES_DIR", str(empty))
    monkeypatch.setenv("DLTUTOR_MIRRORS_MNIST", closed_port_url())
    with pytest.raises(DataUnavailableError) as err:
        load_mnist("auto")
    text = str(err.value)
    assert "could not be downloaded" in text and "no bundled sample" in text.replace(
        "sample file", "no bundled sample"
    )
    with pytest.raises(DataUnavailableError, match="internet"):
        load_mnist("full")
    with pytest.raises(DataUnavailableError, match="missing"):
        load_mnist("sample")
    assert files_in(cache) == []


def test_no_sample_registered(cache, monkeypatch):
    monkeypatch.setattr(REGISTRY["timemachine"], "sample_files", ())
    monkeypatch.setenv("DLTUTOR_MIRRORS_TIMEMACHINE", closed_port_url())
    with pytest.raises(DataUnavailableError, match="has no bundled sample"):
        load_timemachine("auto")
    assert files_in(cache) == []


def test_not_a_gutenberg_text(cache, www, monkeypatch):
    folder, url = www
    (folder / "pg35.txt").write_text("just some text\n")
    monkeypatch.setitem(REGISTRY["timemachine"].files, "pg35.txt", md5(folder / "pg35.txt"))
    monkeypatch.setenv("DLTUTOR_MIRRORS_TIMEMACHINE", url)
    with pytest.raises(CorruptFileError, match="START/END"):
        load_timemachine("full")
    assert files_in(cache) == []


def test_malformed_mirror_url(cache, monkeypatch):
    """A mistyped ``DLTUTOR_MIRRORS_*`` entry counts as an unreachable mirror."""
    monkeypatch.setenv("DLTUTOR_MIRRORS_TIMEMACHINE", "not-a-url")
    with pytest.raises(DataUnavailableError, match="not-a-url") as err:
        load_timemachine("full")
    assert "source='sample'" in str(err.value)
    assert files_in(cache) == []
