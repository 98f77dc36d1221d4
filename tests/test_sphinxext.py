"""The notebook-code-tabs directive renders tagged cells as synced tabs."""

from __future__ import annotations

import io
from pathlib import Path

import nbformat
import pytest

from dltutor.book.sphinxext import (
    CodeTab,
    parse_notebooks,
    render_myst,
    render_rst,
    sync_key,
)


def _notebook(path: Path, cells: list[tuple[str, list[str]]]) -> None:
    nb = nbformat.v4.new_notebook()
    for source, tags in cells:
        cell = nbformat.v4.new_code_cell(source)
        cell.metadata["tags"] = tags
        nb.cells.append(cell)
    nbformat.write(nb, path)


def test_parse_notebooks():
    assert parse_notebooks("A=a.ipynb; B = sub/b.ipynb;") == [("A", "a.ipynb"), ("B", "sub/b.ipynb")]
    with pytest.raises(ValueError):
        parse_notebooks("a.ipynb")
    with pytest.raises(ValueError):
        parse_notebooks(" ; ")


def test_sync_key():
    assert sync_key("PyTorch") == "pytorch"
    assert sync_key("Keras (torch)") == "keras-torch"
    with pytest.raises(ValueError):
        sync_key("!!")


def test_render_myst_fence_outgrows_backticks_in_code():
    code = 'doc = """\n```python\nx\n```\n"""\n'
    text = render_myst([CodeTab("PyTorch", "pytorch", code, "cap")], "framework")
    assert ":sync-group: framework" in text
    assert ":sync: pytorch" in text
    assert "````{code-block} python" in text  # four backticks: longer than the three inside
    assert ":caption: cap" in text


def test_render_rst_indents_code():
    text = render_rst([CodeTab("Keras", "keras", "a = 1\n\nb = 2\n")], "fw")
    assert "   .. tab-item:: Keras" in text
    assert "         a = 1\n\n         b = 2\n" in text


def _build(tmp_path: Path, pages: dict[str, str]) -> tuple[str, str, Path]:
    from sphinx.application import Sphinx

    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text(
        "extensions = ['myst_parser', 'dltutor.book.sphinxext']\n"
        "myst_enable_extensions = ['colon_fence']\n"
        "exclude_patterns = ['*.ipynb']\n",
        encoding="utf-8",
    )
    toc = "\n".join(Path(name).stem for name in pages if name != "index.md")
    pages = {"index.md": f"# Index\n\n```{{toctree}}\n{toc}\n```\n", **pages}
    for name, text in pages.items():
        (src / name).write_text(text, encoding="utf-8")
    _notebook(src / "pytorch.ipynb", [("import torch", ["other"]), ("model = Net()", ["show-model"])])
    _notebook(src / "keras.ipynb", [("model = keras.Sequential([])", ["show-model"])])
    out = tmp_path / "html"
    status, warnings = io.StringIO(), io.StringIO()
    app = Sphinx(str(src), str(src), str(out), str(tmp_path / "doctrees"), "html",
                 status=status, warning=warnings, freshenv=True)
    app.build()
    return status.getvalue(), warnings.getvalue(), out


TABS = (
    "```{notebook-code-tabs} show-model\n"
    ":notebooks: PyTorch=pytorch.ipynb; Keras=keras.ipynb\n```\n"
)


def test_directive_builds_synced_tabs_from_myst_and_rst(tmp_path):
    rst = (
        "RST page\n========\n\n.. notebook-code-tabs:: show-model\n"
        "   :notebooks: PyTorch=pytorch.ipynb; Keras=keras.ipynb\n"
    )
    _, warnings, out = _build(tmp_path, {"page.md": "# Page\n\n" + TABS, "other.rst": rst})
    assert warnings.strip() == "", warnings
    for page in ("page.html", "other.html"):
        html = (out / page).read_text(encoding="utf-8")
        assert "sd-tab-set" in html, page
        assert 'data-sync-group="framework"' in html and 'data-sync-id="keras"' in html, page
        assert "Net" in html and "Sequential" in html, page
        assert "import torch" not in html, f"{page} shows an untagged cell"
        assert "pytorch.ipynb, cells tagged show-model" in html, page


def test_missing_tag_or_notebook_is_reported(tmp_path):
    page = (
        "# Page\n\n```{notebook-code-tabs} show-train-step\n"
        ":notebooks: PyTorch=pytorch.ipynb\n```\n\n"
        "```{notebook-code-tabs} show-model\n:notebooks: JAX=jax.ipynb\n```\n"
    )
    _, warnings, _ = _build(tmp_path, {"page.md": page})
    assert "no code cell tagged 'show-train-step'" in warnings
    assert "no notebook 'jax.ipynb'" in warnings
