"""The suite's one conftest: test settings, markers, and the data fixtures.

- The environment is set before any test runs: the bundled samples, a
  throw-away records folder, no start-up logs. Kernels get theirs from
  :data:`dltutor.book.layout.KERNEL_ENV`.
- ``gpu`` tests skip without CUDA; ``slow`` ones need ``--run-slow``; the
  ``browser`` tests run only when ``-m`` or a path into ``tests/browser``
  asks for them (their fixtures are in ``tests/browser/fixtures.py``).
- The notebook runs are collected first, so that pytest-xdist starts the
  longest tests first.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

os.environ.setdefault("DLTUTOR_DATA", "sample")
os.environ.setdefault("DLTUTOR_RESULTS_DIR", tempfile.mkdtemp(prefix="dltutor-results-"))
os.environ.setdefault("MPLBACKEND", "Agg")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")

from tests.data_server import serve_folder, set_data_env  # noqa: E402

#: The browser tests' fixtures (Chromium, the smoke book on 127.0.0.1).
pytest_plugins = ["tests.browser.fixtures"]

BROWSER_TESTS = Path(__file__).resolve().parent / "browser"


def pytest_addoption(parser):
    parser.addoption("--run-slow", action="store_true", help="also run tests marked slow")


def _cuda_available() -> bool:
    try:
        import torch
    except ImportError:
        return False
    return torch.cuda.is_available()


def _asks_for_browser(config) -> bool:
    if config.option.markexpr:
        return True  # the marker expression decides
    start = config.invocation_params.dir
    for arg in config.args:
        path = (start / arg.split("::")[0]).resolve()
        if path == BROWSER_TESTS or BROWSER_TESTS in path.parents:
            return True
    return False


def pytest_collection_modifyitems(config, items):
    if not _asks_for_browser(config):
        browser = [item for item in items if item.get_closest_marker("browser")]
        if browser:
            config.hook.pytest_deselected(items=browser)
            items[:] = [item for item in items if not item.get_closest_marker("browser")]
    items.sort(key=lambda item: item.get_closest_marker("notebooks") is None)
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
