"""Result records: what a notebook measured, as JSON, for pages and tests.

A notebook calls :func:`record` once per result; the comparison pages and the
tests read the files back with :func:`load`.  Records go to
``results/<chapter>/<name>.json`` under the project root, or under
``DLTUTOR_RESULTS_DIR`` when that is set (the tests point it at a temporary
folder so they never overwrite the book's records).
"""

from __future__ import annotations

import json
import math
import os
import re
import tempfile
import time
from pathlib import Path
from typing import Any

from .device import hardware

ENV_VAR = "DLTUTOR_RESULTS_DIR"
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


def project_root(start: Path | None = None) -> Path | None:
    """The checkout's root (the folder holding ``_toc.yml``), if there is one."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "_toc.yml").is_file() and (folder / "pyproject.toml").is_file():
            return folder
    return None


def results_dir() -> Path:
    """Folder that holds the records: ``DLTUTOR_RESULTS_DIR``, else ``<root>/results``."""
    override = os.environ.get(ENV_VAR)
    if override:
        return Path(override)
    root = project_root()
    return (root or Path.cwd()) / "results"


def _check_name(kind: str, value: str) -> str:
    if not _NAME.match(value):
        raise ValueError(
            f"Invalid {kind} {value!r}: use letters, digits, '.', '_' or '-' "
            "(it becomes a file name)."
        )
    return value


def _jsonable(value: Any) -> Any:
    """Turn NumPy scalars and arrays and tuples into plain JSON values."""
    if hasattr(value, "tolist"):
        value = value.tolist()
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v) for v in value]
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, (str, int, float, bool)) or value is None:
        return value
    return str(value)


def record(chapter: str, name: str, **metrics: Any) -> Path:
    """Write one result to ``results/<chapter>/<name>.json`` and return its path.

    Pass whatever was measured (``accuracy=...``, ``train_seconds=...``,
    ``framework=...``, ``profile=...``).  The hardware and a UTC time stamp
    are added.  The file is written atomically, so a crash never leaves half
    a record behind.
    """
    folder = results_dir() / _check_name("chapter", chapter)
    folder.mkdir(parents=True, exist_ok=True)
    data = {
        "chapter": chapter,
        "name": _check_name("name", name),
        **_jsonable(metrics),
        "hardware": hardware(),
        "recorded_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    target = folder / f"{name}.json"
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(data, fh, indent=2, sort_keys=True)
            fh.write("\n")
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes private files; records are not
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def load(chapter: str, name: str | None = None) -> Any:
    """Read the records of ``chapter``: one dict if ``name`` is given, else a list.

    Raises ``FileNotFoundError`` with advice when nothing was recorded yet.
    """
    folder = results_dir() / _check_name("chapter", chapter)
    if name is not None:
        path = folder / f"{_check_name('name', name)}.json"
        if not path.is_file():
            raise FileNotFoundError(
                f"No result {name!r} for chapter {chapter!r} in {folder}. "
                "Run the notebook that records it first."
            )
        return json.loads(path.read_text(encoding="utf-8"))
    paths = sorted(folder.glob("*.json"))
    if not paths:
        raise FileNotFoundError(
            f"No results for chapter {chapter!r} in {folder}. "
            "Run the chapter's notebooks first."
        )
    return [json.loads(p.read_text(encoding="utf-8")) for p in paths]
