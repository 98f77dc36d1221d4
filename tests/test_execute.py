import nbformat
import pytest

from dltutor.book.execute import (
    UnknownParameterError,
    check_parameters,
    notebook_parameters,
    run_notebook,
)


def _notebook(tmp_path, parameters_source="epochs = 15\nlearning_rate = 1e-3\n"):
    cells = [
        nbformat.v4.new_code_cell(parameters_source, metadata={"tags": ["parameters"]}),
        nbformat.v4.new_code_cell("print(epochs * 2)"),
    ]
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = tmp_path / "lesson.ipynb"
    nbformat.write(nb, path)
    return path


def test_parameters_are_read_from_the_tagged_cell(tmp_path):
    params = notebook_parameters(_notebook(tmp_path))
    assert set(params) == {"epochs", "learning_rate"}
    assert params["epochs"]["default"] == "15"


def test_unknown_parameter_is_refused_with_the_valid_names(tmp_path):
    with pytest.raises(UnknownParameterError, match="no parameter.*epoch\\b.*accepts: epochs"):
        check_parameters(_notebook(tmp_path), {"epoch": 3})


def test_known_parameters_pass(tmp_path):
    check_parameters(_notebook(tmp_path), {"epochs": 1, "learning_rate": 0.1})


def test_notebook_without_parameters_cell(tmp_path):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1")])
    path = tmp_path / "plain.ipynb"
    nbformat.write(nb, path)
    with pytest.raises(UnknownParameterError, match="no cell tagged 'parameters'"):
        notebook_parameters(path)


def test_unknown_parameter_is_refused_before_running(tmp_path):
    with pytest.raises(UnknownParameterError):
        run_notebook(_notebook(tmp_path), tmp_path / "out.ipynb", epoch=3)
    assert not (tmp_path / "out.ipynb").exists()


def test_parameters_reach_the_kernel(tmp_path):
    executed = run_notebook(_notebook(tmp_path), tmp_path / "out.ipynb", epochs=4)
    assert executed.cells[-1].outputs[0]["text"].strip() == "8"
