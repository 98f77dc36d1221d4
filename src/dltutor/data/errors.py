"""Exceptions and warnings raised by :mod:`dltutor.data`.

Every error message says what went wrong *and* what to do about it, because
the reader usually meets them inside a notebook, far from this code.
"""

from __future__ import annotations

__all__ = [
    "ChecksumError",
    "CorruptFileError",
    "DataError",
    "DataUnavailableError",
    "SampleDataWarning",
    "UnknownSourceError",
    "UnsafeArchiveError",
]


class DataError(RuntimeError):
    """Base class of every data-loading error in dltutor."""


class ChecksumError(DataError):
    """A downloaded (or cached) file does not have the published checksum."""


class CorruptFileError(DataError):
    """A file is truncated or not in the expected format (gzip, tar, IDX, ...)."""


class UnsafeArchiveError(DataError):
    """An archive member would be written outside its destination folder."""


class DataUnavailableError(DataError):
    """The data cannot be obtained: not cached, not downloadable, no sample."""


class UnknownSourceError(DataError, ValueError):
    """``source=`` names no known data source."""


class SampleDataWarning(UserWarning):
    """Issued when ``source="auto"`` falls back to the bundled sample."""
