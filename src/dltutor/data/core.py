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
    """``source=`` names no known data source."""


class SampleDataWarning(UserWarning):
    """Issued when ``source="auto"`` falls back to the bundled sample."""


@dataclass(frozen=True)
class DataInfo:
    """Where a data set came from and how big it is.

    ``source`` is ``"full"`` (the official files) or ``"sample"`` (the copy
    bundled with the course). For text, ``n_train`` counts characters; for a
    time series it counts time steps; ``n_test`` is then 0.
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
    """An image classification data set: uint8 images, int64 labels."""

    x_train: np.ndarray
    y_train: np.ndarray
    x_test: np.ndarray
    y_test: np.ndarray
    class_names: tuple[str, ...]
    info: DataInfo


@dataclass(frozen=True)
class TextData:
    """A text corpus: the body of a book as one string."""

    text: str
    info: DataInfo


@dataclass(frozen=True)
class SeriesData:
    """A univariate time series; missing values are NaN."""

    dates: np.ndarray
    values: np.ndarray
    info: DataInfo
