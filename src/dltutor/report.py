"""Small pieces the comparison pages use to show records: tables and hardware lines."""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from typing import Any

__all__ = ["hardware", "html_table"]


def html_table(header: Sequence[Any], rows: Iterable[Sequence[Any]]) -> Any:
    """An HTML table that renders the same in Jupyter and in the book.

    Parameters
    ----------
    header : sequence
        The column titles.
    rows : iterable of sequences
        The cells of each row; every cell is shown as ``str(cell)``, escaped.

    Returns
    -------
    IPython.display.HTML
        The table, for ``display()``.
    """
    from IPython.display import HTML

    def tr(cells: Sequence[Any], tag: str) -> str:
        return "<tr>" + "".join(f"<{tag}>{html.escape(str(c))}</{tag}>" for c in cells) + "</tr>"

    body = "".join(tr(row, "td") for row in rows)
    return HTML(f"<table><thead>{tr(header, 'th')}</thead><tbody>{body}</tbody></table>")


def hardware(record: dict[str, Any]) -> str:
    """The device, processor and CPU threads a record was made on, in one line.

    Parameters
    ----------
    record : dict
        A record written by :func:`dltutor.results.record` with ``device``,
        ``hardware`` and, optionally, ``threads`` (a number, or the sizes of
        the frameworks' thread pools by name).

    Returns
    -------
    str
        For example ``"cpu, Intel Xeon (2 cores), 1 CPU thread(s)"``.
    """
    hw, threads = record["hardware"], record.get("threads", "?")
    if isinstance(threads, dict):  # e.g. {"torch": 1}: the pool of whichever framework ran
        threads = "/".join(str(n) for n in sorted(set(threads.values())))
    return f"{record['device']}, {hw['cpu']} ({hw['cpu_count']} cores), {threads} CPU thread(s)"
