"""Notebooks are committed clean, listed in the book, and parameterised."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from nbstripout import strip_output

from tests.notebook_harness import ROOT, read_notebook, toc_notebooks

NOTEBOOKS = sorted(
    p.relative_to(ROOT).as_posix()
    for p in (ROOT / "notebooks").rglob("*.ipynb")
    if ".ipynb_checkpoints" not in p.parts
)
CHECK_TAG = "nbval-check-output"


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
            # nbval needs the count of a checked cell; nbstripout would drop it.
            after = copy.deepcopy(after)
            after.execution_count = before.execution_count
        assert before == after, (
            f"{path}: a cell has outputs or execution counts; run "
            f"'python tools/refresh_checked_outputs.py {path}'"
        )


@pytest.mark.parametrize("path", NOTEBOOKS)
def test_checked_cells_are_marked_both_ways(path):
    """A checked cell carries the nbval tag and keep_output, and has output."""
    for i, cell in enumerate(read_notebook(ROOT / path).cells):
        tagged = CHECK_TAG in cell.metadata.get("tags", [])
        kept = bool(cell.metadata.get("keep_output"))
        assert tagged == kept, f"{path} cell {i}: '{CHECK_TAG}' tag and keep_output must go together"
        if tagged:
            assert cell.outputs, f"{path} cell {i} is checked by nbval but has no stored output"
            assert cell.execution_count, f"{path} cell {i}: nbval skips a checked cell with no count"
            assert all(o.output_type != "error" for o in cell.outputs), f"{path} cell {i}"


@pytest.mark.parametrize("path", NOTEBOOKS)
def test_has_parameters_cell(path):
    cells = read_notebook(ROOT / path).cells
    tagged = [c for c in cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1, f"{path} needs exactly one cell tagged 'parameters'"
    assert "dltutor.profile" in tagged[0].source, (
        f"{path}: the parameters cell must take its defaults from dltutor.profile"
    )


@pytest.mark.parametrize("path", NOTEBOOKS)
def test_kernel_is_python3(path):
    nb = read_notebook(ROOT / path)
    assert nb.metadata.get("kernelspec", {}).get("name") == "python3", path


def test_toc_entries_exist():
    import re

    entries = re.findall(r"file:\s*([^\s#]+)", (ROOT / "_toc.yml").read_text(encoding="utf-8"))
    missing = [
        e for e in entries
        if not any(Path(ROOT, e + ext).is_file() for ext in (".md", ".ipynb", ".rst"))
    ]
    assert not missing, f"_toc.yml lists files that do not exist: {missing}"
