"""Grade a folder of submitted assignment notebooks locally, without Docker.

    python -m tools.grade SUBMISSIONS [--out grades.csv] [--jobs 2] [--timeout 300]
                          [--assignment NAME] [--build _build/assignments]

Each ``*.ipynb`` under SUBMISSIONS is graded by its own ``otter run`` in a
subprocess, with the autograder that ``python -m tools.assignments`` built for its
assignment (read from the notebook's metadata, or given with
``--assignment``). The CSV has one row per submission: the points of every
question, the total, a status and a message for the instructor.

A submission that raises still gets the points of the questions whose tests
pass, and its message names the cell that raised. One that runs longer than
``--timeout`` seconds is stopped and scores zero. One that refers to the
grader's tests in its code, or tries to open them while it runs, scores zero.
These checks (a scan of the code, and a Python audit hook installed in the
kernel before the student's first cell) are a deterrent against casual
peeking, not a sandbox: grading runs the students' code with your
permissions, so grade on a machine or account that holds nothing else.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import csv
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import psutil

from dltutor.book.layout import BUILD as BUILD_ROOT
from dltutor.book.layout import ROOT
from dltutor.timing import THREAD_VARS
from tools.assignments import otter, quiet_env

BUILD = BUILD_ROOT / "assignments"

#: Code that has no business in a submission: what it looks for, and why.
SUSPICIOUS = [
    (re.compile(r"""['"][^'"\n]*\b(tests|hidden[_-]?tests|autograder)\b[^'"\n]*['"]"""),
     "a string naming the grader's tests or autograder"),
    (re.compile(r"\botter\s*\.\s*(test_files|execute|run|assign|grade)\b|\b(OKTestFile|ExceptionTestFile)\b"),
     "Otter's grading internals"),
    (re.compile(r"\b(addaudithook|_getframe|settrace|setprofile)\b"),
     "tampering with the interpreter's hooks"),
]

#: Installed as the first cell of the graded copy. It runs in the kernel
#: after Otter's own set-up cell and before the student's code.
GUARD_CELL = r'''
def _dltutor_guard(report_path, extra):
    import json, os, sys
    import otter
    otter_dir = os.path.dirname(os.path.abspath(otter.__file__)) + os.sep
    protected = tuple(os.path.abspath(p) for p in ("tests", os.path.join("..", "source"), *extra))
    events = {"open", "os.listdir", "os.scandir", "glob.glob", "shutil.copyfile", "shutil.copytree"}
    busy = []

    def note(kind, detail):
        busy.append(1)
        try:
            with open(report_path, "a", encoding="utf-8") as f:
                f.write(json.dumps({"kind": kind, "detail": detail}) + "\n")
        finally:
            busy.pop()

    def from_otter():
        frame = sys._getframe(2)
        while frame is not None:
            if frame.f_code.co_filename.startswith(otter_dir):
                return True
            frame = frame.f_back
        return False

    def hook(event, args):
        if busy:
            return
        if event in events and args:
            target = args[0]
            if not isinstance(target, (str, bytes, os.PathLike)):
                return
            path = os.path.abspath(os.fsdecode(target))
            if not any(path == p or path.startswith(p + os.sep) for p in protected):
                return
        elif event in ("subprocess.Popen", "os.system", "os.posix_spawn"):
            text = " ".join(map(str, args))
            if not any(word in text for word in ("tests", "autograder", "source")):
                return
            path = text
        else:
            return
        if from_otter():
            return
        note("peek", f"{event} {path}")
        raise PermissionError("a submission may not read the grader's tests")

    def after_cell(result):
        if result.error_in_exec is not None and not busy:
            error = result.error_in_exec
            first = (result.info.raw_cell or "").strip().splitlines()[:1]
            note("error", f"{type(error).__name__}: {error} (in the cell starting {first[0][:60]!r})"
                 if first else f"{type(error).__name__}: {error}")

    sys.addaudithook(hook)
    get_ipython().events.register("post_run_cell", after_cell)


_dltutor_guard(REPORT, EXTRA)
del _dltutor_guard
'''


@dataclass
class Grade:
    submission: str
    assignment: str = ""
    scores: dict[str, float] = field(default_factory=dict)
    possible: dict[str, float] = field(default_factory=dict)
    status: str = "ok"
    message: str = ""
    seconds: float = 0.0

    @property
    def total(self) -> float:
        return sum(self.scores.values())


def scan(nb: nbformat.NotebookNode, handed_out: frozenset[str] = frozenset()) -> str:
    """Why the submission's code looks like it reaches for the tests ('' when it does not).

    Cells exactly as the instructor wrote them (``handed_out``) are not scanned.
    """
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code" or cell.source.strip() in handed_out:
            continue
        for pattern, why in SUSPICIOUS:
            found = pattern.search(cell.source)
            if found:
                return f"cell {i} contains {why}: {found.group(0)[:60]!r}"
    return ""


def assignment_name(nb: nbformat.NotebookNode) -> str:
    return nb.metadata.get("otter", {}).get("assignment_name", "")


def autograders(build: Path) -> dict[str, Path]:
    """Assignment name -> autograder zip, for everything built under ``build``."""
    found = {}
    for zip_path in sorted(build.glob("*/autograder/*-autograder.zip")):
        found[zip_path.name.removesuffix("-autograder.zip")] = zip_path
    return found


def question_points(zip_path: Path) -> dict[str, float]:
    """The questions of an assignment and their points, in notebook order."""
    points = {}
    with zipfile.ZipFile(zip_path) as z:
        for member in sorted(z.namelist()):
            if not (member.startswith("tests/") and member.endswith(".py")):
                continue
            for node in ast.parse(z.read(member)).body:
                if (isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Name)
                        and node.targets[0].id == "test"):
                    test = ast.literal_eval(node.value)
                    points[test["name"]] = float(test.get("points") or 0)
    solution = zip_path.with_name(zip_path.name.removesuffix("-autograder.zip") + ".ipynb")
    order = []
    if solution.exists():
        nb = nbformat.read(solution, as_version=4)
        order = re.findall(r"""\.check\(["'](\w+)["']\)""",
                           "\n".join(c.source for c in nb.cells if c.cell_type == "code"))
    names = [n for n in order if n in points] + sorted(set(points) - set(order))
    return {name: points[name] for name in dict.fromkeys(names)}


def instructor_cells(zip_path: Path) -> frozenset[str]:
    """The code cells of the solution notebook, which students receive unchanged."""
    solution = zip_path.with_name(zip_path.name.removesuffix("-autograder.zip") + ".ipynb")
    if not solution.exists():
        return frozenset()
    nb = nbformat.read(solution, as_version=4)
    return frozenset(c.source.strip() for c in nb.cells if c.cell_type == "code")


def guarded_copy(nb: nbformat.NotebookNode, path: Path, report: Path, extra: list[str]) -> None:
    source = GUARD_CELL.replace("REPORT", repr(str(report))).replace("EXTRA", repr(extra))
    cell = nbformat.v4.new_code_cell(source.strip())
    nb.cells.insert(0, cell)
    nbformat.write(nb, path)


def grade_env() -> dict[str, str]:
    """One compute thread per submission: ``--jobs`` runs them side by side, and
    PyTorch with two threads on two busy cores was five times slower here."""
    env = quiet_env()
    for name in THREAD_VARS:
        env.setdefault(name, "1")
    return env


def stop_tree(process: subprocess.Popen) -> None:
    """Kill ``otter run`` and everything it started (the kernel has its own session)."""
    try:
        family = psutil.Process(process.pid).children(recursive=True)
    except psutil.Error:
        family = []
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    for child in family:
        with contextlib.suppress(psutil.Error):
            child.kill()
    process.communicate()


def grade_one(path: Path, zips: dict[str, Path], forced: str, timeout: float) -> Grade:
    start = time.monotonic()
    grade = Grade(submission=path.name)
    try:
        nb = nbformat.read(path, as_version=4)
    except Exception as error:  # noqa: BLE001 - any unreadable file is reported, not raised
        grade.status, grade.message = "unreadable", f"not a readable notebook: {error}"
        return grade
    grade.assignment = forced or assignment_name(nb)
    if not grade.assignment and len(zips) == 1:
        grade.assignment = next(iter(zips))  # a notebook that lost its metadata
    zip_path = zips.get(grade.assignment)
    if zip_path is None:
        grade.status = "unknown assignment"
        grade.message = (f"no autograder for {grade.assignment!r} (built: {', '.join(zips) or 'none'});"
                         " run 'make assignments', or pass --assignment")
        return grade
    grade.possible = question_points(zip_path)
    grade.scores = dict.fromkeys(grade.possible, 0.0)
    if why := scan(nb, instructor_cells(zip_path)):
        grade.status = "refused"
        grade.message = f"not run: {why}; it may not read the grader's tests"
        return grade

    with tempfile.TemporaryDirectory(prefix="grade-") as tmp:
        tmp = Path(tmp)
        (tmp / "in").mkdir()
        (tmp / "out").mkdir()
        report = tmp / "report.jsonl"
        # Otter expects the notebook under the name the assignment gave it.
        copy = tmp / "in" / f"{grade.assignment}.ipynb"
        guarded_copy(nb, copy, report, [str(zip_path.resolve())])
        command = [otter(), "run", "--no-logo", "-a", str(zip_path.resolve()),
                   "-o", str(tmp / "out"), str(copy)]
        process = subprocess.Popen(command, cwd=tmp, env=grade_env(), stdout=subprocess.PIPE,
                                   stderr=subprocess.STDOUT, text=True, start_new_session=True)
        try:
            output, _ = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            stop_tree(process)
            grade.status = "timeout"
            grade.message = (f"stopped after {timeout:g} s (an endless loop, or far too much "
                             "training?); every question scores 0")
            grade.seconds = time.monotonic() - start
            return grade
        notes = [json.loads(line) for line in report.read_text(encoding="utf-8").splitlines()
                 ] if report.exists() else []
        peeks = [n["detail"] for n in notes if n["kind"] == "peek"]
        errors = [n["detail"] for n in notes if n["kind"] == "error"]
        results = tmp / "out" / "results.json"
        if peeks:
            grade.status = "refused"
            grade.message = f"tried to read the grader's tests ({peeks[0]}); every question scores 0"
        elif process.returncode != 0 or not results.exists():
            grade.status = "crashed"
            tail = " | ".join(output.strip().splitlines()[-3:])
            grade.message = f"otter run failed (exit {process.returncode}): {tail}"
        else:
            for test in json.loads(results.read_text(encoding="utf-8")).get("tests", []):
                if test.get("name") in grade.scores:
                    grade.scores[test["name"]] = float(test.get("score") or 0)
            failed = [q for q in grade.scores if grade.scores[q] < grade.possible[q]]
            if errors:
                grade.status = "error"
                grade.message = f"{len(errors)} cell(s) raised; first: {errors[0]}"
            if failed:
                grade.message = "; ".join(filter(None, [
                    grade.message, "below full marks: " + ", ".join(failed)]))
    grade.seconds = time.monotonic() - start
    return grade


def write_csv(grades: list[Grade], out: Path) -> None:
    questions: list[str] = []
    for grade in grades:
        questions += [q for q in grade.possible if q not in questions]
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["submission", "assignment", *questions, "total", "possible",
                         "status", "message", "seconds"])
        for g in grades:
            writer.writerow([g.submission, g.assignment,
                             *(g.scores.get(q, "") for q in questions),
                             g.total, sum(g.possible.values()), g.status, g.message,
                             f"{g.seconds:.1f}"])


def grade_folder(folder: Path, out: Path, *, build: Path = BUILD, jobs: int = 2,
                 timeout: float = 300, assignment: str = "") -> list[Grade]:
    paths = sorted(p for p in folder.rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)
    if not paths:
        raise SystemExit(f"no .ipynb submissions under {folder}")
    zips = autograders(build)
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        grades = list(pool.map(lambda p: grade_one(p, zips, assignment, timeout), paths))
    write_csv(grades, out)
    return grades


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("submissions", type=Path)
    parser.add_argument("--out", type=Path, help="the CSV (default: _build/grades/<folder>.csv)")
    parser.add_argument("--build", type=Path, default=BUILD)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=300, help="seconds per submission")
    parser.add_argument("--assignment", default="",
                        help="grade every notebook as this assignment (default: its metadata)")
    args = parser.parse_args(argv)
    out = args.out or ROOT / "_build" / "grades" / f"{args.submissions.resolve().name}.csv"
    grades = grade_folder(args.submissions, out, build=args.build, jobs=args.jobs,
                          timeout=args.timeout, assignment=args.assignment)
    for g in grades:
        print(f"{g.submission}: {g.total:g}/{sum(g.possible.values()):g} {g.status}"
              f"{' - ' + g.message if g.message else ''} ({g.seconds:.0f} s)")
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
