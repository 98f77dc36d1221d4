"""Notebooks are committed clean, listed in the book, and parameterised."""

from __future__ import annotations

import ast
import copy
from pathlib import Path

import nbformat
import pytest
from nbstripout import strip_output

from dltutor.book.layout import CHECK_TAG, ROOT, toc_notebooks
from dltutor.book.runs import run_settings


def read_notebook(path: Path):
    return nbformat.read(path, as_version=4)


NOTEBOOKS = sorted(
    p.relative_to(ROOT).as_posix()
    for p in (ROOT / "notebooks").rglob("*.ipynb")
    if ".ipynb_checkpoints" not in p.parts
)
FRAMEWORKS = ("pytorch", "tensorflow", "keras")
#: Parameters that are about the framework, not the experiment.
FRAMEWORK_SPECIFIC = {"backend"}


def test_there_are_notebooks():
    assert NOTEBOOKS, "no notebooks found under notebooks/"


@pytest.mark.parametrize("path", NOTEBOOKS)
def test_listed_in_toc(path):
    assert path in toc_notebooks(), f"{path} is not in _toc.yml, so the book never shows it"


@pytest.mark.parametrize("path", NOTEBOOKS)
def test_committed_without_outputs(path):
    """Only cells marked ``keep_output`` (nbstripout's convention) keep outputs."""
    nb = read_notebook(ROOT / path)
    stripped = strip_output(copy.deepcopy(nb), keep_output=False, keep_count=False, keep_id=True)
    for before, after in zip(nb.cells, stripped.cells, strict=True):
        if before.metadata.get("keep_output"):
            # a checked cell keeps its count (Jupyter then shows its output as a run's)
            after = copy.deepcopy(after)
            after.execution_count = before.execution_count
        assert before == after, (
            f"{path}: a cell has outputs or execution counts; run "
            f"'.venv/bin/python -m dltutor.book.refresh {path}'"
        )


@pytest.mark.parametrize("path", NOTEBOOKS)
def test_checked_cells_are_marked_both_ways(path):
    """A checked cell carries the check tag and keep_output, and has output."""
    for i, cell in enumerate(read_notebook(ROOT / path).cells):
        tagged = CHECK_TAG in cell.metadata.get("tags", [])
        kept = bool(cell.metadata.get("keep_output"))
        assert tagged == kept, f"{path} cell {i}: '{CHECK_TAG}' tag and keep_output must go together"
        if tagged:
            assert cell.outputs, f"{path} cell {i} is checked but has no stored output"
            assert cell.execution_count, f"{path} cell {i}: a checked cell keeps its execution count"
            assert all(o.output_type != "error" for o in cell.outputs), f"{path} cell {i}"


def _tagged(path, tag):
    return [c for c in read_notebook(ROOT / path).cells if tag in c.metadata.get("tags", [])]


@pytest.mark.parametrize("path", NOTEBOOKS)
def test_parameters_cell_holds_literals(path):
    """The reader's real values, visible: one literal assignment per name, no code."""
    tagged = _tagged(path, "parameters")
    assert len(tagged) == 1, f"{path} needs exactly one cell tagged 'parameters'"
    for node in ast.parse(tagged[0].source).body:
        assert isinstance(node, ast.Assign) and len(node.targets) == 1, (
            f"{path}: the parameters cell may only assign values, found {ast.dump(node)[:60]}"
        )
        assert isinstance(node.targets[0], ast.Name), f"{path}: assign plain names"
        try:
            ast.literal_eval(node.value)
        except ValueError:
            pytest.fail(f"{path}: {node.targets[0].id} must be a literal, not computed")


def test_a_chapters_framework_notebooks_declare_the_same_values():
    """Same hyperparameters for every framework: a shared name has one value."""
    from dltutor.book.execute import notebook_parameters

    for folder in sorted({Path(p).parent for p in NOTEBOOKS}):
        frameworks = [ROOT / folder / f"{name}.ipynb" for name in FRAMEWORKS]
        frameworks = [f for f in frameworks if f.is_file()]
        if len(frameworks) < 2:
            continue
        declared = {f.stem: notebook_parameters(f) for f in frameworks}
        names = set.union(*(set(d) for d in declared.values()))
        for name in sorted(names - FRAMEWORK_SPECIFIC):
            values = {nb: d[name]["default"] for nb, d in declared.items() if name in d}
            assert len(set(values.values())) == 1, f"{folder}: {name} differs: {values}"


@pytest.mark.parametrize("path", NOTEBOOKS)
def test_colab_cell_is_hidden_from_the_book(path):
    for cell in _tagged(path, "colab"):
        assert "remove-cell" in cell.metadata["tags"], f"{path}: tag the Colab cell 'remove-cell'"


@pytest.mark.parametrize("path", NOTEBOOKS)
def test_run_time_is_printed_at_the_top_and_recorded_at_the_end(path):
    code = [c.source for c in read_notebook(ROOT / path).cells if c.cell_type == "code"]
    assert any("print_run_time(" in src for src in code[:4]), (
        f"{path}: one of the first code cells must call dltutor.results.print_run_time"
    )
    assert "record_run_time(" in code[-1], (
        f"{path}: the last code cell must call dltutor.results.record_run_time"
    )


@pytest.mark.parametrize("path", NOTEBOOKS)
def test_solution_code_runs_instead_of_sitting_in_markdown(path):
    """Code of an exercise solution lives in a code cell tagged 'solution', so the tests run it."""
    for i, cell in enumerate(read_notebook(ROOT / path).cells):
        if cell.cell_type == "markdown":
            assert "```python" not in cell.source and "```{code" not in cell.source, (
                f"{path} cell {i}: move this code into a code cell tagged 'solution' and 'hide-cell'"
            )
    for cell in _tagged(path, "solution"):
        assert cell.cell_type == "code" and "hide-cell" in cell.metadata["tags"], path


@pytest.mark.parametrize("path", NOTEBOOKS)
def test_kernel_is_python3(path):
    nb = read_notebook(ROOT / path)
    assert nb.metadata.get("kernelspec", {}).get("name") == "python3", path


def test_toc_entries_exist():
    from dltutor.book.toc import toc_files

    entries = toc_files(ROOT / "_toc.yml")
    missing = [
        e for e in entries
        if not any(Path(ROOT, e + ext).is_file() for ext in (".md", ".ipynb", ".rst"))
    ]
    assert not missing, f"_toc.yml lists files that do not exist: {missing}"


@pytest.mark.parametrize("path", NOTEBOOKS)
def test_run_settings_name_declared_parameters(path):
    """The smoke values and variants in the notebook's metadata set parameters the notebook has."""
    from dltutor.book.execute import check_parameters

    settings = run_settings(ROOT / path)
    for values in (settings.smoke, *settings.variants):
        check_parameters(ROOT / path, values)


@pytest.mark.parametrize("path", [p for p in NOTEBOOKS if p.endswith("/compare.ipynb")])
def test_comparison_pages_say_whose_records_they_read(path):
    """The book reruns a comparison page when its chapter's records change (dltutor.book.build)."""
    assert run_settings(ROOT / path).reads_records == Path(path).parent.name
