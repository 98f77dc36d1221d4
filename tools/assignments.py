"""Build the classroom assignments with Otter Assign.

Every source notebook ``assignments/<chapter>/<name>.ipynb`` (Otter's assign
format) becomes

- ``_build/assignments/<chapter>/student/<name>.ipynb``: the notebook to hand
  out, with the solutions replaced by ``...``, and ``student/tests/``, its
  public tests (question names must differ between a chapter's assignments);
- ``_build/assignments/<chapter>/autograder/<name>.ipynb``: the solution;
- ``_build/assignments/<chapter>/autograder/<name>-autograder.zip``: all the
  tests, hidden ones included, which ``python -m tools.grade`` grades with.

    python -m tools.assignments [--out DIR] [--check] [--samples DIR] [SOURCE ...]

``--samples DIR`` also writes sample submissions for trying ``make grade``:
the solution, the untouched student notebook, and the solution with each
deliberate mistake of ``<name>.mistakes.yml`` made.

``--check`` also has Otter run the tests against the solution while building
(slower; ``make grade`` on the solution does the same).
"""

from __future__ import annotations

import argparse
import copy
import os
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import yaml

from dltutor.book.layout import BUILD, ROOT

SOURCES = ROOT / "assignments"
OUT = BUILD / "assignments"


def sources() -> list[Path]:
    """The source notebooks, ``assignments/<chapter>/<name>.ipynb``."""
    return sorted(
        p for p in SOURCES.glob("*/*.ipynb") if not p.name.startswith(".")
    )


def otter() -> str:
    """The ``otter`` executable next to this Python (the venv's)."""
    candidate = Path(sys.executable).parent / "otter"
    return str(candidate) if candidate.exists() else "otter"


def quiet_env() -> dict[str, str]:
    """The environment for Otter's kernels: bundled data, no framework start-up notices."""
    env = dict(os.environ)
    env.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    env.setdefault("DLTUTOR_DATA", "sample")
    env.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    return env


def build_one(source: Path, out: Path, check: bool = False) -> Path:
    """Assign one source; returns its chapter folder under ``out``."""
    chapter, name = source.parent.name, source.stem
    dest = out / chapter
    with tempfile.TemporaryDirectory(prefix=f"assign-{name}-") as tmp:
        command = [otter(), "assign", *([] if check else ["--no-run-tests"]),
                   str(source), tmp]
        done = subprocess.run(command, capture_output=True, text=True, env=quiet_env(),
                              cwd=source.parent)
        if done.returncode != 0:
            raise RuntimeError(f"otter assign failed for {source.relative_to(ROOT)}:\n"
                               f"{done.stdout[-4000:]}\n{done.stderr[-4000:]}")
        tmp = Path(tmp)
        (zip_path,) = (tmp / "autograder").glob(f"{name}-autograder_*.zip")
        for kind in ("student", "autograder"):
            (dest / kind).mkdir(parents=True, exist_ok=True)
        shutil.copy(tmp / "student" / f"{name}.ipynb", dest / "student" / f"{name}.ipynb")
        # The public tests, which grader.check() runs in the student's notebook.
        for test in sorted((tmp / "student" / "tests").glob("*.py")):
            (dest / "student" / "tests").mkdir(exist_ok=True)
            shutil.copy(test, dest / "student" / "tests" / test.name)
        shutil.copy(tmp / "autograder" / f"{name}.ipynb", dest / "autograder" / f"{name}.ipynb")
        shutil.copy(zip_path, dest / "autograder" / f"{name}-autograder.zip")
    return dest


def build(paths: list[Path] | None = None, out: Path = OUT, check: bool = False,
          jobs: int = 2) -> list[Path]:
    paths = paths or sources()
    if not paths:
        raise SystemExit("no assignment sources under assignments/<chapter>/")
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        return list(pool.map(lambda p: build_one(p, out, check), paths))


def mistakes(source: Path) -> list[dict]:
    """The deliberate mistakes kept next to a source, ``<name>.mistakes.yml``."""
    path = source.with_name(f"{source.stem}.mistakes.yml")
    if not path.exists():
        return []
    return yaml.safe_load(path.read_text(encoding="utf-8")) or []


def with_mistake(solution: nbformat.NotebookNode, mistake: dict) -> nbformat.NotebookNode:
    """A copy of the solution notebook with one mistake's replacements made."""
    nb = copy.deepcopy(solution)
    for edit in mistake["replace"]:
        cells = [c for c in nb.cells if c.cell_type == "code" and edit["old"] in c.source]
        count = sum(c.source.count(edit["old"]) for c in cells)
        if count != 1:
            raise ValueError(f"mistake {mistake['name']!r}: {edit['old']!r} occurs {count} times "
                             "in the solution's code cells, not once")
        cells[0].source = cells[0].source.replace(edit["old"], edit["new"])
    return nb


def sample_submissions(source: Path, out: Path, build_dir: Path = OUT) -> list[Path]:
    """Write the solution, the untouched student notebook and each mistake as submissions."""
    chapter, name = source.parent.name, source.stem
    solution = nbformat.read(build_dir / chapter / "autograder" / f"{name}.ipynb", as_version=4)
    out.mkdir(parents=True, exist_ok=True)
    written = [out / f"{name}-solution.ipynb", out / f"{name}-untouched.ipynb"]
    nbformat.write(solution, written[0])
    shutil.copy(build_dir / chapter / "student" / f"{name}.ipynb", written[1])
    for mistake in mistakes(source):
        written.append(out / f"{name}-{mistake['name']}.ipynb")
        nbformat.write(with_mistake(solution, mistake), written[-1])
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sources", nargs="*", type=Path)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--check", action="store_true",
                        help="let Otter run the tests against each solution while building")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--samples", type=Path, metavar="DIR",
                        help="also write sample submissions (solution, untouched, mistakes) to DIR")
    args = parser.parse_args(argv)
    paths = [p.resolve() for p in args.sources] or sources()
    for path in paths:
        print(f"assigning {path.relative_to(ROOT)}", flush=True)
    for dest in build(paths, args.out, args.check, args.jobs):
        for notebook in sorted(dest.glob("*/*.ipynb")) + sorted(dest.glob("*/*.zip")):
            print(f"  {notebook.relative_to(ROOT) if notebook.is_relative_to(ROOT) else notebook}")
    if args.samples:
        for path in paths:
            for written in sample_submissions(path, args.samples, args.out):
                print(f"  sample submission {written}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
