"""Compare the checked cells of an executed notebook with the outputs stored in the repository.

A code cell tagged ``nbval-check-output`` (:data:`dltutor.book.layout.CHECK_TAG`)
is committed with its output; a fresh run must print the same. The rules are
nbval's ``--nbval-lax`` ones, which the course used before it ran every
notebook with one executor:

- streams of the same name are joined, and ``\\b`` and a ``\\r`` that is
  not before a newline erase what they would erase in a terminal;
- every output field is compared (stdout, stderr, each MIME type of rich
  outputs) except metadata, tracebacks, execution counts and images;
- memory addresses, temporary paths and float digits after the sixth
  decimal are masked first (:data:`SANITIZE`).

``python -m dltutor.book.refresh`` stores fresh outputs in those cells.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

from .layout import CHECK_TAG

__all__ = ["CheckedOutputError", "SANITIZE", "assert_checked_outputs", "checked_output_differences"]

#: Text that may differ between runs: (pattern, replacement), applied in order.
SANITIZE: tuple[tuple[str, str], ...] = (
    (r"0x[0-9a-fA-F]+", "0xADDRESS"),
    (r"/tmp/[^\s'\"]+", "TMPPATH"),
    (r"(\d+\.\d{6})\d+", r"\1"),
)
#: Output fields and MIME types never compared.
NOT_COMPARED = frozenset({"metadata", "traceback", "prompt_number", "output_type", "name",
                          "execution_count", "transient", "image/png", "image/jpeg",
                          "application/vnd.jupyter.widget-view+json"})
_BACKSPACE = re.compile("[^\n]\x08")
_CARRIAGE_RETURN = re.compile(r"^.*\r(?=[^\n])", re.MULTILINE)


class CheckedOutputError(AssertionError):
    """A checked cell printed something other than its stored output."""


def _terminal_text(text: str) -> str:
    previous = None
    while previous != text:
        previous, text = text, _BACKSPACE.sub("", text)
    return _CARRIAGE_RETURN.sub("", text)


def _sanitize(value: Any) -> Any:
    if isinstance(value, list):  # multi-line text as nbformat may store it
        value = "".join(value)
    if not isinstance(value, str):
        return value
    for pattern, replacement in SANITIZE:
        value = re.sub(pattern, replacement, value)
    return value


def comparable(outputs: list[Any]) -> dict[str, list[Any]]:
    """The fields of a cell's outputs that are compared, sanitised, by field name."""
    streams: dict[str, str] = {}
    fields: dict[str, list[Any]] = defaultdict(list)
    for out in outputs:
        if out.get("output_type") == "stream":
            text = out.get("text", "")
            streams[out["name"]] = streams.get(out["name"], "") + (
                "".join(text) if isinstance(text, list) else text)
            continue
        for key, value in out.items():
            if key == "data":
                for mime, content in value.items():
                    if mime not in NOT_COMPARED:
                        fields[mime].append(_sanitize(content))
            elif key not in NOT_COMPARED:
                fields[key].append(_sanitize(value))
    for name, text in streams.items():
        fields[name].append(_sanitize(_terminal_text(text)))
    return dict(fields)


def checked_output_differences(reference: Any, executed: Any) -> list[str]:
    """One message per checked cell of ``reference`` whose output ``executed`` does not match.

    Cells are matched by their id (papermill keeps ids and adds only its
    ``injected-parameters`` cell).
    """
    ran = {cell.get("id"): cell for cell in executed.cells}
    problems = []
    for index, cell in enumerate(reference.cells):
        if cell.cell_type != "code" or CHECK_TAG not in cell.get("metadata", {}).get("tags", []):
            continue
        where = f"cell {index} (id {cell.get('id')})"
        if cell.get("id") not in ran:
            problems.append(f"{where}: not in the executed notebook")
            continue
        want, got = comparable(cell.outputs), comparable(ran[cell.get("id")].outputs)
        if set(want) != set(got):
            problems.append(f"{where}: stored output has {sorted(want)}, the run printed {sorted(got)}")
            continue
        for key in want:
            if want[key] != got[key]:
                problems.append(f"{where}, {key}:\n--- stored\n{_show(want[key])}\n"
                                f"+++ this run\n{_show(got[key])}")
                break
    return problems


def _show(values: list[Any]) -> str:
    return "\n".join(str(v)[:2000] for v in values)


def assert_checked_outputs(reference: Any, executed: Any, name: str = "notebook") -> int:
    """Raise :class:`CheckedOutputError` unless every checked cell printed its stored output.

    Returns how many cells were compared.
    """
    problems = checked_output_differences(reference, executed)
    if problems:
        raise CheckedOutputError(f"{name}: {len(problems)} checked cell(s) differ from their stored "
                                 "output (python -m dltutor.book.refresh stores new ones):\n\n"
                                 + "\n\n".join(problems))
    return sum(1 for c in reference.cells
               if c.cell_type == "code" and CHECK_TAG in c.get("metadata", {}).get("tags", []))
