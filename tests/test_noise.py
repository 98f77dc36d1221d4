"""dltutor.book.noise finds framework start-up lines in executed notebooks."""

import nbformat

from dltutor.book.noise import check_folder, main, noisy_lines


def _notebook(stderr: str, stdout: str = "") -> nbformat.NotebookNode:
    cell = nbformat.v4.new_code_cell("import tensorflow")
    cell.outputs = [nbformat.v4.new_output("stream", name="stderr", text=stderr),
                    nbformat.v4.new_output("stream", name="stdout", text=stdout)]
    return nbformat.v4.new_notebook(cells=[cell])


ONEDNN = "I0000 00:00:1 port.cc:153] oneDNN custom operations are on. You may see ..."


def test_noise_in_stderr_is_found_and_lessons_are_not():
    assert noisy_lines(_notebook(f"a real warning\n{ONEDNN}\n")) == [ONEDNN]
    assert noisy_lines(_notebook("UserWarning: a lesson's own warning\n")) == []
    # the same words printed by the lesson itself (stdout) are not noise
    assert noisy_lines(_notebook("", stdout=ONEDNN)) == []


def test_folder_check_lists_the_noisy_notebooks_and_fails(tmp_path, capsys):
    nbformat.write(_notebook(ONEDNN), tmp_path / "noisy.ipynb")
    (tmp_path / "sub").mkdir()
    nbformat.write(_notebook("fine\n"), tmp_path / "sub" / "clean.ipynb")
    assert list(check_folder(tmp_path)) == [tmp_path / "noisy.ipynb"]
    assert main([str(tmp_path)]) == 1
    assert "noisy.ipynb: framework log noise" in capsys.readouterr().out
    assert main([str(tmp_path / "sub")]) == 0
