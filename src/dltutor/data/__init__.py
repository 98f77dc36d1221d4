"""Data sets for the course, with a bundled sample for offline use.

Every loader takes a ``source`` argument:

* ``"full"``: the official files, downloaded once into ``$DLTUTOR_DATA_DIR``
  (default ``pooch.os_cache("dltutor")``);
* ``"sample"``: the copy bundled with the course;
* ``"auto"``: the full data when it is cached or downloadable, else the
  sample, with a :class:`~dltutor.data.core.SampleDataWarning`;
* ``None``: the value of ``$DLTUTOR_DATA`` (default ``"auto"``).

Every loader raises a subclass of :class:`~dltutor.data.core.DataError`
with a message that says what to do:
:class:`~dltutor.data.core.UnknownSourceError` for an unknown ``source``,
:class:`~dltutor.data.core.DataUnavailableError` when the files can be
neither found nor downloaded, :class:`~dltutor.data.core.ChecksumError`
when a download has the wrong checksum (nothing is kept), and
:class:`~dltutor.data.core.CorruptFileError` for a truncated or damaged
file. With ``source="auto"``, falling back to the sample warns with
:class:`~dltutor.data.core.SampleDataWarning`.

Download mirrors can be overridden with ``$DLTUTOR_MIRRORS_<NAME>`` (see
:mod:`dltutor.data.fetch`).

The package is split into modules:

* :mod:`~dltutor.data.core`: the containers loaders return and the errors they raise;
* :mod:`~dltutor.data.fetch`: registry, cache, downloads, samples and archives;
* :mod:`~dltutor.data.arrays`: preprocessing and batch order;
* :mod:`~dltutor.data.adapters`: feeders for PyTorch, TensorFlow and Keras;
* one module per data set: :mod:`~dltutor.data.mnist`, :mod:`~dltutor.data.cifar10`,
  :mod:`~dltutor.data.text` and :mod:`~dltutor.data.co2`.

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
