"""Run settings come from each notebook's metadata, and the book's runs are cached by what they read."""

from __future__ import annotations

import json

import pytest

from dltutor.book import build, layout
from dltutor.book.runs import Run, RunSettingsError, all_runs, run_settings


def _notebook(tmp_path, settings):
    path = tmp_path / "n.ipynb"
    path.write_text(json.dumps({"cells": [], "metadata": {"dltutor": settings}, "nbformat": 4,
                                "nbformat_minor": 5}), encoding="utf-8")
    return path


def test_settings_are_read_from_the_metadata(tmp_path):
    settings = run_settings(_notebook(tmp_path, {"smoke": {"epochs": 1}, "variants": [{"backend": "torch"}],
                                                 "timed": True}))
    assert settings.smoke == {"epochs": 1} and settings.variants == ({"backend": "torch"},)
    assert settings.timed and settings.reads_records is None


@pytest.mark.parametrize("bad", [{"smok": {}}, {"smoke": [1]}, {"variants": [{}]}, {"reads_records": 3}])
def test_malformed_settings_name_the_notebook(tmp_path, bad):
    with pytest.raises(RunSettingsError, match="n.ipynb"):
        run_settings(_notebook(tmp_path, bad))


def test_every_notebook_runs_once_then_its_variants_in_toc_order():
    runs = all_runs()
    main = [run.path for run in runs if not run.extra]
    assert main == layout.toc_notebooks()
    for i, run in enumerate(runs):
        if run.extra:  # right after its notebook (or its notebook's other variants)
            assert runs[i - 1].path == run.path
    keras_torch = Run.of("notebooks/mnist/keras.ipynb", backend="torch")
    assert keras_torch in runs and keras_torch.id == "notebooks/mnist/keras.ipynb[backend=torch]"
    assert keras_torch.smoke_parameters["backend"] == "torch" and keras_torch.book_parameters == {
        "backend": "torch"}


def test_a_comparison_page_reruns_when_its_records_change(tmp_path, monkeypatch):
    monkeypatch.setattr(build, "BOOK_RESULTS", tmp_path)
    page, notebook = Run("notebooks/mnist/compare.ipynb"), Run("notebooks/mnist/pytorch.ipynb")
    before = build.cache_key(page, "package"), build.cache_key(notebook, "package")
    (tmp_path / "mnist").mkdir()
    (tmp_path / "mnist" / "pytorch-cnn.json").write_text("{}", encoding="utf-8")
    assert build.cache_key(page, "package") != before[0]
    assert build.cache_key(notebook, "package") == before[1]  # a training notebook reads no records
    assert build.cache_key(notebook, "other package") != before[1]


def test_assemble_refuses_a_missing_executed_notebook(tmp_path):
    with pytest.raises(build.BookBuildError, match="no executed copy"):
        build.assemble(tmp_path / "src", {})


def test_the_assembled_tree_turns_execution_off(tmp_path):
    executed = {nb: layout.ROOT / nb for nb in layout.toc_notebooks()}
    build.assemble(tmp_path / "src", executed)
    config = (tmp_path / "src" / "_config.yml").read_text(encoding="utf-8")
    assert "execute_notebooks: 'off'" in config or "execute_notebooks: off" in config
    for page in layout.toc_sources():
        assert (tmp_path / "src" / page).is_file(), page
