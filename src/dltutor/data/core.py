"""The package's vocabulary: the containers loaders return and the errors they raise.

Every error message says what went wrong *and* what to do about it, because
the reader usually meets them inside a notebook, far from this code.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


class DataError(RuntimeError):
    """Base class of every data-loading error in dltutor."""


class ChecksumError(DataError):
    """A downloaded (or cached) file does not have the published checksum."""


class CorruptFileError(DataError):
    """A file is truncated or not in the expected format (gzip, tar, IDX, ...)."""


class UnsafeArchiveError(DataError):
    """An archive member would land outside its destination folder, or is a device or pipe."""


class DataUnavailableError(DataError):
    """The data cannot be obtained: not cached, not downloadable, no sample."""


class UnknownSourceError(DataError, ValueError):
    """``source=`` names no known data source.

    It is also a :class:`ValueError`, the usual error for a bad argument.
    """


class SampleDataWarning(UserWarning):
    """Issued when ``source="auto"`` falls back to the bundled sample."""


@dataclass(frozen=True)
class DataInfo:
    """Where a data set came from and how big it is.

    ``str(info)`` gives all but the citation on one line.

    Parameters
    ----------
    name : str
        The data set's title, e.g. ``"MNIST"``.
    source : str
        ``"full"`` (the official files) or ``"sample"`` (the copy bundled with
        the course).
    n_train : int
        Training examples; for text the number of characters, for a time
        series the number of time steps.
    n_test : int
        Test examples; 0 for text and time series.
    citation : str
        How to cite the data set.
    description : str
        What exactly was loaded.
    location : str
        The file the data was read from, or the folder of its files.
    """

    name: str
    source: str
    n_train: int
    n_test: int
    citation: str
    description: str
    location: str

    def __str__(self) -> str:
        sizes = f"{self.n_train:,} train / {self.n_test:,} test"
        return f"{self.name} [{self.source}] {sizes} - {self.description} (from {self.location})"


@dataclass(frozen=True)
class ImageData:
    """An image classification data set: uint8 images, int64 labels.

    Parameters
    ----------
    x_train : numpy.ndarray
        Training images, uint8.
    y_train : numpy.ndarray
        Training labels, int64, one per image.
    x_test : numpy.ndarray
        Test images, uint8.
    y_test : numpy.ndarray
        Test labels, int64, one per image.
    class_names : tuple of str
        The name of each class; label ``i`` is ``class_names[i]``.
    info : ~dltutor.data.core.DataInfo
        Where the data came from and how big it is.
    """

    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    class_names: tuple[str, ...]
    info: DataInfo


@dataclass(frozen=True)
class TextData:
    """A text corpus: the body of a book as one string.

    Parameters
    ----------
    text : str
        The text.
    info : ~dltutor.data.core.DataInfo
        Where the data came from and how big it is.
    """

    text: str
    info: DataInfo


@dataclass(frozen=True)
class SeriesData:
    """A univariate time series; missing values are NaN.

    Parameters
    ----------
    dates : numpy.ndarray
        The date of each value, ``datetime64[D]``.
    values : numpy.ndarray
        The values, float64, NaN where missing.
    info : ~dltutor.data.core.DataInfo
        Where the data came from and how big it is.
    """

    dates: np.ndarray
    values: np.ndarray
    info: DataInfo
