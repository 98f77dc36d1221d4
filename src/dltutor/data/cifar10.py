"""CIFAR-10 tiny images, read from the official *binary* archive (no pickles)."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import numpy as np

from .core import CorruptFileError, DataError, ImageData
from .fetch import cache_dir, discard_on_error, obtain, safe_extract

__all__ = ["load_cifar10", "parse_cifar_batch"]

FOLDER = "cifar-10-batches-bin"
TRAIN_BATCHES = tuple(f"data_batch_{i}.bin" for i in range(1, 6))
TEST_BATCH = "test_batch.bin"
RECORD = 1 + 3 * 32 * 32


def parse_cifar_batch(data: bytes, what: str = "CIFAR-10 batch") -> tuple[np.ndarray, np.ndarray]:
    """Parse binary records ``<label><R plane><G plane><B plane>``.

    Each record is one label byte followed by the 32 x 32 red, green and blue
    planes: 3,073 bytes.

    Parameters
    ----------
    data : bytes
        The contents of one batch file.
    what : str, optional
        What ``data`` is (e.g. its path), for error messages.

    Returns
    -------
    x : numpy.ndarray
        uint8 images ``(N, 32, 32, 3)``, channels last.
    y : numpy.ndarray
        int64 labels ``(N,)``.

    Raises
    ------
    ~dltutor.data.core.CorruptFileError
        If ``data`` is empty or not a whole number of records, or holds a
        label above 9.
    """
    if len(data) == 0 or len(data) % RECORD:
        raise CorruptFileError(
            f"{what} holds {len(data):,} bytes, not a whole number of {RECORD}-byte "
            "CIFAR-10 records; it is truncated or damaged. Delete it and download again."
        )
    rec = np.frombuffer(data, dtype=np.uint8).reshape(-1, RECORD)
    y = rec[:, 0].astype(np.int64)
    if y.max() > 9:
        raise CorruptFileError(f"{what} holds labels above 9; it is not CIFAR-10.")
    x = rec[:, 1:].reshape(-1, 3, 32, 32).transpose(0, 2, 3, 1).copy()
    return x, y


def _read_folder(folder: Path) -> tuple[np.ndarray, ...]:
    def read(name: str) -> tuple[np.ndarray, np.ndarray]:
        path = folder / name
        if not path.is_file():
            raise CorruptFileError(
                f"{path} is missing: the archive lacks {FOLDER}/{name}. Delete the archive "
                "and its extracted folder and download again."
            )
        return parse_cifar_batch(path.read_bytes(), str(path))

    train = [read(name) for name in TRAIN_BATCHES]
    x_test, y_test = read(TEST_BATCH)
    meta = folder / "batches.meta.txt"
    names = (
        tuple(s.strip() for s in meta.read_text().splitlines() if s.strip())
        if meta.is_file()
        else ()
    )
    if len(names) != 10:
        raise CorruptFileError(f"{meta} should list 10 class names, found {len(names)}.")
    x_train = np.concatenate([x for x, _ in train])
    y_train = np.concatenate([y for _, y in train])
    return x_train, y_train, x_test, y_test, names


def _extracted(archive: Path, base: Path) -> Path:
    """Extract ``archive`` under ``base`` unless a complete copy is already there.

    Each archive version (path, size, mtime) gets its own folder, created
    atomically by :func:`safe_extract`, so concurrent loaders never see a
    half-written or half-deleted copy.
    """
    stat = archive.stat()
    key = f"{archive.resolve()}:{stat.st_size}:{stat.st_mtime_ns}"
    dest = base / hashlib.sha1(key.encode()).hexdigest()[:16]
    folder = dest / FOLDER
    needed = [*TRAIN_BATCHES, TEST_BATCH, "batches.meta.txt"]
    if not all((folder / n).is_file() for n in needed):
        if dest.exists():
            shutil.rmtree(dest)
        safe_extract(archive, dest)
    return folder


def load_cifar10(source: str | None = None) -> ImageData:
    """Load CIFAR-10: ``x`` uint8 ``(N, 32, 32, 3)`` channels-last, ``y`` int64.

    The full data is 50,000 train and 10,000 test images; the bundled sample
    holds the first 1,017 records of every official batch (5,085 train, 1,017
    test). The archive is unpacked into the download cache on first use.
    Class names come from ``batches.meta.txt``.

    :mod:`dltutor.data` explains ``source`` and the errors common to all loaders.

    Returns
    -------
    ~dltutor.data.core.ImageData
        Train and test images and labels, the ten class names and the
        data set's :class:`~dltutor.data.core.DataInfo`.

    Raises
    ------
    ~dltutor.data.core.CorruptFileError
        If the archive or a batch file in it is truncated or damaged; the
        unpacked copy and, for the full data, the cached archive are deleted.
    ~dltutor.data.core.UnsafeArchiveError
        If the archive holds a member that would be unpacked outside its
        folder, or a device or pipe.
    """
    got = obtain("cifar10", source, loader="load_cifar10")
    archive = got.paths[0]
    base = cache_dir(got.spec) / ("extracted" if got.source == "full" else "sample")
    with discard_on_error(got):
        try:
            folder = _extracted(archive, base)
            x_train, y_train, x_test, y_test, names = _read_folder(folder)
        except DataError:
            shutil.rmtree(base, ignore_errors=True)  # never keep a bad extraction
            raise
    description = (
        "official CIFAR-10 binary version"
        if got.source == "full"
        else "bundled sample: first 1,017 records of each official batch"
    )
    info = got.info(n_train=len(y_train), n_test=len(y_test), description=description)
    return ImageData(x_train, y_train, x_test, y_test, names, info)
