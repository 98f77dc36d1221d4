"""Sphinx extension: show tagged notebook cells side by side in synced tabs.

A comparison page writes (in MyST)::

    ```{notebook-code-tabs} show-model
    ```

and gets one sphinx-design tab per framework (PyTorch | TensorFlow | Keras),
each holding the code of the cells tagged ``show-model`` in that framework's
notebook.  The code is read from the notebooks at build time, so the page
always shows exactly what the executed notebooks ran.  Tabs of every such
block on a site switch together (a sync group), so a reader who picks Keras
once sees Keras everywhere.

Enable it with ``extra_extensions: [dltutor.book.sphinxext]`` under ``sphinx:`` in
Jupyter Book's ``_config.yml`` (or ``extensions`` in a Sphinx ``conf.py``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from docutils import nodes
from docutils.parsers.rst import directives
from docutils.statemachine import StringList
from sphinx.util.docutils import SphinxDirective

from .. import __version__
from .nbsource import MissingTagError, tagged_source

__all__ = [
    "DEFAULT_NOTEBOOKS",
    "CodeTab",
    "NotebookCodeTabs",
    "parse_notebooks",
    "render_myst",
    "render_rst",
    "setup",
    "sync_key",
]

#: Tabs shown when the directive names no notebooks: label -> path relative
#: to the page that uses the directive.
DEFAULT_NOTEBOOKS = "PyTorch=pytorch.ipynb; TensorFlow=tensorflow.ipynb; Keras=keras.ipynb"


@dataclass(frozen=True)
class CodeTab:
    """One tab: its label, its sync key and the code it shows."""

    label: str
    key: str
    code: str
    caption: str = ""


def sync_key(label: str) -> str:
    """The sync key of a tab label: lower case, letters and digits joined by '-'."""
    key = re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")
    if not key:
        raise ValueError(f"tab label {label!r} gives an empty sync key")
    return key


def parse_notebooks(spec: str) -> list[tuple[str, str]]:
    """Parse ``"Label=path; Label=path"`` into ``[(label, path), ...]``."""
    pairs = []
    for item in spec.replace("\n", ";").split(";"):
        item = item.strip()
        if not item:
            continue
        label, sep, path = item.partition("=")
        if not sep or not label.strip() or not path.strip():
            raise ValueError(f"expected 'Label=notebook.ipynb', got {item!r}")
        pairs.append((label.strip(), path.strip()))
    if not pairs:
        raise ValueError("no notebooks given")
    return pairs


def _fence(code: str) -> str:
    """A backtick fence longer than any backtick run inside ``code``."""
    longest = max((len(run) for run in re.findall(r"`+", code)), default=0)
    return "`" * max(3, longest + 1)


def render_myst(tabs: list[CodeTab], sync_group: str, language: str = "python") -> str:
    """MyST Markdown for a synced sphinx-design tab set holding ``tabs``."""
    out = ["::::{tab-set}", f":sync-group: {sync_group}", ""]
    for tab in tabs:
        fence = _fence(tab.code)
        out += [f":::{{tab-item}} {tab.label}", f":sync: {tab.key}", ""]
        out.append(f"{fence}{{code-block}} {language}")
        if tab.caption:
            out.append(f":caption: {tab.caption}")
        out += ["", *tab.code.rstrip("\n").splitlines(), fence, ":::", ""]
    out.append("::::")
    return "\n".join(out) + "\n"


def render_rst(tabs: list[CodeTab], sync_group: str, language: str = "python") -> str:
    """reStructuredText for the same synced tab set."""
    out = [".. tab-set::", f"   :sync-group: {sync_group}", ""]
    for tab in tabs:
        out += [f"   .. tab-item:: {tab.label}", f"      :sync: {tab.key}", ""]
        out.append(f"      .. code-block:: {language}")
        if tab.caption:
            out.append(f"         :caption: {tab.caption}")
        out.append("")
        out += [f"         {line}" if line else "" for line in tab.code.rstrip("\n").splitlines()]
        out.append("")
    return "\n".join(out) + "\n"


class NotebookCodeTabs(SphinxDirective):
    """``notebook-code-tabs TAG``: the cells tagged TAG of several notebooks, in tabs.

    Options: ``notebooks`` (``"Label=path; ..."``, paths relative to the
    page), ``sync-group`` (default ``framework``), ``language`` (default
    ``python``) and the flag ``no-caption``.
    """

    required_arguments = 1
    optional_arguments = 0
    has_content = False
    option_spec = {
        "notebooks": directives.unchanged,
        "sync-group": directives.unchanged,
        "language": directives.unchanged,
        "no-caption": directives.flag,
    }

    def run(self) -> list[nodes.Node]:
        tag = self.arguments[0]
        try:
            pairs = parse_notebooks(self.options.get("notebooks", DEFAULT_NOTEBOOKS))
        except ValueError as exc:
            raise self.error(f"notebook-code-tabs: {exc}") from exc
        tabs = []
        for label, path in pairs:
            rel, absolute = self.env.relfn2path(path, self.env.docname)
            self.env.note_dependency(rel)  # rebuild the page when the notebook changes
            try:
                code = tagged_source(absolute, tag)
            except FileNotFoundError as exc:
                raise self.error(f"notebook-code-tabs: no notebook {path!r} ({exc})") from exc
            except MissingTagError as exc:
                raise self.error(f"notebook-code-tabs: {exc}") from exc
            caption = "" if "no-caption" in self.options else f"{path}, cells tagged {tag}"
            tabs.append(CodeTab(label, sync_key(label), code, caption))
        group = self.options.get("sync-group", "framework")
        language = self.options.get("language", "python")
        if type(self.state).__module__.startswith("myst_parser"):
            text = render_myst(tabs, group, language)
        else:
            text = render_rst(tabs, group, language)
        container = nodes.container()
        self.state.nested_parse(StringList(text.splitlines(), source=self.get_source_info()[0]),
                                self.content_offset, container)
        return list(container.children)


def setup(app: Any) -> dict[str, Any]:
    """Register the directive (and sphinx-design, which draws the tabs)."""
    app.setup_extension("sphinx_design")
    app.add_directive("notebook-code-tabs", NotebookCodeTabs)
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
