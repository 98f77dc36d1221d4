"""Reading gzip files and unpacking tar archives safely.

* :func:`read_gzip` turns truncated or damaged gzip data into a
  :class:`CorruptFileError` instead of a bare ``EOFError``.
* :func:`safe_extract` checks *every* member of a tar archive before writing
  anything (no absolute paths, no ``..``, no links pointing outside, no
  device files), unpacks into a temporary folder next to the destination and
  moves it into place with :func:`os.replace`, so the destination is either
  complete or absent.
"""

from __future__ import annotations

import gzip
import os
import posixpath
import shutil
import tarfile
import tempfile
import zlib
from pathlib import Path

from .errors import CorruptFileError, UnsafeArchiveError

__all__ = ["check_members", "read_gzip", "safe_extract"]


def read_gzip(path: Path) -> bytes:
    """Decompress a whole gzip file; :class:`CorruptFileError` if it is damaged."""
    try:
        with gzip.open(path, "rb") as fh:
            return fh.read()
    except (EOFError, OSError, zlib.error) as err:
        raise CorruptFileError(
            f"{path} is not a complete gzip file ({err}). Delete it and load the data "
            "again to re-download it, or use source='sample'."
        ) from err


def _is_outside(name: str) -> bool:
    """Whether a (POSIX) member path escapes the folder it is unpacked into."""
    if name.startswith(("/", "\\")) or (len(name) > 1 and name[1] == ":"):
        return True
    norm = posixpath.normpath(name.replace("\\", "/"))
    return norm == ".." or norm.startswith("../")


def check_members(members: list[tarfile.TarInfo], archive: Path | str = "archive") -> None:
    """Raise :class:`UnsafeArchiveError` if any member could escape its folder."""
    for m in members:
        if _is_outside(m.name):
            raise UnsafeArchiveError(
                f"{archive} contains the member {m.name!r}, which would be written "
                "outside the extraction folder; nothing was extracted. The archive is "
                "not the official one: delete it and download it again."
            )
        if m.issym() or m.islnk():
            target = m.linkname
            if m.issym():
                target = posixpath.join(posixpath.dirname(m.name), target)
            if target.startswith("/") or _is_outside(target):
                kind = "symlink" if m.issym() else "hard link"
                raise UnsafeArchiveError(
                    f"{archive} contains a {kind} {m.name!r} -> {m.linkname!r} that points "
                    "outside the extraction folder; nothing was extracted. The archive is "
                    "not the official one: delete it and download it again."
                )
        elif not (m.isfile() or m.isdir()):
            raise UnsafeArchiveError(
                f"{archive} contains the special file {m.name!r} (device or pipe); "
                "nothing was extracted. The archive is not the official one."
            )


def safe_extract(archive: Path, dest: Path) -> Path:
    """Unpack tar(.gz) ``archive`` so that its contents end up in ``dest``.

    ``dest`` is created atomically: the archive is unpacked into a temporary
    sibling folder that is renamed to ``dest`` only after every member was
    written. ``dest`` must not exist yet (if another process creates it
    first, its copy is kept). Raises :class:`CorruptFileError` for a truncated or damaged
    archive and :class:`UnsafeArchiveError` for a member escaping ``dest``.
    """
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{dest.name}.", suffix=".tmp", dir=dest.parent))
    try:
        try:
            with tarfile.open(archive, "r:*") as tar:
                members = tar.getmembers()  # reads the whole archive: finds truncation
                check_members(members, archive)
                if hasattr(tarfile, "data_filter"):
                    tar.extractall(tmp, members=members, filter="data")
                else:  # pragma: no cover - Python < 3.11.4
                    tar.extractall(tmp, members=members)  # noqa: S202 - checked above
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
