"""Where each data set comes from: files, checksums, mirrors, citations.

The registry :data:`REGISTRY` maps a data set name to a :class:`DatasetSpec`.
Tests (and readers behind a proxy) can change where files are fetched from
without editing code:

* ``DLTUTOR_MIRRORS_<NAME>`` (e.g. ``DLTUTOR_MIRRORS_MNIST``): whitespace- or
  comma-separated base URLs, tried in order, replacing the built-in mirrors.
  Each base URL gets the file name appended (``<base>/<file name>``).
* ``DLTUTOR_DATA_DIR``: the download cache (default ``pooch.os_cache("dltutor")``).
* ``DLTUTOR_SAMPLES_DIR``: the folder holding the bundled samples (default:
  ``<repo>/data/samples`` or, in an installed wheel, ``dltutor/_samples``).
* ``DLTUTOR_DATA``: the default ``source`` (``auto``, ``full`` or ``sample``).

The checksums live in ``DatasetSpec.files`` (a plain dict), so a test may
``monkeypatch.setitem`` one entry when it serves a file that is not the
official one.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import DataUnavailableError, UnknownSourceError

SOURCES: tuple[str, ...] = ("auto", "full", "sample")
SOURCE_ENV = "DLTUTOR_DATA"
CACHE_ENV = "DLTUTOR_DATA_DIR"
SAMPLES_ENV = "DLTUTOR_SAMPLES_DIR"
MIRRORS_ENV_PREFIX = "DLTUTOR_MIRRORS_"


@dataclass
class DatasetSpec:
    """Everything the loaders need to know about one data set.

    ``files`` maps each official file name to its ``"<alg>:<hex>"`` checksum;
    ``mirrors`` are base URLs tried in order; ``sample_files`` are paths
    relative to the samples folder (empty: no sample). When
    ``sample_is_complete`` is true the bundled file *is* the whole data set.
    """

    name: str
    title: str
    files: dict[str, str]
    mirrors: tuple[str, ...]
    sample_files: tuple[str, ...]
    citation: str
    licence: str
    sample_is_complete: bool = False
    notes: dict[str, str] = field(default_factory=dict)


REGISTRY: dict[str, DatasetSpec] = {
    "mnist": DatasetSpec(
        name="mnist",
        title="MNIST",
        files={
            "train-images-idx3-ubyte.gz": "md5:f68b3c2dcbeaaa9fbdd348bbdeb94873",
            "train-labels-idx1-ubyte.gz": "md5:d53e105ee54ea40749a09fcbcd1e9432",
            "t10k-images-idx3-ubyte.gz": "md5:9fb629c4189551a2d022fa330f9573f3",
            "t10k-labels-idx1-ubyte.gz": "md5:ec29112dd5afa0611ce80d1b7f02629c",
        },
        # The original host is often slow or down, so copies come first.
        mirrors=(
            "https://ossci-datasets.s3.amazonaws.com/mnist/",
            "https://storage.googleapis.com/cvdf-datasets/mnist/",
            "http://yann.lecun.com/exdb/mnist/",
        ),
        sample_files=(
            "mnist/t10k-images-idx3-ubyte.gz",
            "mnist/t10k-labels-idx1-ubyte.gz",
        ),
        citation=(
            "Y. LeCun, C. Cortes and C. J. C. Burges, The MNIST database of "
            "handwritten digits (CC BY-SA 3.0)"
        ),
        licence="CC BY-SA 3.0",
    ),
    "cifar10": DatasetSpec(
        name="cifar10",
        title="CIFAR-10",
        files={"cifar-10-binary.tar.gz": "md5:c32a1d4ab5d03f1284b67883e8d87530"},
        mirrors=("https://www.cs.toronto.edu/~kriz/",),
        sample_files=("cifar10/cifar-10-sample-binary.tar.gz",),
        citation=(
            "A. Krizhevsky, Learning Multiple Layers of Features from Tiny Images, "
            "technical report, University of Toronto, 2009"
        ),
        licence="see DATA_NOTICE.md",
    ),
    "timemachine": DatasetSpec(
        name="timemachine",
        title="The Time Machine",
        # Project Gutenberg re-issues its files now and then (new licence
        # text, fixed typos). When that happens this checksum no longer
        # matches: source="full" raises ChecksumError telling the reader to
        # use source="sample", and source="auto" falls back to the sample.
        files={"pg35.txt": "sha1:d5013483aa96c53dc454befb72c187fbc9ec761b"},
        mirrors=("https://www.gutenberg.org/cache/epub/35/",),
        sample_files=("text/timemachine.txt",),
        citation="H. G. Wells, The Time Machine (1895), Project Gutenberg eBook #35 (public domain)",
        licence="public domain",
    ),
    "co2": DatasetSpec(
        name="co2",
        title="Mauna Loa CO2 (weekly)",
        # The bundled file is the complete 1958-2001 weekly series (the one
        # statsmodels ships as ``co2``); there is nothing bigger to download,
        # so every source returns it and reports source="full".
        files={},
        mirrors=(),
        sample_files=("co2/co2-weekly-maunaloa.csv",),
        citation=(
            "C. D. Keeling and T. P. Whorf, Atmospheric CO2 records from sites in "
            "the SIO air sampling network, in Trends: A Compendium of Data on "
            "Global Change, CDIAC, Oak Ridge National Laboratory, 2004 (public domain)"
        ),
        licence="public domain",
        sample_is_complete=True,
    ),
}


def get_spec(name: str) -> DatasetSpec:
    """The registry entry of data set ``name``."""
    try:
        return REGISTRY[name]
    except KeyError:
        raise DataUnavailableError(
            f"No data set called {name!r}; known data sets: {', '.join(sorted(REGISTRY))}."
        ) from None


def resolve_source(source: str | None) -> str:
    """Validate ``source``; ``None`` means ``$DLTUTOR_DATA`` or ``"auto"``."""
    if source is None:
        source = os.environ.get(SOURCE_ENV, "").strip() or "auto"
        origin = f" (from ${SOURCE_ENV})" if os.environ.get(SOURCE_ENV, "").strip() else ""
    else:
        origin = ""
    norm = str(source).strip().lower()
    if norm not in SOURCES:
        raise UnknownSourceError(
            f"Unknown data source {source!r}{origin}; use one of "
            f"{', '.join(repr(s) for s in SOURCES)} (or None for the default)."
        )
    return norm


def mirrors(spec: DatasetSpec) -> tuple[str, ...]:
    """Base URLs for ``spec``, honouring ``DLTUTOR_MIRRORS_<NAME>``."""
    override = os.environ.get(MIRRORS_ENV_PREFIX + spec.name.upper())
    if override is not None and override.strip():
        return tuple(u for u in re.split(r"[\s,]+", override.strip()) if u)
    return spec.mirrors


def cache_dir(spec: DatasetSpec | None = None) -> Path:
    """Download cache folder (per data set when ``spec`` is given)."""
    root = os.environ.get(CACHE_ENV, "").strip()
    if root:
        base = Path(root).expanduser()
    else:
        import pooch

        base = Path(pooch.os_cache("dltutor"))
    return base / spec.name if spec is not None else base


def samples_dir() -> Path | None:
    """Folder holding the bundled samples, or ``None`` when there is none."""
    env = os.environ.get(SAMPLES_ENV, "").strip()
    if env:
        path = Path(env).expanduser()
        return path if path.is_dir() else None
    here = Path(__file__).resolve()
    installed = here.parents[1] / "_samples"  # dltutor/_samples in a wheel
    if installed.is_dir():
        return installed
    for parent in here.parents:
        candidate = parent / "data" / "samples"
        if candidate.is_dir():
            return candidate
    return None


def sample_paths(spec: DatasetSpec) -> list[Path]:
    """Paths of the bundled sample files; :class:`DataUnavailableError` if missing."""
    root = samples_dir()
    if not spec.sample_files:
        raise DataUnavailableError(f"{spec.title} has no bundled sample.")
    if root is None:
        raise DataUnavailableError(
            f"The bundled samples folder was not found, so the {spec.title} sample is "
            f"unavailable; reinstall dltutor or set ${SAMPLES_ENV} to the data/samples folder."
        )
    paths = [root / rel for rel in spec.sample_files]
    missing = [str(p) for p in paths if not p.is_file()]
    if missing:
        raise DataUnavailableError(
            f"The {spec.title} sample file(s) {', '.join(missing)} are missing; "
            "reinstall dltutor or restore data/samples from the repository."
        )
    return paths
