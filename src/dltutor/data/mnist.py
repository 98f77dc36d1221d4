"""MNIST handwritten digits, read from the official IDX files."""

from __future__ import annotations

import numpy as np

from .core import CorruptFileError, ImageData
from .fetch import discard_on_error, obtain, read_gzip

__all__ = ["SAMPLE_TRAIN", "load_mnist", "parse_idx"]

#: The sample is the official test set; its first 8,000 images become the
#: training split and the last 2,000 the test split.
SAMPLE_TRAIN = 8000

_MAGIC_NDIM = {0x00000801: 1, 0x00000803: 3}


def parse_idx(data: bytes, *, ndim: int, what: str = "IDX data") -> np.ndarray:
    """Parse an uncompressed IDX file holding unsigned bytes with ``ndim`` axes.

    Parameters
    ----------
    data : bytes
        The file's contents, already decompressed.
    ndim : int
        The number of axes it must have: 1 (labels) or 3 (images).
    what : str, optional
        What ``data`` is (e.g. its path), for error messages.

    Returns
    -------
    numpy.ndarray
        A uint8 array of the shape given in the file's header.

    Raises
    ------
    ~dltutor.data.core.CorruptFileError
        If ``data`` is too short, has the wrong magic number for ``ndim``
        axes, or is not as long as its header says.
    """
    if len(data) < 4:
        raise CorruptFileError(f"{what} is too short to be an IDX file ({len(data)} bytes).")
    magic = int.from_bytes(data[:4], "big")
    if _MAGIC_NDIM.get(magic) != ndim:
        raise CorruptFileError(
            f"{what} has IDX magic number 0x{magic:08x}, expected 0x{0x800 + ndim:08x} "
            f"(unsigned bytes, {ndim} axes); it is not the right MNIST file. "
            "Delete it and download it again."
        )
    header = 4 + 4 * ndim
    if len(data) < header:
        raise CorruptFileError(f"{what} ends inside its IDX header.")
    shape = tuple(int.from_bytes(data[4 + 4 * i : 8 + 4 * i], "big") for i in range(ndim))
    expected = header + int(np.prod(shape))
    if len(data) != expected:
        raise CorruptFileError(
            f"{what} holds {len(data):,} bytes but its header {shape} needs {expected:,}; "
            "the file is truncated or damaged. Delete it and download it again."
        )
    return np.frombuffer(data, dtype=np.uint8, offset=header).reshape(shape).copy()


def _read_pair(images_path, labels_path) -> tuple[np.ndarray, np.ndarray]:
    x = parse_idx(read_gzip(images_path), ndim=3, what=str(images_path))
    y = parse_idx(read_gzip(labels_path), ndim=1, what=str(labels_path)).astype(np.int64)
    if x.shape[0] != y.shape[0] or x.shape[1:] != (28, 28):
        raise CorruptFileError(
            f"{images_path} holds {x.shape} images but {labels_path} holds {y.shape[0]} "
            "labels; the files do not belong together. Delete them and download again."
        )
    if y.size and y.max() > 9:
        raise CorruptFileError(f"{labels_path} holds labels above 9; it is not MNIST.")
    return x, y


def load_mnist(source: str | None = None) -> ImageData:
    """Load MNIST: ``x`` uint8 ``(N, 28, 28)``, ``y`` int64 ``(N,)``.

    The full data is 60,000 training and 10,000 test images; the bundled
    sample is the official test set split into its first 8,000 (train) and
    last 2,000 (test) images.

    :mod:`dltutor.data` explains ``source`` and the errors common to all loaders.

    Returns
    -------
    ~dltutor.data.core.ImageData
        Train and test images and labels, the class names ``"0"`` to ``"9"``
        and the data set's :class:`~dltutor.data.core.DataInfo`.

    Raises
    ------
    ~dltutor.data.core.CorruptFileError
        If a file is truncated or damaged, or the images and labels do not
        belong together; for the full data the cached files are deleted.
    """
    got = obtain("mnist", source, loader="load_mnist")
    with discard_on_error(got):
        if got.source == "full":
            p = dict(zip(got.spec.files, got.paths, strict=True))
            x_train, y_train = _read_pair(
                p["train-images-idx3-ubyte.gz"], p["train-labels-idx1-ubyte.gz"]
            )
            x_test, y_test = _read_pair(
                p["t10k-images-idx3-ubyte.gz"], p["t10k-labels-idx1-ubyte.gz"]
            )
            description = "official MNIST training and test sets"
        else:
            x, y = _read_pair(got.paths[0], got.paths[1])
            x_train, y_train = x[:SAMPLE_TRAIN], y[:SAMPLE_TRAIN]
            x_test, y_test = x[SAMPLE_TRAIN:], y[SAMPLE_TRAIN:]
            description = (
                f"bundled sample: the official 10,000-image test set, first {SAMPLE_TRAIN:,} "
                f"as train and last {len(x) - SAMPLE_TRAIN:,} as test"
            )
    info = got.info(n_train=len(y_train), n_test=len(y_test), description=description)
    return ImageData(x_train, y_train, x_test, y_test, tuple(str(i) for i in range(10)), info)
