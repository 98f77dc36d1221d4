"""Data sets for the course, with a bundled sample for offline use.

Loaders take ``source``: ``"full"`` (official files, downloaded once into
``$DLTUTOR_DATA_DIR``, default ``pooch.os_cache("dltutor")``), ``"sample"``
(the copy bundled with the course) or ``"auto"`` (full when cached or
downloadable, else the sample with a :class:`SampleDataWarning`). ``None``
reads ``$DLTUTOR_DATA`` (default ``"auto"``). Mirrors can be overridden with
``$DLTUTOR_MIRRORS_<NAME>`` (see :mod:`dltutor.data.sources`).

Importing this package never imports a deep learning framework.
"""

from __future__ import annotations

from .adapters import keras_dataset, tf_dataset, torch_loader
from .batching import batch_order
from .cifar10 import load_cifar10
from .co2 import load_co2
from .containers import DataInfo, ImageData, SeriesData, TextData
from .errors import (
    ChecksumError,
    CorruptFileError,
    DataError,
    DataUnavailableError,
    SampleDataWarning,
    UnknownSourceError,
    UnsafeArchiveError,
)
from .mnist import load_mnist
from .preprocess import scale_images, subset
from .sources import REGISTRY, SOURCES, cache_dir
from .text import load_timemachine

__all__ = [
    "REGISTRY",
    "SOURCES",
    "ChecksumError",
    "CorruptFileError",
    "DataError",
    "DataInfo",
    "DataUnavailableError",
    "ImageData",
    "SampleDataWarning",
    "SeriesData",
    "TextData",
    "UnknownSourceError",
    "UnsafeArchiveError",
    "batch_order",
    "cache_dir",
    "keras_dataset",
    "load_cifar10",
    "load_co2",
    "load_mnist",
    "load_timemachine",
    "scale_images",
    "subset",
    "tf_dataset",
    "torch_loader",
]
