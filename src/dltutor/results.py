"""Result records: what a notebook measured, as JSON, for pages and tests.

A notebook calls :func:`record` once per result; the comparison pages and the
tests read the files back.  Two folders hold records:

- the **active** folder, where :func:`record` writes: ``DLTUTOR_RESULTS_DIR``
  when set (the book build and the tests set it), else ``_build/results`` in a
  checkout of the course, else a per-user cache folder;
- the **reference** records of the book's last full build, which ship with
  the package (``results/`` in the repository).  Only the deliberate
  ``make refresh-results`` replaces them; builds and tests never do.

:func:`load_with_fallback` reads the active records and fills any gap from the
reference records, saying which it did.
"""

from __future__ import annotations

import json
import math
import os
import re
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .device import hardware

ENV_VAR = "DLTUTOR_RESULTS_DIR"
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")
_IMPORTED_AT = time.time()  # the run-time clock: see record_run_time
_PACKAGE_DIR = Path(__file__).resolve().parent


def project_root(start: Path | None = None) -> Path | None:
    """The checkout's root (the folder holding ``_toc.yml``), if there is one.

    Parameters
    ----------
    start : pathlib.Path or None, optional
        Where to start looking (default: the current working directory); the
        folder and its parents are searched.

    Returns
    -------
    pathlib.Path or None
        The nearest of them holding both ``_toc.yml`` and ``pyproject.toml``,
        or ``None``.
    """
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "_toc.yml").is_file() and (folder / "pyproject.toml").is_file():
            return folder
    return None


def results_dir() -> Path:
    """The active records folder, where :func:`record` writes.

    Returns
    -------
    pathlib.Path
        ``$DLTUTOR_RESULTS_DIR`` when set, else ``_build/results`` in the
        checkout (see :func:`project_root`), else ``results`` in the
        per-user cache folder ``pooch.os_cache("dltutor")``. It may not exist
        yet.
    """
    override = os.environ.get(ENV_VAR)
    if override:
        return Path(override)
    root = project_root()
    if root is not None:
        return root / "_build" / "results"
    import pooch

    return Path(pooch.os_cache("dltutor")) / "results"


def reference_dir() -> Path:
    """The folder of the reference records, those of the book's last full build.

    Returns
    -------
    pathlib.Path
        ``dltutor/_reference_results`` in an installed wheel, else
        ``results/`` in the checkout.
    """
    shipped = _PACKAGE_DIR / "_reference_results"
    if shipped.is_dir():
        return shipped
    return _PACKAGE_DIR.parents[1] / "results"


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
    """Write one result to ``<chapter>/<name>.json`` and return its path.

    The file goes into the active folder (:func:`results_dir`).  Pass
    whatever was measured (``accuracy=...``, ``train_seconds=...``,
    ``framework=...``, ``profile=...``).  The hardware and a UTC time stamp
    are added.  The file is written atomically, so a crash never leaves half
    a record behind.

    Parameters
    ----------
    chapter : str
        The chapter, the name of the records' folder.
    name : str
        The record's name, the file name without ``.json``.
    **metrics : object
        The measurements. NumPy scalars and arrays and tuples become plain
        JSON values, NaN and infinities ``null``, other objects their
        ``str``.

    Returns
    -------
    pathlib.Path
        The file written.

    Raises
    ------
    ValueError
        If ``chapter`` or ``name`` is not a valid file name (letters, digits,
        ``.``, ``_`` or ``-``).
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

    Only the active folder (:func:`results_dir`) is read.

    Parameters
    ----------
    chapter : str
        The chapter whose records to read.
    name : str or None, optional
        The record to read; ``None`` (default) for all of them.

    Returns
    -------
    dict or list of dict
        The record ``name``, or every record of the chapter in file name
        order.

    Raises
    ------
    ValueError
        If ``chapter`` or ``name`` is not a valid file name (letters, digits,
        ``.``, ``_`` or ``-``).
    FileNotFoundError
        With advice, when nothing was recorded yet.
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


def _read_folder(folder: Path) -> dict[str, dict]:
    return {p.stem: json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.json"))}


def load_with_fallback(
    chapter: str, names: Iterable[str] | None = None
) -> tuple[dict[str, dict], str]:
    """Records of ``chapter`` by name, and a sentence saying where they came from.

    Every record in the active folder is used; a name in ``names`` (default:
    every reference record of the chapter) that the active folder lacks is
    taken from the reference records of the book's last full build, and the
    sentence says which ones.

    Parameters
    ----------
    chapter : str
        The chapter whose records to read.
    names : iterable of str or None, optional
        The records that must be there; ``None`` (default) for every
        reference record of the chapter.

    Returns
    -------
    records : dict[str, dict]
        The records, by name.
    note : str
        Where they came from, for the page to show.

    Raises
    ------
    ValueError
        If ``chapter`` is not a valid folder name.
    FileNotFoundError
        If a name in ``names`` is in neither folder.
    """
    _check_name("chapter", chapter)
    active_folder = results_dir() / chapter
    reference = _read_folder(reference_dir() / chapter)
    records = _read_folder(active_folder)
    wanted = list(names) if names is not None else sorted(reference)
    borrowed = [name for name in wanted if name not in records and name in reference]
    missing = [name for name in wanted if name not in records and name not in reference]
    if missing:
        raise FileNotFoundError(
            f"No record {', '.join(missing)} for chapter {chapter!r} in {active_folder} "
            "or in the reference records. Run the chapter's notebooks first."
        )
    records.update({name: reference[name] for name in borrowed})
    own = len(records) - len(borrowed)
    note = f"Read {own} records from {active_folder}."
    if borrowed:
        note += (
            f" {len(borrowed)} were missing there ({', '.join(borrowed)}), so this page shows "
            "the reference records of the book's last full build for those; run the "
            "chapter's notebooks to replace them with your own."
        )
    return records, note


def _run_time_name(notebook: str, variant: str | None) -> str:
    return _check_name("notebook", f"runtime-{notebook}" + (f"-{variant}" if variant else ""))


def record_run_time(chapter: str, notebook: str, variant: str | None = None) -> Path:
    """Record how long this notebook took: seconds since ``dltutor.results`` was imported.

    Call it in the last cell; the notebook's top cell imports this module (for
    :func:`print_run_time`), which starts the clock.  The record is named
    ``runtime-<notebook>`` or ``runtime-<notebook>-<variant>`` and holds
    ``notebook``, ``variant`` and ``seconds`` (to 0.1 s).

    Parameters
    ----------
    chapter : str
        The chapter's records folder.
    notebook : str
        The notebook's name.
    variant : str or None, optional
        The variant run, for a notebook run in several (e.g. one per
        framework); ``None`` (default) for none.

    Returns
    -------
    pathlib.Path
        The record's file, see :func:`record`.

    Raises
    ------
    ValueError
        If ``chapter`` or the record name is not a valid file name.
    """
    seconds = time.time() - _IMPORTED_AT
    return record(chapter, _run_time_name(notebook, variant), notebook=notebook,
                  variant=variant, seconds=round(seconds, 1))


def run_time_sentence(chapter: str, notebook: str, variant: str | None = None) -> str:
    """One sentence giving the run time measured in the book's last full build.

    It is read from the reference records (see :func:`record_run_time`).

    Parameters
    ----------
    chapter, notebook, variant
        As for :func:`record_run_time`.

    Returns
    -------
    str
        The run time, the date and the machine's CPU, or a sentence saying it
        was not measured yet.

    Raises
    ------
    ValueError
        If the record name is not a valid file name.
    """
    path = reference_dir() / chapter / f"{_run_time_name(notebook, variant)}.json"
    if not path.is_file():
        return ("Run time: not measured yet; the book's full build records it at the end "
                "of this notebook.")
    rec = json.loads(path.read_text(encoding="utf-8"))
    hw = rec.get("hardware", {})
    seconds = rec["seconds"]
    shown = f"{seconds:.0f} s" if seconds < 120 else f"{seconds / 60:.1f} min"
    return (
        f"Run time: {shown} in the book's last full build ({rec.get('recorded_at', '?')[:10]}, "
        f"{hw.get('cpu_count', '?')} CPU cores: {hw.get('cpu', 'unknown CPU')}); "
        "yours depends on your machine."
    )


def print_run_time(chapter: str, notebook: str, variant: str | None = None) -> None:
    """Print :func:`run_time_sentence` (the first code cell of every notebook calls it).

    Parameters
    ----------
    chapter, notebook, variant
        As for :func:`record_run_time`.
    """
    print(run_time_sentence(chapter, notebook, variant))
