"""Data sets for the course, with a bundled sample for offline use.

Loaders take ``source``: ``"full"`` (official files, downloaded once into
``$DLTUTOR_DATA_DIR``, default ``pooch.os_cache("dltutor")``), ``"sample"``
(the copy bundled with the course) or ``"auto"`` (full when cached or
downloadable, else the sample with a :class:`SampleDataWarning`). ``None``
reads ``$DLTUTOR_DATA`` (default ``"auto"``). Mirrors can be overridden with
``$DLTUTOR_MIRRORS_<NAME>`` (see :mod:`dltutor.data.fetch`).

Modules: :mod:`~dltutor.data.core` (containers and errors),
:mod:`~dltutor.data.fetch` (registry, cache, downloads, samples, archives),
:mod:`~dltutor.data.arrays` (preprocessing and batch order),
:mod:`~dltutor.data.adapters` (PyTorch, TensorFlow and Keras feeders) and one
module per data set (``mnist``, ``cifar10``, ``text``, ``co2``).

Importing this package never imports a deep learning framework.
"""

from __future__ import annotations

from .adapters import keras_dataset, tf_dataset, torch_loader
from .arrays import batch_order, scale_images, subset
from .cifar10 import load_cifar10
from .co2 import load_co2
from .core import (
    ChecksumError,
    CorruptFileError,
    DataError,
    DataInfo,
    DataUnavailableError,
    ImageData,
    SampleDataWarning,
    SeriesData,
    TextData,
    UnknownSourceError,
    UnsafeArchiveError,
)
from .fetch import REGISTRY, SOURCES, cache_dir
from .mnist import load_mnist
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
