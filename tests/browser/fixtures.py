"""Fixtures of the browser tests: the smoke book, served on 127.0.0.1, and headless Chromium.

``tests/conftest.py`` loads them as a plugin. The tests run only when asked for: ``pytest tests/browser``
or ``-m browser`` (``make browser``); ``tests/conftest.py`` deselects them
otherwise, so the unit and notebook runs never start a browser.

Without Chromium and its driver (Debian: ``apt-get install chromium
chromium-driver``) the tests are skipped, unless the environment variable
``CI`` is set: there a missing browser fails them.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from dltutor.book.build import SMOKE_MANIFEST as MANIFEST
from dltutor.book.build import SMOKE_SRC
from dltutor.book.layout import BUILD, EXECUTED, ROOT
from tests.data_server import serve_folder

HTML = SMOKE_SRC / "_build" / "html"
SCREENSHOTS = BUILD / "screenshots"
BUILD_COMMAND = [sys.executable, "-m", "dltutor.book.build", "--smoke"]
#: Inputs of the smoke book besides the executed notebooks: a change rebuilds it.
BOOK_INPUTS = ("_config.yml", "_toc.yml", "book")


# --- Chromium ---------------------------------------------------------------------------------

def _unavailable(reason: str) -> None:
    """Skip on a workstation; fail in CI, where the browser must be there."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set, so the browser tests must run)", pytrace=False)
    pytest.skip(reason)


#: Chromium first (Debian's package, installed by .ci/run); Chrome as found on
#: GitHub's Ubuntu runners, whose matching driver is in $CHROMEWEBDRIVER.
BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")


def find_browser() -> str | None:
    return next(filter(None, map(shutil.which, BROWSERS)), None)


def find_driver() -> str | None:
    folder = os.environ.get("CHROMEWEBDRIVER")
    if folder and Path(folder, "chromedriver").is_file():
        return str(Path(folder, "chromedriver"))
    return shutil.which("chromedriver")


@pytest.fixture(scope="session")
def chromium() -> tuple[str, str]:
    """Paths of the Chromium binary and of its chromedriver."""
    browser = find_browser()
    driver = find_driver()
    if not browser or not driver:
        _unavailable("needs Chromium and chromedriver "
                     "(Debian: apt-get install chromium chromium-driver)")
    try:
        import selenium  # noqa: F401
    except ImportError:
        _unavailable("needs selenium (make install)")
    return browser, driver


@pytest.fixture
def needs_chromium(chromium: tuple[str, str]) -> None:
    """A browser test skips (or fails in CI) without the browser, before building anything."""


@pytest.fixture(scope="session")
def driver(chromium: tuple[str, str]) -> Iterator[Any]:
    """Headless Chromium, driven through the system's chromedriver, console logs kept."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    browser, driver_path = chromium
    options = webdriver.ChromeOptions()
    options.binary_location = browser
    for argument in (
        "--headless=new",
        "--no-sandbox",  # Chromium's sandbox refuses to start as root, as in CI containers
        "--disable-dev-shm-usage",  # containers have a small /dev/shm
        "--window-size=1280,1000",
        "--no-first-run",
        "--disable-extensions",
        # Nothing but the local server answers: pages must not need the network,
        # and a test run must not depend on it (see KNOWN_HARMLESS in the tests).
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
    ):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    # An explicit driver path: Selenium Manager is never asked to find or download one.
    service = Service(executable_path=driver_path)
    chrome = webdriver.Chrome(service=service, options=options)
    chrome.set_page_load_timeout(60)
    try:
        yield chrome
    finally:
        chrome.quit()


# --- the smoke book ---------------------------------------------------------------------------

def _newest_mtime(path: Path) -> float:
    if path.is_file():
        return path.stat().st_mtime
    return max((p.stat().st_mtime for p in path.rglob("*") if p.is_file()), default=0.0)


def smoke_book_is_stale() -> bool:
    """True when the smoke book is missing or older than what it is built from."""
    index = HTML / "index.html"
    if not index.is_file() or not MANIFEST.is_file():
        return True
    inputs = [EXECUTED, *(ROOT / name for name in BOOK_INPUTS)]
    return max(_newest_mtime(path) for path in inputs) > index.stat().st_mtime


@pytest.fixture(scope="session")
def smoke_html() -> Path:
    """The smoke book's HTML folder, built first when missing or stale."""
    if smoke_book_is_stale():
        done = subprocess.run(BUILD_COMMAND, cwd=ROOT, check=False, capture_output=True, text=True)
        if done.returncode != 0:
            output = (done.stdout + done.stderr)[-4000:]
            pytest.fail(f"python -m dltutor.book.build --smoke failed (exit {done.returncode}):\n"
                        f"{output}", pytrace=False)
    return HTML


@pytest.fixture(scope="session")
def book_url(smoke_html: Path) -> Iterator[str]:
    """Base URL of the smoke book, served over HTTP on 127.0.0.1 (search needs HTTP)."""
    with serve_folder(smoke_html) as url:
        yield url


@pytest.fixture(scope="session")
def screenshots() -> Path:
    """Folder for the screenshots kept as build artefacts."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS
