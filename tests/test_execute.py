import pytest

from dltutor.execute import UnknownParameterError, check_parameters, notebook_parameters
from tests.notebook_harness import ROOT

SETUP = ROOT / "notebooks" / "setup" / "setup_check.ipynb"


def test_parameters_are_read_from_the_tagged_cell():
    params = notebook_parameters(SETUP)
    assert {"profile", "data_source", "seed"} <= set(params)


def test_unknown_parameter_is_refused_with_the_valid_names():
    with pytest.raises(UnknownParameterError, match="no parameter.*epoch.*accepts: data_source"):
        check_parameters(SETUP, {"epoch": 3})


def test_known_parameters_pass():
    check_parameters(SETUP, {"seed": 1, "data_source": "sample"})


def test_notebook_without_parameters_cell(tmp_path):
    import nbformat

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("x = 1")])
    path = tmp_path / "plain.ipynb"
    nbformat.write(nb, path)
    with pytest.raises(UnknownParameterError, match="no cell tagged 'parameters'"):
        notebook_parameters(path)


def test_unknown_profile_is_refused_before_running(tmp_path):
    from dltutor.execute import run_notebook
    from dltutor.profile import UnknownProfileError

    with pytest.raises(UnknownProfileError):
        run_notebook(SETUP, tmp_path / "out.ipynb", profile="quick")
    assert not (tmp_path / "out.ipynb").exists()
