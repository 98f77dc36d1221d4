"""Reading tagged cells and counting lines of code in notebooks."""

from __future__ import annotations

import nbformat
import pytest

from dltutor.book.nbsource import (
    MissingTagError,
    code_cells,
    count_code_lines,
    notebook_code_lines,
    tagged_source,
)


@pytest.fixture
def notebook(tmp_path):
    nb = nbformat.v4.new_notebook()
    cells = [
        ("pip install x", ["colab"]),
        ("epochs = 1\nseed = 0", ["parameters"]),
        ("import numpy as np\n\n# a comment\nx = np.zeros(3)\n", ["show-model"]),
        ("%matplotlib inline\ny = x + 1", []),
        ("def f():\n    '''Doc.'''\n    return 1\n", ["show-model", "show-save"]),
    ]
    for source, tags in cells:
        cell = nbformat.v4.new_code_cell(source)
        cell.metadata["tags"] = tags
        nb.cells.append(cell)
    nb.cells.insert(2, nbformat.v4.new_markdown_cell("x = 1\ny = 2  (markdown, not code)"))
    path = tmp_path / "nb.ipynb"
    nbformat.write(nb, path)
    return path


def test_count_code_lines_skips_blanks_comments_and_magics():
    assert count_code_lines("a = 1\n\n   # note\n%time a\n!ls\nb = 2  # trailing\n") == 2
    assert count_code_lines("") == 0


def test_tagged_source_joins_cells_in_order(notebook):
    text = tagged_source(notebook, "show-model")
    assert text.index("import numpy") < text.index("def f")
    assert "y = x + 1" not in text
    assert text.endswith("return 1\n")


def test_tagged_source_missing_tag_raises(notebook):
    with pytest.raises(MissingTagError, match="show-train-step"):
        tagged_source(notebook, "show-train-step")


def test_code_cells(notebook):
    assert len(code_cells(notebook)) == 5
    assert code_cells(notebook, "show-save") == ["def f():\n    '''Doc.'''\n    return 1\n"]


def test_notebook_code_lines(notebook):
    # colab and parameters cells are skipped; markdown never counts
    assert notebook_code_lines(notebook) == 2 + 1 + 3
    assert notebook_code_lines(notebook, tags=["show-model"]) == 2 + 3
    assert notebook_code_lines(notebook, tags=["show-save"]) == 3
    assert notebook_code_lines(notebook, skip_tags=()) == 1 + 2 + 6
