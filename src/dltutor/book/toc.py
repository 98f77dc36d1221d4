"""The book's table of contents (``_toc.yml``), parsed once with a YAML parser."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

SUFFIXES = (".ipynb", ".md", ".rst")


def toc_files(toc_path: str | Path) -> list[str]:
    """Every ``root`` and ``file`` entry of a Jupyter Book ``_toc.yml``, in reading order.

    Entries are returned as written (page names without a suffix, in the
    usual style); a suffix, if given, is dropped.
    """
    found: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key in ("root", "file"):
                if isinstance(node.get(key), str):
                    found.append(_without_suffix(node[key]))
            for key, value in node.items():
                if key not in ("root", "file") and isinstance(value, (list, dict)):
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(yaml.safe_load(Path(toc_path).read_text(encoding="utf-8")))
    return found


def _without_suffix(entry: str) -> str:
    for suffix in SUFFIXES:
        entry = entry.removesuffix(suffix)
    return entry
