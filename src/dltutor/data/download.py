"""Downloading official files into the cache with :mod:`pooch`.

Each file is tried at every mirror of its data set, in order (see
:func:`dltutor.data.sources.mirrors` for overriding them). Pooch streams to
a temporary file in the cache folder, checks the checksum and only then
moves it into place, so an interrupted or corrupt download never leaves a
file behind under the final name.
"""

from __future__ import annotations

import logging
from pathlib import Path

from .errors import ChecksumError, DataUnavailableError
from .sources import DatasetSpec, cache_dir, mirrors

__all__ = ["cached_path", "fetch", "file_matches"]

#: Seconds to wait for a mirror to answer before trying the next one.
TIMEOUT_S = 30


def file_matches(path: Path, known_hash: str) -> bool:
    """Whether ``path`` exists and has checksum ``known_hash`` (``"alg:hex"``)."""
    import pooch

    if not path.is_file():
        return False
    alg, _, expected = known_hash.partition(":")
    return pooch.file_hash(str(path), alg=alg).lower() == expected.lower()


def cached_path(spec: DatasetSpec, filename: str) -> Path | None:
    """The cached copy of ``filename`` if present with the right checksum."""
    path = cache_dir(spec) / filename
    return path if file_matches(path, spec.files[filename]) else None


def _join(base: str, filename: str) -> str:
    return base if base.endswith("/" + filename) else base.rstrip("/") + "/" + filename


def fetch(spec: DatasetSpec, filename: str, *, progressbar: bool = True) -> Path:
    """Return the cached path of ``filename``, downloading it if needed.

    Raises :class:`ChecksumError` when a mirror served a file with the wrong
    checksum (and no other mirror served the right one), and
    :class:`DataUnavailableError` when no mirror could be reached.
    """
    import pooch
    import requests

    known_hash = spec.files[filename]
    folder = cache_dir(spec)
    hit = cached_path(spec, filename)
    if hit is not None:
        return hit
    urls = [_join(base, filename) for base in mirrors(spec)]
    if not urls:
        raise DataUnavailableError(f"No download mirror is configured for {spec.title}.")
    folder.mkdir(parents=True, exist_ok=True)
    failures: list[str] = []
    bad_checksum: list[str] = []
    logger = pooch.get_logger()
    old_level = logger.level
    logger.setLevel(logging.WARNING)  # we print our own, shorter messages
    try:
        for url in urls:
            try:
                path = pooch.retrieve(
                    url=url,
                    known_hash=known_hash,
                    fname=filename,
                    path=folder,
                    progressbar=progressbar,
                    downloader=pooch.HTTPDownloader(progressbar=progressbar, timeout=TIMEOUT_S),
                )
                return Path(path)
            except ValueError as err:
                if "hash" in str(err).lower():
                    bad_checksum.append(url)
                    failures.append(f"{url}: wrong checksum")
                else:
                    failures.append(f"{url}: {err}")
            except (requests.RequestException, OSError) as err:
                failures.append(f"{url}: {type(err).__name__}: {_short(err)}")
    finally:
        logger.setLevel(old_level)
    if bad_checksum:
        raise ChecksumError(
            f"{filename} downloaded from {', '.join(bad_checksum)} does not have the "
            f"published checksum {known_hash}; the file was discarded. The mirror may "
            "serve a changed or damaged copy: try again later, or use source='sample' "
            "for the bundled sample. Attempts: " + "; ".join(failures)
        )
    raise DataUnavailableError(
        f"Could not download {filename} for {spec.title} from any mirror ("
        + "; ".join(failures)
        + f"). Check your internet connection, or copy the official file to {folder}, "
        "or use source='sample'."
    )


def _short(err: BaseException, limit: int = 160) -> str:
    text = " ".join(str(err).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."
