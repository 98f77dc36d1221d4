"""Build the book: run its notebooks once each, then let Jupyter Book assemble the pages.

The notebooks are never executed by Sphinx. ``make book`` (``python -m
dltutor.book.build``)

1. runs every run of :func:`dltutor.book.runs.all_runs` in table-of-contents
   order (a chapter's comparison page comes after its notebooks, each Keras
   notebook's torch variant right after it) with the same runner as the tests,
   :func:`dltutor.book.execute.execute_run`, but with the notebooks' own
   parameter values; a run is cached in ``_build/book/runs/<slug>`` under a
   key made of the notebook, its parameters, the package
   (:func:`dltutor.book.wheel.package_hash`) and, for a page that reads a
   chapter's records, those records: nothing unchanged runs again;
2. gathers every run's records in ``_build/results``, which the comparison
   pages read;
3. assembles a source tree (``_config.yml`` with execution off, ``_toc.yml``,
   ``book/`` and the executed notebooks at their paths) and builds it with
   ``jupyter-book build --all -W --keep-going`` into ``_build/html``: every
   page is read again each time (about 15 s, nothing executes), so no page
   can keep an old citation, cross-reference or record;
4. fails if an executed page shows framework log noise.

``--smoke`` builds the smoke book instead: the same tree made from the
notebooks the tests executed (``_build/executed``), into
``_build/smoke/src/_build/html``, running nothing.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import yaml

from . import layout
from .execute import execute_run
from .noise import check_folder
from .runs import Run, all_runs

__all__ = ["BookBuildError", "assemble", "build_book", "run_book_notebooks", "smoke_config"]

#: Copied as they are into the assembled tree, next to the notebooks.
COPIED = ("_config.yml", "_toc.yml", "book")
SMOKE_SRC = layout.SMOKE_BOOK / "src"
SMOKE_MANIFEST = layout.SMOKE_BOOK / "manifest.json"
BOOK_SRC = layout.BUILD / "book" / "src"
BOOK_RESULTS = layout.BUILD / "results"


class BookBuildError(RuntimeError):
    """The book cannot be assembled (a notebook has no executed copy)."""


# --- running the notebooks ----------------------------------------------------------------------

def _records_hash(chapter: str) -> str:
    digest = hashlib.sha256()
    for path in sorted((BOOK_RESULTS / chapter).glob("*.json")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def cache_key(run: Run, package: str) -> str:
    """What a book run depends on: notebook, parameters, package and the records it reads."""
    parts = {"notebook": hashlib.sha256((layout.ROOT / run.path).read_bytes()).hexdigest(),
             "parameters": run.book_parameters, "package": package}
    chapter = run.settings.reads_records
    if chapter:
        parts["records"] = _records_hash(chapter)
    return hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()


def _merge_records(source: Path) -> None:
    if source.is_dir():
        shutil.copytree(source, BOOK_RESULTS, dirs_exist_ok=True)


def run_book_notebooks(*, timeout: int = 3600, log: Callable[[str], None] = print) -> list[Path]:
    """Run (or take from the cache) every run of the book, in order; returns the executed notebooks."""
    from .wheel import package_hash

    package_key = package_hash(reference=False)
    executed = []
    for run in all_runs():
        folder = layout.BOOK_RUNS / run.slug
        key = cache_key(run, package_key)
        key_file = folder / "key"
        if key_file.is_file() and key_file.read_text(encoding="utf-8") == key:
            log(f"cached  {run.id}")
        else:
            partial = folder.with_name(folder.name + ".partial")
            shutil.rmtree(partial, ignore_errors=True)
            reader = run.settings.reads_records is not None
            done = execute_run(run, partial, parameters=run.book_parameters,
                               env=layout.kernel_env(book=True), timeout=timeout,
                               results=BOOK_RESULTS if reader else None)
            (partial / "key").write_text(key, encoding="utf-8")
            shutil.rmtree(partial / "alone")
            shutil.rmtree(folder, ignore_errors=True)
            partial.rename(folder)
            log(f"ran     {run.id} in {done.seconds:.0f} s")
        _merge_records(folder / "results")
        executed.append(folder / "executed.ipynb")
    return executed


# --- assembling and building -------------------------------------------------------------------

def smoke_config(config_text: str) -> str:
    """``_config.yml`` text with notebook execution turned off."""
    config = yaml.safe_load(config_text)
    config.setdefault("execute", {})["execute_notebooks"] = "off"
    header = "# Written by dltutor.book.build: _config.yml with notebook execution off.\n"
    return header + yaml.safe_dump(config, sort_keys=False, allow_unicode=True)


def assemble(src: Path, executed: dict[str, Path]) -> None:
    """Write the source tree ``src``: configuration, prose pages, and each notebook's executed copy.

    ``executed`` maps every notebook of ``_toc.yml`` (its path) to its executed copy.
    """
    missing = [nb for nb in layout.toc_notebooks() if nb not in executed]
    if missing:
        raise BookBuildError(f"no executed copy of {', '.join(missing)}")
    if src.exists():
        shutil.rmtree(src)  # a clean tree each time: no page survives from an older build
    src.mkdir(parents=True)
    for name in COPIED:
        source = layout.ROOT / name
        if source.is_dir():
            shutil.copytree(source, src / name, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
        else:
            shutil.copy2(source, src / name)
    (src / "_config.yml").write_text(
        smoke_config((layout.ROOT / "_config.yml").read_text(encoding="utf-8")), encoding="utf-8")
    for page in layout.toc_sources():
        target = src / page
        if target.exists():
            continue  # already copied with book/
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(executed.get(page.as_posix(), layout.ROOT / page), target)


def jupyter_book() -> str:
    """The ``jupyter-book`` command of the running Python's environment."""
    beside = Path(sys.executable).with_name("jupyter-book")
    return str(beside) if beside.exists() else (shutil.which("jupyter-book") or "jupyter-book")


def build_book(src: Path, *, path_output: Path | None = None, results: Path = BOOK_RESULTS) -> int:
    """Run ``jupyter-book build --all -W --keep-going`` on ``src``; returns its exit status.

    ``--all`` reads every page again: Sphinx's incremental build keeps a page
    that did not change even when what it cites did (a new bibliography file,
    say), and with execution off a full read takes seconds.
    """
    env = {**os.environ, "DLTUTOR_RESULTS_DIR": str(results), **layout.kernel_env(book=True)}
    command = [jupyter_book(), "build", str(src), "--builder", "html", "--all", "-W", "--keep-going"]
    if path_output is not None:
        command += ["--path-output", str(path_output)]
    return subprocess.run(command, env=env, cwd=src, check=False).returncode


def book(*, timeout: int = 3600) -> int:
    """``make book``: run the notebooks (cached), assemble, build into ``_build/html``."""
    start = time.perf_counter()
    run_book_notebooks(timeout=timeout)
    executed = {run.path: layout.BOOK_RUNS / run.slug / "executed.ipynb"
                for run in all_runs() if not run.extra}
    noisy = check_folder(layout.BOOK_RUNS)
    for path, lines in noisy.items():
        print(f"{path}: framework log noise would reach readers: {lines[0][:160]}", file=sys.stderr)
    assemble(BOOK_SRC, executed)
    status = build_book(BOOK_SRC, path_output=layout.ROOT)
    print(f"book {'built' if status == 0 else 'FAILED'} in {time.perf_counter() - start:.0f} s: "
          f"{(layout.BUILD / 'html' / 'index.html').relative_to(layout.ROOT)}")
    return status or (1 if noisy else 0)


def smoke_book() -> int:
    """The smoke book, from the tests' executed copies in ``_build/executed``; runs nothing."""
    executed = {nb: layout.EXECUTED / nb for nb in layout.toc_notebooks()
                if (layout.EXECUTED / nb).is_file()}
    try:
        assemble(SMOKE_SRC, executed)
    except BookBuildError as err:
        print(f"{err}: run the notebook tests first (make test, or "
              ".venv/bin/pytest tests/test_notebooks.py); they keep every executed notebook in "
              f"{layout.EXECUTED.relative_to(layout.ROOT)}", file=sys.stderr)
        return 2
    SMOKE_MANIFEST.write_text(json.dumps({"executed": sorted(executed)}, indent=1) + "\n",
                              encoding="utf-8")
    return build_book(SMOKE_SRC, results=layout.SMOKE_BOOK / "results")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dltutor.book.build",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--smoke", action="store_true",
                        help="build the smoke book from the tests' executed notebooks instead")
    parser.add_argument("--timeout", type=int, default=3600, help="seconds per notebook cell")
    args = parser.parse_args(argv)
    return smoke_book() if args.smoke else book(timeout=args.timeout)


if __name__ == "__main__":
    sys.exit(main())
