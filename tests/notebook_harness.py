"""Which notebooks the suite executes, with which parameters, and how.

Every notebook listed in ``_toc.yml`` is executed once, the way a learner
runs it in Colab: copied alone into an empty folder, importing the
``dltutor`` wheel built from this checkout (not the source tree), on the
bundled sample data.  A notebook's ``parameters`` cell holds the reader's
real values; a chapter passes smaller ones for the tests with :func:`smoke`,
adds assertions with :func:`check` and extra runs (e.g. the Keras notebook on
the torch backend) with :func:`variant`, in a module of ``tests/nbchecks/``.

In ``make test`` nbval is what executes them (:mod:`tests.nbval_inputs`
writes the copies with their smoke values, :mod:`tests.nbval_capture` keeps
each run's outputs and records), once per run: nbval compares the checked
cells and the checks read the same run through :func:`executed_by_nbval`.
Run alone (``pytest tests/test_notebooks.py``), the tests execute each
notebook themselves with papermill (:func:`execute`).

The executed copy of each notebook's main run is kept in
``_build/executed/<path>``; the smoke build of the book and the browser test
use those instead of running the notebooks again.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat

from dltutor.book.toc import toc_files
from dltutor.timing import THREAD_VARS

ROOT = Path(__file__).resolve().parents[1]
BUILD = ROOT / "_build"
EXECUTED = BUILD / "executed"
#: nbval's runs: ``<slug>/executed.ipynb`` and ``<slug>/results`` per run, and the manifest.
RUNS_DIR = BUILD / "runs"
MANIFEST = RUNS_DIR / "manifest.json"
#: Set (by ``make test``) when nbval has executed every run: the checks read those runs.
EXECUTED_BY_NBVAL = "DLTUTOR_EXECUTED_BY_NBVAL"
WHEEL_DIR = BUILD / "wheel"
#: Environment every test run of a notebook gets (the book build sets the same logging).
#: Figures use the inline backend, as in JupyterLab, so the executed copies keep them.
#: One compute thread per kernel: the tests run two notebooks at a time on two
#: cores, and two-thread pools on busy cores spend their time waiting for each other.
ONE_THREAD = {name: "1" for name in THREAD_VARS}
KERNEL_ENV = {"DLTUTOR_DATA": "sample", "MPLBACKEND": "module://matplotlib_inline.backend_inline",
              "TF_CPP_MIN_LOG_LEVEL": "2", "PYDEVD_DISABLE_FILE_VALIDATION": "1", **ONE_THREAD}


def toc_notebooks() -> list[str]:
    """Notebook paths (relative to the root, with suffix) listed in ``_toc.yml``."""
    entries = toc_files(ROOT / "_toc.yml")
    return [f"{entry}.ipynb" for entry in entries if (ROOT / f"{entry}.ipynb").is_file()]


# --- registries filled by tests/nbchecks -------------------------------------------

SMOKE: dict[str, dict[str, Any]] = {}


def smoke(path: str, **parameters: Any) -> None:
    """The small parameter values the tests run ``path`` with (the cell keeps the real ones)."""
    SMOKE[path] = parameters


#: Notebooks that measure wall time. The tests run them alone, after the
#: parallel ones, so another notebook cannot share their cores.
TIMED: set[str] = set()


def timed(path: str) -> None:
    """Mark ``path`` as measuring time: ``make test`` runs it with nothing else running."""
    TIMED.add(path)


@dataclass(frozen=True)
class NotebookRun:
    """One execution: a notebook and the extra parameters of a variant run."""

    path: str
    extra: tuple[tuple[str, Any], ...] = ()

    @property
    def id(self) -> str:
        added = ",".join(f"{k}={v}" for k, v in self.extra)
        return self.path + (f"[{added}]" if added else "")

    @property
    def slug(self) -> str:
        """A folder name for this run, e.g. ``mnist-keras-backend-torch``."""
        name = self.id.removeprefix("notebooks/").replace(".ipynb", "")
        return re.sub(r"[^A-Za-z0-9_.]+", "-", name).strip("-")

    @property
    def nbval_notebook(self) -> Path:
        """Where :mod:`tests.nbval_capture` writes this run's executed notebook."""
        return RUNS_DIR / self.slug / "executed.ipynb"

    @property
    def nbval_results(self) -> Path:
        """The records folder this run's kernel gets in the nbval run."""
        return RUNS_DIR / self.slug / "results"

    @property
    def parameters(self) -> dict[str, Any]:
        """Smoke values of the notebook, then the variant's own."""
        return {**SMOKE.get(self.path, {}), **dict(self.extra)}


Check = Callable[["ExecutedNotebook"], None]
CHECKS: dict[str, list[Check]] = {}
VARIANTS: list[NotebookRun] = []


def check(path: str, **extra: Any) -> Callable[[Check], Check]:
    """Register ``fn`` to run on the execution of ``path`` (the variant given by ``extra``)."""
    key = NotebookRun(path, tuple(sorted(extra.items()))).id

    def register(fn: Check) -> Check:
        CHECKS.setdefault(key, []).append(fn)
        return fn

    return register


def variant(path: str, **extra: Any) -> NotebookRun:
    """Also execute ``path`` with these parameters on top of its smoke values."""
    run = NotebookRun(path, tuple(sorted(extra.items())))
    VARIANTS.append(run)
    return run


def all_runs() -> list[NotebookRun]:
    """Every toc notebook once, plus the registered variants."""
    import tests.nbchecks  # noqa: F401  (registers smoke values, checks and variants)

    runs = [NotebookRun(p) for p in toc_notebooks()]
    return runs + [v for v in VARIANTS if v not in runs]


# --- what a check receives ------------------------------------------------------------

@dataclass
class ExecutedNotebook:
    """The executed notebook and the records it wrote."""

    run: NotebookRun
    notebook: Any
    results_dir: Path
    seconds: float

    def record(self, chapter: str, name: str) -> dict:
        """The record ``<chapter>/<name>.json`` this run wrote."""
        path = self.results_dir / chapter / f"{name}.json"
        assert path.is_file(), f"{self.run.id} did not record {chapter}/{name}"
        return json.loads(path.read_text(encoding="utf-8"))

    def cell_text(self, tag: str | None = None) -> str:
        """All text output of the cells tagged ``tag`` (of every cell if ``None``)."""
        parts = []
        for cell in self.notebook.cells:
            if tag is None or tag in cell.get("metadata", {}).get("tags", []):
                for out in cell.get("outputs", []):
                    if out.get("output_type") == "stream":
                        parts.append(out["text"])
                    elif "data" in out and "text/plain" in out["data"]:
                        parts.append(out["data"]["text/plain"])
        return "".join(parts)


def printed_number(pattern: str, text: str) -> float:
    """The number that ``pattern``'s first group matches in ``text`` (thousands commas allowed)."""
    found = re.search(pattern, text)
    assert found, f"no match for {pattern!r} in:\n{text}"
    return float(found.group(1).replace(",", ""))


# --- the wheel the notebooks import -----------------------------------------------------

def _newest_source_mtime() -> float:
    sources = [ROOT / "pyproject.toml", *(ROOT / "src").rglob("*.py"),
               *(p for p in (ROOT / "data" / "samples").rglob("*") if p.is_file()),
               *(p for p in (ROOT / "results").rglob("*.json"))]
    return max(p.stat().st_mtime for p in sources)


def wheel_site() -> Path:
    """A folder holding the ``dltutor`` wheel built from this checkout, installed.

    Rebuilt when a source file is newer than it. Safe under pytest-xdist: the
    first worker builds it while the others wait on a lock.
    """
    from filelock import FileLock

    site = WHEEL_DIR / "site"
    stamp = WHEEL_DIR / "built"
    WHEEL_DIR.mkdir(parents=True, exist_ok=True)
    with FileLock(str(WHEEL_DIR / "lock")):
        if stamp.is_file() and stamp.stat().st_mtime >= _newest_source_mtime():
            return site
        shutil.rmtree(WHEEL_DIR / "dist", ignore_errors=True)
        shutil.rmtree(site, ignore_errors=True)
        pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
        subprocess.run([*pip, "wheel", "--no-deps", "--no-build-isolation",
                        "-w", str(WHEEL_DIR / "dist"), str(ROOT)], check=True)
        (wheel,) = (WHEEL_DIR / "dist").glob("dltutor-*.whl")
        subprocess.run([*pip, "install", "--no-deps", "--no-compile", "--target", str(site),
                        str(wheel)], check=True)
        stamp.touch()
    return site


# --- running a notebook ---------------------------------------------------------------------

def execute(
    run: NotebookRun,
    tmp_path: Path,
    *,
    full: bool = False,
    data: str = "sample",
    timeout: int = 600,
) -> ExecutedNotebook:
    """Run ``run`` as a learner would: alone in an empty folder, against the built wheel.

    With ``full`` the notebook keeps the values of its parameters cell (only
    a variant's own parameters are passed), else it gets its smoke values.
    ``data`` sets ``DLTUTOR_DATA``. Records go to ``tmp_path/results``. The
    main smoke run of a notebook is also saved to ``_build/executed/<path>``
    for the smoke book.
    """
    from dltutor.book.execute import run_notebook

    alone = tmp_path / "alone"
    alone.mkdir()
    copy = alone / Path(run.path).name
    shutil.copyfile(ROOT / run.path, copy)
    results = tmp_path / "results"
    env = {**KERNEL_ENV, "DLTUTOR_DATA": data, "DLTUTOR_RESULTS_DIR": str(results),
           "PYTHONPATH": str(wheel_site())}
    parameters = dict(run.extra) if full else run.parameters
    start = time.perf_counter()
    executed = run_notebook(copy, alone / "executed.ipynb", cwd=alone, env=env, timeout=timeout,
                            **parameters)
    seconds = time.perf_counter() - start
    if not run.extra and not full:
        target = EXECUTED / run.path
        target.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(executed, target)
    return ExecutedNotebook(run, executed, results, seconds)


def executed_by_nbval(run: NotebookRun) -> ExecutedNotebook:
    """The run nbval executed (``make nbval``), with its records, for the checks."""
    path = run.nbval_notebook
    assert path.is_file(), f"nbval did not execute {run.id} (no {path}): run `make nbval` first"
    notebook = nbformat.read(path, as_version=4)
    meta = notebook.metadata["dltutor_test_run"]
    assert not meta["failed_cells"], f"{run.id}: nbval failed on cells {meta['failed_cells']}"
    return ExecutedNotebook(run, notebook, run.nbval_results, meta["seconds"])


def executed_run(run: NotebookRun, tmp_path: Path) -> ExecutedNotebook:
    """nbval's execution of ``run`` when ``make test`` made one, else a fresh papermill run."""
    if os.environ.get(EXECUTED_BY_NBVAL):
        return executed_by_nbval(run)
    return execute(run, tmp_path)


def read_notebook(path: Path) -> Any:
    """Read a notebook as nbformat v4."""
    return nbformat.read(path, as_version=4)

