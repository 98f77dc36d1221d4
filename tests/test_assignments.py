"""The classroom assignments build, and grading gives the marks it should.

One build and one grading run per test session, shared by the xdist workers
through a lock: every source is assigned, then the solutions, the untouched
student notebooks, every deliberate mistake of ``<name>.mistakes.yml`` and
three bad submissions (one raises, one loops, one opens the hidden tests) are
graded the way ``make grade`` does. The tests read the resulting rows.
"""

from __future__ import annotations

import json
import re
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import pytest
from filelock import FileLock

from dltutor.book.layout import ROOT, toc_notebooks
from tools import assignments, grade

SOURCES = assignments.sources()
IDS = [f"{p.parent.name}/{p.stem}" for p in SOURCES]
MISTAKES = [(source, m) for source in SOURCES for m in assignments.mistakes(source)]
#: Per-submission time limits: generous for real work on two busy cores,
#: shorter for the bad submissions, which are tiny (the endless one waits it out
#: without using the CPU; a kernel can take half a minute to start on a busy machine).
TIMEOUT, BAD_TIMEOUT = 240, 60


def _bad_submissions(student: Path, out: Path) -> dict[str, str]:
    """Three tiny submissions of the student notebook's assignment; name -> expected status."""
    base = nbformat.read(student, as_version=4)
    cells = {
        "raises": ["raise RuntimeError('a student bug')"],
        "loops": ["import time", "while True:\n    time.sleep(0.5)"],
        # Built at run time, so only the audit hook can catch it.
        "peeks": ["import os", "print(open(os.path.join('te' + 'sts', sorted(os.listdir('te' + 'sts'))[0])).read())"],
    }
    for name, sources in cells.items():
        nb = nbformat.v4.new_notebook(metadata=base.metadata)
        nb.cells = [nbformat.v4.new_code_cell(s) for s in sources]
        nbformat.write(nb, out / f"bad-{name}.ipynb")
    return {"raises": "error", "loops": "timeout", "peeks": "refused"}


@pytest.fixture(scope="session")
def graded(tmp_path_factory, request):
    """{submission file name: its grade as a dict}, computed once per session."""
    shared = tmp_path_factory.getbasetemp()
    if hasattr(request.config, "workerinput"):  # an xdist worker: share with the others
        shared = shared.parent
    shared = shared / "assignments-graded"
    results = shared / "results.json"
    with FileLock(str(shared) + ".lock"):
        if not results.exists():
            build, good, bad = shared / "build", shared / "good", shared / "bad"
            bad.mkdir(parents=True, exist_ok=True)
            assignments.build(SOURCES, build)
            for source in SOURCES:
                assignments.sample_submissions(source, good, build)
            _bad_submissions(build / SOURCES[0].parent.name / "student" / f"{SOURCES[0].stem}.ipynb", bad)
            # The bad ones are tiny and mostly wait: grade them alongside.
            with ThreadPoolExecutor(max_workers=1) as pool:
                later = pool.submit(grade.grade_folder, bad, shared / "bad.csv", build=build,
                                    jobs=1, timeout=BAD_TIMEOUT)
                rows = grade.grade_folder(good, shared / "good.csv", build=build, timeout=TIMEOUT)
                rows += later.result()
            results.write_text(json.dumps({
                r.submission: {**r.__dict__, "total": r.total} for r in rows}), encoding="utf-8")
    return {"build": shared / "build", "rows": json.loads(results.read_text(encoding="utf-8"))}


def _row(graded, name: str) -> dict:
    assert name in graded["rows"], f"{name} was not graded; graded: {sorted(graded['rows'])}"
    return graded["rows"][name]


# --- cheap checks, no notebook runs -----------------------------------------------------

def test_there_are_assignments_with_three_mistakes_each():
    assert {p.parent.name for p in SOURCES} >= {"tensors", "mnist"}
    for source in SOURCES:
        found = assignments.mistakes(source)
        assert len(found) >= 3, f"{source.name}: keep at least three deliberate mistakes"
        assert all({"name", "question", "why", "replace"} <= set(m) for m in found)


def test_assignments_stay_out_of_the_toc():
    assert not any(entry.startswith("assignments/") for entry in toc_notebooks())
    assert "book/assignments" in (ROOT / "_toc.yml").read_text(encoding="utf-8")


@pytest.mark.parametrize("source", SOURCES, ids=IDS)
def test_sources_are_committed_clean(source):
    nb = nbformat.read(source, as_version=4)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert not cell.outputs and cell.execution_count is None, f"{source.name}: strip outputs"


def test_scan_flags_code_that_names_the_tests():
    def notebook(*sources):
        return nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in sources])

    assert grade.scan(notebook("x = open('tests/autograd.py').read()"))
    assert grade.scan(notebook("import otter.test_files"))
    assert grade.scan(notebook("import sys", "sys.addaudithook(print)"))
    assert grade.scan(notebook('grader.check("autograd")', "def f(x):\n    return 2 * x")) == ""
    given = "if not os.path.isdir('tests'):\n    print('upload tests/')"
    assert grade.scan(notebook(given)) and grade.scan(notebook(given), frozenset([given])) == ""


# --- built and graded once per session ------------------------------------------------

@pytest.mark.notebooks
@pytest.mark.parametrize("source", SOURCES, ids=IDS)
def test_student_version_has_no_solutions_and_no_hidden_tests(graded, source):
    chapter, name = source.parent.name, source.stem
    student = nbformat.read(graded["build"] / chapter / "student" / f"{name}.ipynb", as_version=4)
    code = "\n".join(c.source for c in student.cells if c.cell_type == "code")
    assert "SOLUTION" not in code and "# HIDDEN" not in code
    solution_lines = set()
    for cell in nbformat.read(source, as_version=4).cells:
        inside = False
        for line in cell.source.splitlines():
            if "END SOLUTION" in line:
                inside = False
            elif inside and len(line.strip()) > 12:
                solution_lines.add(line.strip())
            elif "BEGIN SOLUTION" in line:
                inside = True
            elif line.rstrip().endswith("# SOLUTION"):
                solution_lines.add(line.split("#")[0].strip())
    assert solution_lines, "the source should have solutions"
    leaked = [line for line in solution_lines if line in code]
    assert not leaked, f"solution lines in the student notebook: {leaked}"
    hidden_case = re.compile(r"['\"]hidden['\"]: True")
    with zipfile.ZipFile(graded["build"] / chapter / "autograder" / f"{name}-autograder.zip") as z:
        questions = {Path(n).name: z.read(n).decode() for n in z.namelist()
                     if n.startswith("tests/") and n.endswith(".py")}
    assert all(hidden_case.search(text) for text in questions.values()), (
        "every question should have a hidden test in the autograder")
    public = {p.name: p.read_text(encoding="utf-8")
              for p in (graded["build"] / chapter / "student" / "tests").glob("*.py")}
    assert set(public) == set(questions), "the student folder should have each question's public tests"
    assert not any(hidden_case.search(text) for text in public.values()), "a hidden test was handed out"
    assert "otter" not in student.metadata or "tests" not in student.metadata["otter"]


@pytest.mark.notebooks
@pytest.mark.parametrize("source", SOURCES, ids=IDS)
def test_solution_scores_full_marks(graded, source):
    row = _row(graded, f"{source.stem}-solution.ipynb")
    assert row["status"] == "ok", row["message"]
    assert row["scores"] == row["possible"], row["message"]
    assert row["total"] == sum(row["possible"].values()) == 10


@pytest.mark.notebooks
@pytest.mark.parametrize("source", SOURCES, ids=IDS)
def test_untouched_student_notebook_scores_zero(graded, source):
    row = _row(graded, f"{source.stem}-untouched.ipynb")
    assert row["scores"] and all(v == 0 for v in row["scores"].values()), row


@pytest.mark.notebooks
@pytest.mark.parametrize("source, mistake", MISTAKES,
                         ids=[f"{s.stem}-{m['name']}" for s, m in MISTAKES])
def test_a_mistake_loses_points_on_its_question_only(graded, source, mistake):
    row = _row(graded, f"{source.stem}-{mistake['name']}.ipynb")
    wrong = mistake["question"]
    assert row["scores"][wrong] < row["possible"][wrong], (
        f"{mistake['name']} ({mistake['why']}) should lose points on {wrong}: {row}")
    others = {q: s for q, s in row["scores"].items() if q != wrong}
    assert all(others[q] == row["possible"][q] for q in others), (
        f"{mistake['name']} should lose points on {wrong} only: {row}")


@pytest.mark.notebooks
@pytest.mark.parametrize("kind, status, words", [
    ("raises", "error", "RuntimeError: a student bug"),
    ("loops", "timeout", f"stopped after {BAD_TIMEOUT}"),
    ("peeks", "refused", "tried to read the grader's tests"),
])
def test_bad_submissions_fail_with_a_clear_message_and_grading_goes_on(graded, kind, status, words):
    row = _row(graded, f"bad-{kind}.ipynb")
    assert row["status"] == status, row
    assert words in row["message"], row["message"]
    assert row["total"] == 0 and row["possible"], row
