"""Choosing between the full data and the bundled sample.

:func:`obtain` implements the three sources shared by every loader:

* ``"sample"``: the files bundled with the course;
* ``"full"``: the official files, from the cache or downloaded;
* ``"auto"``: ``"full"`` when cached or downloadable, otherwise the sample
  with a one-line :class:`SampleDataWarning`.
"""

from __future__ import annotations

import contextlib
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .download import fetch
from .errors import ChecksumError, DataError, DataUnavailableError, SampleDataWarning
from .sources import DatasetSpec, cache_dir, get_spec, resolve_source, sample_paths

__all__ = ["Obtained", "discard_on_error", "obtain"]


@dataclass(frozen=True)
class Obtained:
    """The files to parse and where they came from."""

    source: str  # "full" or "sample"
    paths: list[Path]
    spec: DatasetSpec

    @property
    def location(self) -> str:
        """Folder the files live in (for :class:`DataInfo`)."""
        return str(self.paths[0].parent) if self.paths else ""


def obtain(name: str, source: str | None, *, loader: str) -> Obtained:
    """Resolve ``source`` for data set ``name``; see the module docstring.

    ``loader`` is the public function's name, used in messages.
    """
    src = resolve_source(source)
    spec = get_spec(name)
    if spec.sample_is_complete:
        return Obtained("full", sample_paths(spec), spec)
    if src == "sample":
        return Obtained("sample", sample_paths(spec), spec)
    try:
        return Obtained("full", [fetch(spec, f) for f in spec.files], spec)
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

    Bundled samples are never deleted.
    """
    try:
        yield
    except DataError:
        if got.source == "full" and not got.spec.sample_is_complete:
            for path in got.paths:
                with contextlib.suppress(OSError):
                    path.unlink()
        raise
