"""Headless Chromium reads the smoke book, the pages built from the notebooks the tests executed.

Nothing executes here: the notebook tests leave every executed notebook in
``_build/executed``, ``python -m dltutor.book.build --smoke`` builds the pages from
those copies (the ``smoke_html`` fixture runs it when the book is missing or
stale), and these tests open the pages over HTTP on 127.0.0.1:

* every page of the table of contents loads, and every image in its main
  content has loaded (``naturalWidth > 0``); pages that draw figures show at
  least one;
* on the MNIST comparison page, picking TensorFlow in one code tab set
  switches every synced tab set;
* the search page finds a word written in a notebook;
* the browser console holds no error;
* screenshots of the introduction and of the comparison page are kept in
  ``_build/screenshots/``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from dltutor.book.layout import toc_notebooks
from dltutor.book.toc import toc_files
from tests.browser.fixtures import EXECUTED, MANIFEST, ROOT

pytestmark = [pytest.mark.browser, pytest.mark.usefixtures("needs_chromium")]

PAGES = toc_files(ROOT / "_toc.yml")
COMPARE = "notebooks/mnist/compare"
INTRO = PAGES[0]

#: Pages whose notebooks draw figures. The executed copies must hold them: a
#: kernel on matplotlib's Agg backend, for one, silently shows no figure. Any
#: other page whose executed notebook has an image output is checked as well.
FIGURE_PAGES = {
    "notebooks/history/history",
    "notebooks/tensors/tensors",
    "notebooks/graphs/graphs",
    "notebooks/mnist/pytorch",
    "notebooks/mnist/tensorflow",
    "notebooks/mnist/keras",
    COMPARE,
}

#: A word the search must find, and the page it is written on (in the
#: notebook's own Markdown, so the search index is built from notebook text).
SEARCH_WORD = "broadcasting"
SEARCH_PAGE = "notebooks/tensors/tensors"

#: Console messages at level SEVERE that are not the book's fault. Each entry
#: is a regular expression matched against the message.
KNOWN_HARMLESS = (
    # The theme sets no favicon, so Chromium asks for /favicon.ico on its own
    # and gets a 404 from the test server; the pages never reference it.
    r"/favicon\.ico - Failed to load resource",
    # The browser resolves no host but 127.0.0.1 (--host-resolver-rules in
    # conftest.py), so a resource from another host (MathJax from its CDN on
    # pages with maths) fails to load by design. The book's own files are all
    # served from 127.0.0.1 and any failure of theirs is reported.
    r"^https?://(?!127\.0\.0\.1[:/])\S+ - Failed to load resource: net::ERR_NAME_NOT_RESOLVED",
    # Jupyter Book 1.0.4 with Sphinx 7.4 writes sphinx-thebe's inline
    # configuration script into every page twice (a stock one-page book does
    # it too, without this project's extensions). The second copy declares the
    # same constants again and is rejected; the first has already set them,
    # with the same values, so the launch buttons keep their configuration.
    r"Uncaught SyntaxError: Identifier 'THEBE_JS_URL' has already been declared",
    # On a reader's first visit (nothing stored yet) pydata-sphinx-theme 0.17
    # starts with an empty colour mode, reports it with console.error and
    # falls back to "auto", the intended mode. Only the empty mode is allowed.
    r'"Got invalid theme mode: \. Resetting to auto\."',
)


# --- helpers ----------------------------------------------------------------------------------

def page_url(base: str, page: str) -> str:
    return f"{base}{page}.html"


def wait_until(driver: Any, condition: Any, timeout: float = 20, message: str = "") -> Any:
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout, poll_frequency=0.1).until(condition, message)


def open_page(driver: Any, url: str) -> None:
    """Open ``url`` and wait until the document and all its images have finished loading."""
    driver.get(url)
    wait_until(driver, lambda d: d.execute_script("return document.readyState") == "complete",
               message=f"{url} did not finish loading")
    wait_until(driver, lambda d: d.execute_script(
        "return Array.from(document.images).every(img => img.complete)"),
        message=f"images of {url} did not finish loading")


def console_errors(driver: Any) -> list[str]:
    """SEVERE console entries since the last call, less the known harmless ones."""
    entries = driver.get_log("browser")  # reading the log also empties it
    return [
        entry["message"] for entry in entries
        if entry["level"] == "SEVERE"
        and not any(re.search(pattern, entry["message"]) for pattern in KNOWN_HARMLESS)
    ]


def executed_notebook(page: str) -> dict | None:
    path = EXECUTED / f"{page}.ipynb"
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


def shows_images(notebook: dict) -> bool:
    """Whether an executed notebook has an image output in a cell the page shows."""
    for cell in notebook.get("cells", []):
        tags = set(cell.get("metadata", {}).get("tags", []))
        if cell["cell_type"] != "code" or tags & {"remove-cell", "remove-output"}:
            continue
        for output in cell.get("outputs", []):
            if any(mime.startswith("image/") for mime in output.get("data", {})):
                return True
    return False


def markdown_text(notebook: dict) -> str:
    return "\n".join("".join(cell["source"]) for cell in notebook.get("cells", [])
                     if cell["cell_type"] == "markdown")


def save_screenshot(driver: Any, path: Path, full_page: bool = False) -> None:
    """A PNG of the window, or with ``full_page`` of the whole page (up to 8000 px high)."""
    size = driver.get_window_size()
    if full_page:
        height = driver.execute_script("return document.documentElement.scrollHeight")
        driver.set_window_size(size["width"], min(max(height, size["height"]), 8000))
    try:
        assert driver.save_screenshot(str(path)), f"no screenshot written to {path}"
    finally:
        driver.set_window_size(size["width"], size["height"])
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"


# --- tests ------------------------------------------------------------------------------------

def test_smoke_book_is_made_of_executed_notebooks(smoke_html: Path) -> None:
    manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))
    missing = sorted(set(toc_notebooks()) - set(manifest["executed"]))
    assert not missing, f"the smoke book's pages of {missing} were not made from executed copies"


@pytest.mark.parametrize("page", PAGES)
def test_page_loads_with_its_figures(driver: Any, book_url: str, page: str) -> None:
    from selenium.webdriver.common.by import By

    driver.get_log("browser")  # start with an empty console log
    open_page(driver, page_url(book_url, page))
    main = driver.find_element(By.ID, "main-content")
    assert main.find_elements(By.TAG_NAME, "h1"), f"{page}: no title in the main content"
    images = driver.execute_script(
        "return Array.from(document.querySelectorAll('#main-content img'))"
        ".map(img => [img.getAttribute('src'), img.naturalWidth])")
    broken = [src for src, width in images if not width]
    assert not broken, f"{page}: images that did not load: {broken}"
    notebook = executed_notebook(page)
    if page in FIGURE_PAGES or (notebook is not None and shows_images(notebook)):
        figures = main.find_elements(By.CSS_SELECTOR, ".cell_output img")
        assert figures, f"{page}: the notebook draws figures, but its page shows none"
    assert not console_errors(driver), f"{page}: console errors"


def test_code_tabs_switch_together(driver: Any, book_url: str, screenshots: Path) -> None:
    from selenium.webdriver.common.by import By

    driver.get_log("browser")
    open_page(driver, page_url(book_url, COMPARE))
    driver.execute_script("window.localStorage.clear()")  # sphinx-design keeps the last pick
    open_page(driver, page_url(book_url, COMPARE))

    def picked() -> list[str]:
        """For each synced tab set, the sync id of its selected tab."""
        return driver.execute_script("""
            return Array.from(document.querySelectorAll('.sd-tab-set'))
              .filter(set => set.querySelector('label[data-sync-group="framework"]'))
              .map(set => {
                const input = set.querySelector(':scope > input:checked');
                return document.querySelector(`label[for="${input.id}"]`).dataset.syncId;
              });""")

    before = picked()
    assert len(before) >= 2, f"expected several synced tab sets on {COMPARE}, found {len(before)}"
    assert set(before) == {"pytorch"}, f"every tab set should open on PyTorch: {before}"

    labels = driver.find_elements(By.CSS_SELECTOR, 'label.sd-tab-label[data-sync-id="tensorflow"]')
    assert labels and labels[0].text.strip() == "TensorFlow"
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", labels[0])
    labels[0].click()
    wait_until(driver, lambda d: set(picked()) == {"tensorflow"}, timeout=5,
               message=f"clicking TensorFlow once left the tab sets at {picked()}")

    # What shows is the TensorFlow notebook's code, in every tab set.
    for label in driver.find_elements(By.CSS_SELECTOR, "label.sd-tab-label[data-sync-id]"):
        content = driver.find_element(By.ID, label.get_attribute("aria-controls"))
        shown = label.get_attribute("data-sync-id") == "tensorflow"
        assert content.is_displayed() == shown, f"tab {label.text!r}: shown={content.is_displayed()}"
        if shown:
            assert "tensorflow.ipynb" in content.text

    # The first tab set with its heading, below the theme's sticky header bar.
    driver.execute_script("document.querySelector('.sd-tab-set').scrollIntoView({block: 'start'});"
                          "window.scrollBy(0, -140)")
    save_screenshot(driver, screenshots / "mnist-compare-tabs.png")
    assert not console_errors(driver), f"{COMPARE}: console errors"


def test_search_finds_a_word_from_a_notebook(driver: Any, book_url: str) -> None:
    from selenium.webdriver.common.by import By

    notebook = executed_notebook(SEARCH_PAGE)
    assert notebook is not None, f"no executed {SEARCH_PAGE}.ipynb"
    assert SEARCH_WORD in markdown_text(notebook).lower(), (
        f"{SEARCH_PAGE} no longer mentions {SEARCH_WORD!r}: pick another word")

    driver.get_log("browser")
    open_page(driver, f"{book_url}search.html?q={SEARCH_WORD}")
    wait_until(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#search-results li a"),
               timeout=30, message=f"no search results for {SEARCH_WORD!r}")
    links = [a.get_attribute("href")
             for a in driver.find_elements(By.CSS_SELECTOR, "#search-results li a")]
    assert any(f"{SEARCH_PAGE}.html" in link for link in links), links
    assert not console_errors(driver), "search page: console errors"


@pytest.mark.parametrize(("page", "name"), [(INTRO, "intro.png"), (COMPARE, "mnist-compare.png")])
def test_screenshot(driver: Any, book_url: str, screenshots: Path, page: str, name: str) -> None:
    driver.get_log("browser")
    open_page(driver, page_url(book_url, page))
    save_screenshot(driver, screenshots / name, full_page=True)
    assert not console_errors(driver), f"{page}: console errors"
