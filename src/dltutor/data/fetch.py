"""Getting a data set's files: registry, sources, cache, downloads, archives.

:data:`REGISTRY` maps each data set name to a :class:`DatasetSpec` (files,
checksums, mirrors, sample, citation). :func:`obtain` turns ``source`` into
files on disk:

* ``"sample"``: the files bundled with the course;
* ``"full"``: the official files, from the cache or downloaded;
* ``"auto"``: ``"full"`` when cached or downloadable, otherwise the sample
  with a one-line :class:`~dltutor.data.core.SampleDataWarning`.

Readers (and tests) can change where files come from without editing code:

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

Pooch does the downloading: it picks the cache folder (``DLTUTOR_DATA_DIR``
through its ``env`` argument), reuses a cached file whose checksum matches,
and streams a download to a temporary file that becomes the cached file only
once its checksum matches. Pooch has no mirror list, so :func:`download` asks
one mirror after the other. Archives are unpacked by :mod:`tarfile` with its
``"data"`` extraction filter.
"""

from __future__ import annotations

import contextlib
import gzip
import logging
import os
import re
import shutil
import tarfile
import tempfile
import warnings
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .core import (
    ChecksumError,
    CorruptFileError,
    DataError,
    DataInfo,
    DataUnavailableError,
    SampleDataWarning,
    UnknownSourceError,
    UnsafeArchiveError,
)

__all__ = [
    "REGISTRY",
    "SOURCES",
    "DatasetSpec",
    "Obtained",
    "cache_dir",
    "discard_on_error",
    "download",
    "obtain",
    "read_gzip",
    "safe_extract",
]

SOURCES: tuple[str, ...] = ("auto", "full", "sample")
SOURCE_ENV = "DLTUTOR_DATA"
CACHE_ENV = "DLTUTOR_DATA_DIR"
SAMPLES_ENV = "DLTUTOR_SAMPLES_DIR"
MIRRORS_ENV_PREFIX = "DLTUTOR_MIRRORS_"
#: Seconds to wait for a mirror to answer before trying the next one.
TIMEOUT_S = 30


@dataclass
class DatasetSpec:
    """Everything the loaders need to know about one data set.

    Parameters
    ----------
    name : str
        The key in :data:`REGISTRY`, e.g. ``"mnist"``; it also names the data
        set's cache folder and its ``DLTUTOR_MIRRORS_<NAME>`` variable.
    title : str
        The name shown in messages and in :class:`~dltutor.data.core.DataInfo`.
    files : dict[str, str]
        Each official file name and its ``"<alg>:<hex>"`` checksum.
    mirrors : tuple of str
        Base URLs of the official files, tried in order.
    sample_files : tuple of str
        The bundled sample's files, relative to the samples folder (empty: no
        sample).
    citation : str
        How to cite the data set.
    licence : str
        The data set's licence.
    sample_is_complete : bool, optional
        True when the bundled file *is* the whole data set (default false).
    notes : dict[str, str], optional
        Free-form notes (default empty).
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


# --- Where files are ---------------------------------------------------------


def get_spec(name: str) -> DatasetSpec:
    """The registry entry of data set ``name``.

    Parameters
    ----------
    name : str
        A key of :data:`REGISTRY`, e.g. ``"mnist"``.

    Returns
    -------
    ~dltutor.data.fetch.DatasetSpec
        The data set's entry.

    Raises
    ------
    ~dltutor.data.core.DataUnavailableError
        If no data set has that name.
    """
    try:
        return REGISTRY[name]
    except KeyError:
        raise DataUnavailableError(
            f"No data set called {name!r}; known data sets: {', '.join(sorted(REGISTRY))}."
        ) from None


def resolve_source(source: str | None) -> str:
    """Validate ``source``; ``None`` means ``$DLTUTOR_DATA`` or ``"auto"``.

    Parameters
    ----------
    source : str or None
        ``"auto"``, ``"full"`` or ``"sample"``, in any case, surrounding spaces
        ignored; ``None`` reads ``$DLTUTOR_DATA`` (``"auto"`` when unset or
        empty).

    Returns
    -------
    str
        The source in lower case, one of :data:`SOURCES`.

    Raises
    ------
    ~dltutor.data.core.UnknownSourceError
        If ``source`` (or ``$DLTUTOR_DATA``) names no known source.
    """
    origin = ""
    if source is None:
        source = os.environ.get(SOURCE_ENV, "").strip() or "auto"
        origin = f" (from ${SOURCE_ENV})" if os.environ.get(SOURCE_ENV, "").strip() else ""
    norm = str(source).strip().lower()
    if norm not in SOURCES:
        raise UnknownSourceError(
            f"Unknown data source {source!r}{origin}; use one of "
            f"{', '.join(repr(s) for s in SOURCES)} (or None for the default)."
        )
    return norm


def mirrors(spec: DatasetSpec) -> tuple[str, ...]:
    """Base URLs for ``spec``, honouring ``DLTUTOR_MIRRORS_<NAME>``.

    Parameters
    ----------
    spec : ~dltutor.data.fetch.DatasetSpec
        The data set.

    Returns
    -------
    tuple of str
        The URLs listed in ``DLTUTOR_MIRRORS_<NAME>`` (separated by whitespace
        or commas) when it is set and not blank, else ``spec.mirrors``.
    """
    override = os.environ.get(MIRRORS_ENV_PREFIX + spec.name.upper(), "").strip()
    return tuple(u for u in re.split(r"[\s,]+", override) if u) if override else spec.mirrors


def _url(base: str, filename: str) -> str:
    return base if base.endswith("/" + filename) else base.rstrip("/") + "/" + filename


def _pooch(spec: DatasetSpec | None = None, base: str = "") -> Any:
    """A :class:`pooch.Pooch` for the files of ``spec`` at mirror ``base``.

    Its folder is ``$DLTUTOR_DATA_DIR`` when set, else ``pooch.os_cache("dltutor")``;
    files are registered as ``<data set>/<file>``, one sub-folder per data set.
    """
    import pooch

    files = spec.files if spec is not None else {}
    return pooch.create(
        path=pooch.os_cache("dltutor"),
        base_url=base,
        env=CACHE_ENV,
        registry={f"{spec.name}/{f}": h for f, h in files.items()},
        urls={f"{spec.name}/{f}": _url(base, f) for f in files},
    )


def cache_dir(spec: DatasetSpec | None = None) -> Path:
    """Download cache folder (per data set when ``spec`` is given).

    Parameters
    ----------
    spec : ~dltutor.data.fetch.DatasetSpec or None, optional
        The data set whose sub-folder to return; ``None`` (default) for the
        cache itself.

    Returns
    -------
    pathlib.Path
        ``$DLTUTOR_DATA_DIR`` when set, else ``pooch.os_cache("dltutor")``,
        or its sub-folder named after ``spec.name``. It may not exist yet.
    """
    root = Path(_pooch().abspath)
    return root / spec.name if spec is not None else root


def samples_dir() -> Path | None:
    """Folder holding the bundled samples, or ``None`` when there is none.

    Returns
    -------
    pathlib.Path or None
        ``$DLTUTOR_SAMPLES_DIR`` when set (``None`` if it is not a folder);
        else ``dltutor/_samples`` in an installed wheel; else the nearest
        ``data/samples`` folder above this module, as in a checkout.
    """
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
    """Paths of the bundled sample files of ``spec``, checking that they exist.

    Returns
    -------
    list of pathlib.Path
        One path per entry of ``spec.sample_files``, in that order.

    Raises
    ------
    ~dltutor.data.core.DataUnavailableError
        If the data set has no sample, or the samples folder or a sample file
        is missing.
    """
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


# --- Downloading ---------------------------------------------------------------


def download(spec: DatasetSpec, filename: str, *, progressbar: bool = True) -> Path:
    """Return the cached path of ``filename``, downloading it if needed.

    Each mirror of :func:`mirrors` is asked in turn, waiting at most
    :data:`TIMEOUT_S` seconds for an answer. A file already in the cache with
    the right checksum is used without downloading.

    Parameters
    ----------
    spec : ~dltutor.data.fetch.DatasetSpec
        The data set.
    filename : str
        One of the official file names, a key of ``spec.files``.
    progressbar : bool, optional
        Show a progress bar while downloading (default).

    Returns
    -------
    pathlib.Path
        The file in the cache, with the published checksum.

    Raises
    ------
    ~dltutor.data.core.ChecksumError
        If a mirror served a file with the wrong checksum and no other mirror
        served the right one; the wrong file is not kept.
    ~dltutor.data.core.DataUnavailableError
        If no mirror is configured or none could be reached.
    """
    import pooch
    import requests

    bases = mirrors(spec)
    if not bases:
        raise DataUnavailableError(f"No download mirror is configured for {spec.title}.")
    downloader = pooch.HTTPDownloader(progressbar=progressbar, timeout=TIMEOUT_S)
    failures: list[str] = []
    bad_checksum: list[str] = []
    logger = pooch.get_logger()
    old_level = logger.level
    logger.setLevel(logging.WARNING)  # we print our own, shorter messages
    try:
        for base in bases:
            url = _url(base, filename)
            try:
                path = _pooch(spec, base).fetch(f"{spec.name}/{filename}", downloader=downloader)
                return Path(path)
            except (requests.RequestException, OSError) as err:
                failures.append(f"{url}: {type(err).__name__}: {_short(err)}")
            except ValueError as err:  # pooch: "... hash of downloaded file ... does not match"
                if "hash" not in str(err).lower():
                    raise
                bad_checksum.append(url)
                failures.append(f"{url}: wrong checksum")
    finally:
        logger.setLevel(old_level)
    if bad_checksum:
        raise ChecksumError(
            f"{filename} downloaded from {', '.join(bad_checksum)} does not have the "
            f"published checksum {spec.files[filename]}; the file was discarded. The mirror "
            "may serve a changed or damaged copy: try again later, or use source='sample' "
            "for the bundled sample. Attempts: " + "; ".join(failures)
        )
    raise DataUnavailableError(
        f"Could not download {filename} for {spec.title} from any mirror ("
        + "; ".join(failures)
        + f"). Check your internet connection, or copy the official file to "
        f"{cache_dir(spec)}, or use source='sample'."
    )


def _short(err: BaseException, limit: int = 160) -> str:
    text = " ".join(str(err).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


# --- Choosing between full data and sample -----------------------------------------


@dataclass(frozen=True)
class Obtained:
    """The files to parse and where they came from.

    Parameters
    ----------
    source : str
        ``"full"`` or ``"sample"``.
    paths : list of pathlib.Path
        The files, in the order of ``spec.files`` or ``spec.sample_files``.
    spec : ~dltutor.data.fetch.DatasetSpec
        The data set.
    """

    source: str  # "full" or "sample"
    paths: list[Path]
    spec: DatasetSpec

    @property
    def location(self) -> str:
        """The file, or for several files the folder they live in."""
        if len(self.paths) == 1:
            return str(self.paths[0])
        return str(self.paths[0].parent) if self.paths else ""

    def info(self, *, n_train: int, n_test: int, description: str) -> DataInfo:
        """The :class:`~dltutor.data.core.DataInfo` of a data set parsed from these files.

        Parameters
        ----------
        n_train : int
            Training examples (characters for text, time steps for a series).
        n_test : int
            Test examples.
        description : str
            What exactly was loaded.

        Returns
        -------
        ~dltutor.data.core.DataInfo
            The sizes and description given, the title and citation of
            ``spec``, ``source`` and :attr:`location`.
        """
        return DataInfo(
            name=self.spec.title,
            source=self.source,
            n_train=n_train,
            n_test=n_test,
            citation=self.spec.citation,
            description=description,
            location=self.location,
        )


def obtain(name: str, source: str | None, *, loader: str) -> Obtained:
    """Resolve ``source`` for data set ``name``, as described in :mod:`dltutor.data.fetch`.

    A data set whose sample is complete always gives its bundled file, as
    ``"full"``. Otherwise ``"sample"`` gives the sample and ``"full"`` the
    official files (from the cache or downloaded); ``"auto"`` tries the
    official files and falls back to the sample.

    Parameters
    ----------
    name : str
        The data set, a key of :data:`REGISTRY`.
    source : str or None
        ``"auto"``, ``"full"``, ``"sample"`` or ``None``, see
        :func:`resolve_source`.
    loader : str
        The public loader's name, used in messages.

    Returns
    -------
    ~dltutor.data.fetch.Obtained
        The files on disk and whether they are the full data or the sample.

    Raises
    ------
    ~dltutor.data.core.UnknownSourceError
        If ``source`` names no known source.
    ~dltutor.data.core.DataUnavailableError
        If ``name`` is unknown, or the requested files can be neither found nor
        downloaded.
    ~dltutor.data.core.ChecksumError
        If ``source="full"`` and a downloaded file has the wrong checksum.

    Warns
    -----
    SampleDataWarning
        When ``source="auto"`` falls back to the sample.
    """
    src = resolve_source(source)
    spec = get_spec(name)
    if spec.sample_is_complete:
        return Obtained("full", sample_paths(spec), spec)
    if src == "sample":
        return Obtained("sample", sample_paths(spec), spec)
    try:
        return Obtained("full", [download(spec, f) for f in spec.files], spec)
    except (DataUnavailableError, ChecksumError) as err:
        if src == "full":
            raise
        try:
            paths = sample_paths(spec)
        except DataUnavailableError as no_sample:
            raise DataUnavailableError(
                f"{spec.title}: the full data is not cached in {cache_dir(spec)} and could "
                f"not be downloaded, and no bundled sample is available ({no_sample}). "
                "Connect to the internet and try again, or copy the official files into "
                "that folder."
            ) from err
        reason = "wrong checksum" if isinstance(err, ChecksumError) else "offline or unreachable"
        warnings.warn(
            f"{spec.title}: full data not cached and not downloadable ({reason}); using the "
            f"bundled sample. For the full data, go online and call {loader}(source='full') "
            f"or put the official files in {cache_dir(spec)}.",
            SampleDataWarning,
            stacklevel=3,
        )
        return Obtained("sample", paths, spec)


@contextlib.contextmanager
def discard_on_error(got: Obtained) -> Iterator[None]:
    """Delete cached full-data files that fail to parse, then re-raise.

    Wrap the parsing in ``with discard_on_error(got):``. If it raises a
    :class:`~dltutor.data.core.DataError` and ``got`` is downloaded full data,
    the files in ``got.paths`` are deleted so that the next load downloads
    them again. Bundled samples are never deleted.

    Parameters
    ----------
    got : ~dltutor.data.fetch.Obtained
        The files being parsed.

    Raises
    ------
    ~dltutor.data.core.DataError
        The error raised inside the block, re-raised after the clean-up.
    """
    try:
        yield
    except DataError:
        if got.source == "full" and not got.spec.sample_is_complete:
            for path in got.paths:
                with contextlib.suppress(OSError):
                    path.unlink()
        raise


# --- Reading gzip files and unpacking tar archives -------------------------------


def read_gzip(path: Path) -> bytes:
    """Decompress a whole gzip file; :class:`~dltutor.data.core.CorruptFileError` if it is damaged.

    Parameters
    ----------
    path : pathlib.Path
        The gzip file.

    Returns
    -------
    bytes
        The decompressed contents.

    Raises
    ------
    ~dltutor.data.core.CorruptFileError
        If the file cannot be read or is not a complete gzip file.
    """
    try:
        with gzip.open(path, "rb") as fh:
            return fh.read()
    except (EOFError, OSError, zlib.error) as err:
        raise CorruptFileError(
            f"{path} is not a complete gzip file ({err}). Delete it and load the data "
            "again to re-download it, or use source='sample'."
        ) from err


def _member_filter(member: tarfile.TarInfo, dest: str) -> tarfile.TarInfo:
    """tarfile's ``"data"`` filter, which also refuses absolute names.

    (The ``"data"`` filter alone would strip the leading ``/`` and unpack the
    member inside ``dest``; an official archive has no such member.)
    """
    if member.name.startswith(("/", "\\")):
        raise tarfile.AbsolutePathError(member)
    return tarfile.data_filter(member, dest)


def _refusal(err: tarfile.FilterError) -> str:
    """Why tarfile's filter refused a member, in the reader's words."""
    if isinstance(err, tarfile.SpecialFileError):
        return "is a special file (device or pipe)"
    if isinstance(err, (tarfile.AbsoluteLinkError, tarfile.LinkOutsideDestinationError)):
        return "is a link that points outside the extraction folder"
    if isinstance(err, (tarfile.AbsolutePathError, tarfile.OutsideDestinationError)):
        return "would be written outside the extraction folder"
    return f"was refused by tarfile's 'data' filter ({err})"


def safe_extract(archive: Path, dest: Path) -> Path:
    """Unpack tar(.gz) ``archive`` so that its contents end up in ``dest``.

    The archive is unpacked with tarfile's ``"data"`` filter into a temporary
    sibling folder that is renamed to ``dest`` only once every member was
    written, so ``dest`` is either complete or absent. ``dest`` must not exist
    yet (if another process creates it first, its copy is kept).

    Parameters
    ----------
    archive : pathlib.Path
        A tar archive, compressed or not.
    dest : pathlib.Path
        The folder to create; its parent is created if needed.

    Returns
    -------
    pathlib.Path
        ``dest``.

    Raises
    ------
    ~dltutor.data.core.CorruptFileError
        If the archive is truncated or damaged.
    ~dltutor.data.core.UnsafeArchiveError
        If the filter refuses a member: one that would land outside ``dest``,
        a link pointing outside it, or a device or pipe.
    ~dltutor.data.core.DataError
        If this Python's :mod:`tarfile` has no extraction filters.
    """
    if not hasattr(tarfile, "data_filter"):  # pragma: no cover - old Python
        raise DataError(
            "Unpacking archives safely needs tarfile's extraction filters (Python 3.10.12+, "
            "3.11.4+ or 3.12+); upgrade Python, or use a data set that is not an archive."
        )
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{dest.name}.", suffix=".tmp", dir=dest.parent))
    try:
        try:
            with tarfile.open(archive, "r:*") as tar:
                tar.extractall(tmp, filter=_member_filter)
        except tarfile.FilterError as err:
            raise UnsafeArchiveError(
                f"{archive} holds the member {err.tarinfo.name!r}, which {_refusal(err)}; "
                "extraction stopped and nothing was kept. The archive is not the official "
                "one: delete it and download it again, or use source='sample'."
            ) from err
        except (tarfile.TarError, EOFError, zlib.error, OSError) as err:
            raise CorruptFileError(
                f"{archive} is not a complete tar archive ({type(err).__name__}: {err}). "
                "Delete it and load the data again to re-download it, or use source='sample'."
            ) from err
        try:
            os.replace(tmp, dest)
        except OSError:
            # ``dest`` appeared meanwhile: another process extracted the same
            # archive first. Keep its copy; ours is removed below.
            if not dest.is_dir():
                raise
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
    return dest
