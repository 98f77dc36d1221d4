"""Build the smoke book: the book's pages made from the notebooks the tests executed.

The notebook tests (``pytest tests -m notebooks``) run every notebook of the
book once with its smoke values and keep each executed copy, outputs
included, in ``_build/executed/<path in the repository>``. This tool puts a
source tree together in ``_build/smoke/src/`` (``_config.yml``, ``_toc.yml``,
``book/`` and those executed copies at their notebook paths) and builds it
with Jupyter Book with notebook execution turned off, so nothing runs again:

    python tools/build_smoke_book.py        # or: make book-smoke

The HTML lands in ``_build/smoke/src/_build/html``; ``tests/browser`` opens it
in headless Chromium. Everything is written under ``_build/`` (ignored by
git). Warnings fail the build (``-W --keep-going``), as in ``make book``.
A notebook of ``_toc.yml`` without an executed copy stops the tool before it
builds anything. ``--allow-unexecuted`` (for layout work) uses the
repository's notebook instead; ``_build/smoke/manifest.json`` lists which
pages were made from executed copies, and the browser tests fail on any that
was not.

The code tabs of the comparison pages (``dltutor.book.sphinxext``) read the
notebooks next to the page, so in this tree they read the executed copies,
which keep the cells' tags.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import yaml

from dltutor.book.toc import toc_files

ROOT = Path(__file__).resolve().parents[1]
EXECUTED = ROOT / "_build" / "executed"
SMOKE = ROOT / "_build" / "smoke"
SRC = SMOKE / "src"
HTML = SRC / "_build" / "html"
#: Which notebooks the last assembled tree took from ``_build/executed``.
MANIFEST = SMOKE / "manifest.json"

#: Copied as they are, next to the notebooks.
COPIED = ("_config.yml", "_toc.yml", "book")
SUFFIXES = (".ipynb", ".md", ".rst")


class SmokeBookError(RuntimeError):
    """The smoke book cannot be assembled (an executed notebook is missing)."""


def toc_sources(root: Path = ROOT) -> list[Path]:
    """The source file (relative to ``root``) of every page in ``_toc.yml``, in reading order."""
    sources = []
    for entry in toc_files(root / "_toc.yml"):
        for suffix in SUFFIXES:
            if (root / f"{entry}{suffix}").is_file():
                sources.append(Path(f"{entry}{suffix}"))
                break
        else:
            raise SmokeBookError(f"_toc.yml lists {entry!r}, but no {entry}.ipynb/.md/.rst exists")
    return sources


def toc_notebooks(root: Path = ROOT) -> list[Path]:
    """The notebooks (relative paths) among the pages of ``_toc.yml``."""
    return [path for path in toc_sources(root) if path.suffix == ".ipynb"]


def smoke_config(config_text: str) -> str:
    """``_config.yml`` text with notebook execution turned off."""
    config = yaml.safe_load(config_text)
    config.setdefault("execute", {})["execute_notebooks"] = "off"
    header = "# Written by tools/build_smoke_book.py: _config.yml with notebook execution off.\n"
    return header + yaml.safe_dump(config, sort_keys=False, allow_unicode=True)


def assemble(allow_unexecuted: bool = False) -> list[Path]:
    """Write the source tree ``_build/smoke/src``; returns the notebooks it copied from the repo.

    Every notebook of the table of contents must have an executed copy in
    ``_build/executed``. With ``allow_unexecuted`` (for working on the book's
    layout only) a missing one is replaced by the repository's notebook,
    without outputs, and listed in the return value.
    """
    notebooks = toc_notebooks()
    missing = [nb for nb in notebooks if not (EXECUTED / nb).is_file()]
    if missing and not allow_unexecuted:
        listing = "\n".join(f"  {EXECUTED.relative_to(ROOT) / nb}" for nb in missing)
        raise SmokeBookError(
            f"{len(missing)} of the book's {len(notebooks)} notebooks have no executed copy:\n"
            f"{listing}\n"
            "Run the notebook tests first (make notebooks, or .venv/bin/pytest tests -m "
            "notebooks); they save every executed notebook there."
        )
    if SRC.exists():
        shutil.rmtree(SRC)  # a clean tree each time: no page survives from an older build
    SRC.mkdir(parents=True)
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, SRC / name, ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
        else:
            shutil.copy2(source, SRC / name)
    (SRC / "_config.yml").write_text(
        smoke_config((ROOT / "_config.yml").read_text(encoding="utf-8")), encoding="utf-8"
    )
    for page in toc_sources():
        target = SRC / page
        if target.exists():
            continue  # already copied with book/
        target.parent.mkdir(parents=True, exist_ok=True)
        if page.suffix == ".ipynb":
            executed = EXECUTED / page
            shutil.copy2(executed if executed.is_file() else ROOT / page, target)
            if executed.is_file() and executed.stat().st_mtime < (ROOT / page).stat().st_mtime:
                print(f"warning: {page} changed after its executed copy was made; "
                      "run the notebook tests again to see the change", file=sys.stderr)
        else:
            shutil.copy2(ROOT / page, target)
    manifest = {"executed": [nb.as_posix() for nb in notebooks if nb not in missing],
                "not_executed": [nb.as_posix() for nb in missing]}
    MANIFEST.write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    return missing


def jupyter_book() -> str:
    """The ``jupyter-book`` command of the running Python's environment."""
    beside = Path(sys.executable).with_name("jupyter-book")
    return str(beside) if beside.exists() else (shutil.which("jupyter-book") or "jupyter-book")


def build() -> int:
    """Run ``jupyter-book build`` on the assembled tree; returns its exit status."""
    env = {
        **os.environ,
        # The readorder extension looks at records; keep them away from results/.
        "DLTUTOR_RESULTS_DIR": str(SMOKE / "results"),
        "TF_CPP_MIN_LOG_LEVEL": "2",
        "PYDEVD_DISABLE_FILE_VALIDATION": "1",
    }
    command = [jupyter_book(), "build", str(SRC), "--builder", "html", "-W", "--keep-going"]
    return subprocess.run(command, env=env, cwd=SRC, check=False).returncode


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--allow-unexecuted", action="store_true",
        help="use the repository's notebook (no outputs) where no executed copy exists; "
             "for layout work only, never for the tests",
    )
    args = parser.parse_args(argv)
    start = time.perf_counter()
    try:
        stand_ins = assemble(allow_unexecuted=args.allow_unexecuted)
    except SmokeBookError as exc:
        print(f"build_smoke_book: {exc}", file=sys.stderr)
        return 2
    for page in stand_ins:
        print(f"warning: no executed copy of {page}; its page shows no outputs", file=sys.stderr)
    status = build()
    seconds = time.perf_counter() - start
    where = HTML.relative_to(ROOT)
    if status == 0:
        print(f"smoke book built in {seconds:.0f} s: {where}/index.html")
    else:
        print(f"build_smoke_book: jupyter-book build failed (exit {status}) after {seconds:.0f} s",
              file=sys.stderr)
    return status


if __name__ == "__main__":
    sys.exit(main())
