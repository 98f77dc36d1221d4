"""The ``dltutor`` wheel the notebooks import when the tests and the book run them.

A learner in Colab ``pip install``-s ``dltutor`` and has no checkout; the
course runs its notebooks the same way: against the wheel built from the
checkout, installed into a folder of its own (:func:`wheel_site`) that the
kernel gets on ``PYTHONPATH``, never against ``src/``.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

from . import layout

__all__ = ["package_hash", "wheel_site"]


def _package_files(root: Path, *, reference: bool) -> list[Path]:
    files = [root / "pyproject.toml", *(root / "src").rglob("*.py"),
             *(p for p in (root / "data" / "samples").rglob("*") if p.is_file())]
    if reference:
        files += (root / "results").rglob("*.json")
    return sorted(files)


def package_hash(*, reference: bool = True, root: Path | None = None) -> str:
    """SHA-256 over what goes into the wheel: code, samples and (with ``reference``) records."""
    root = layout.ROOT if root is None else root
    digest = hashlib.sha256()
    for path in _package_files(root, reference=reference):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def wheel_site() -> Path:
    """A folder holding the ``dltutor`` wheel built from this checkout, installed.

    Rebuilt when the package's files changed (:func:`package_hash`). Safe
    under pytest-xdist: the first process builds it while the others wait
    on a lock.
    """
    from filelock import FileLock

    folder = layout.WHEEL_DIR
    site, stamp = folder / "site", folder / "built"
    folder.mkdir(parents=True, exist_ok=True)
    with FileLock(str(folder / "lock")):
        wanted = package_hash()
        if stamp.is_file() and stamp.read_text(encoding="utf-8") == wanted:
            return site
        shutil.rmtree(folder / "dist", ignore_errors=True)
        shutil.rmtree(site, ignore_errors=True)
        pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
        subprocess.run([*pip, "wheel", "--no-deps", "--no-build-isolation",
                        "-w", str(folder / "dist"), str(layout.ROOT)], check=True)
        (wheel,) = (folder / "dist").glob("dltutor-*.whl")
        subprocess.run([*pip, "install", "--no-deps", "--no-compile", "--target", str(site),
                        str(wheel)], check=True)
        stamp.write_text(wanted, encoding="utf-8")
    return site
