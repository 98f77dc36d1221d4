"""Markers (``gpu`` tests skip without CUDA; ``slow`` ones need ``--run-slow``) and data fixtures."""

from __future__ import annotations

import pytest

from tests.data_server import serve_folder, set_data_env


def pytest_addoption(parser):
    parser.addoption("--run-slow", action="store_true", help="also run tests marked slow")


def _cuda_available() -> bool:
    try:
        import torch
    except ImportError:
        return False
    return torch.cuda.is_available()


def pytest_collection_modifyitems(config, items):
    has_gpu = None
    for item in items:
        if "gpu" in item.keywords:
            if has_gpu is None:
                has_gpu = _cuda_available()
            if not has_gpu:
                item.add_marker(pytest.mark.skip(reason="needs a CUDA GPU"))
        if "slow" in item.keywords and not config.getoption("--run-slow"):
            item.add_marker(pytest.mark.skip(reason="slow: run with --run-slow"))


@pytest.fixture
def cache(monkeypatch, tmp_path):
    """An empty data cache (``DLTUTOR_DATA_DIR``) for the data tests."""
    return set_data_env(monkeypatch, tmp_path)


@pytest.fixture
def www(tmp_path):
    """A folder served on 127.0.0.1: yields (folder, base URL)."""
    folder = tmp_path / "www"
    folder.mkdir()
    with serve_folder(folder) as url:
        yield folder, url
