"""The comparison of checked cells: what counts as the same output, and what does not."""

from __future__ import annotations

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook, new_output

from dltutor.book.checked import (
    CheckedOutputError,
    assert_checked_outputs,
    checked_output_differences,
)
from dltutor.book.layout import CHECK_TAG


def _notebook(*outputs_per_cell, tagged=True):
    cells = []
    for i, outputs in enumerate(outputs_per_cell):
        cell = new_code_cell("print(1)", id=f"c{i}", outputs=list(outputs))
        if tagged:
            cell.metadata["tags"] = [CHECK_TAG]
        cells.append(cell)
    return new_notebook(cells=cells)


def stream(text, name="stdout"):
    return new_output("stream", name=name, text=text)


def result(text, **more):
    return new_output("execute_result", data={"text/plain": text, **more}, execution_count=1)


def test_same_output_passes_and_counts_the_cells():
    stored = _notebook([stream("shape (64, 10)\n")], [result("309738")])
    assert assert_checked_outputs(stored, _notebook([stream("shape (64, 10)\n")], [result("309738")])) == 2


def test_a_changed_number_fails_with_both_texts():
    stored = _notebook([stream("parameters: 309,738\n")])
    with pytest.raises(CheckedOutputError, match=r"parameters: 309,738[\s\S]*parameters: 309,739"):
        assert_checked_outputs(stored, _notebook([stream("parameters: 309,739\n")]))


def test_streams_are_joined_and_carriage_returns_applied():
    stored = _notebook([stream("a\nb\n")])
    assert not checked_output_differences(stored, _notebook([stream("a\n"), stream("x\rb\n")]))


def test_stderr_is_compared_too():
    stored = _notebook([stream("ok\n")])
    problems = checked_output_differences(stored, _notebook([stream("ok\n"), stream("oops\n", "stderr")]))
    assert problems and "stderr" in problems[0]


def test_addresses_temporary_paths_and_float_noise_are_masked():
    stored = _notebook([stream("<obj at 0x7f00aa> /tmp/abc/file 0.12345678\n")])
    ran = _notebook([stream("<obj at 0x55ffbb> /tmp/xyz/other 0.12345699\n")])
    assert not checked_output_differences(stored, ran)
    assert checked_output_differences(stored, _notebook([stream("<obj at 0x55ffbb> /tmp/x 0.1235\n")]))


def test_images_and_metadata_are_not_compared_but_other_mime_types_are():
    stored = _notebook([result("<Figure>", **{"image/png": "AAAA"})])
    assert not checked_output_differences(stored, _notebook([result("<Figure>", **{"image/png": "BBBB"})]))
    assert checked_output_differences(stored, _notebook([result("<Figure>", **{"text/html": "<b/>"})]))


def test_a_missing_cell_and_untagged_cells():
    stored = _notebook([stream("x\n")])
    assert "not in the executed notebook" in checked_output_differences(stored, new_notebook())[0]
    untagged = _notebook([stream("x\n")], tagged=False)
    assert assert_checked_outputs(untagged, _notebook([stream("y\n")])) == 0


def test_reads_stored_notebooks_as_nbformat_writes_them(tmp_path):
    stored = _notebook([stream("line one\nline two\n")])
    nbformat.write(stored, tmp_path / "n.ipynb")
    again = nbformat.read(tmp_path / "n.ipynb", as_version=4)
    assert assert_checked_outputs(again, stored) == 1


def test_backspaces_erase_the_character_before():
    assert not checked_output_differences(_notebook([stream("ab\n")]), _notebook([stream("abc\x08\n")]))
