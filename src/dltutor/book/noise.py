"""Framework start-up log lines that must never reach a reader's page.

TensorFlow and PyTorch write some notices from C++ straight to the process's
standard error (oneDNN, CPU features, absl), where a Jupyter kernel may or
may not capture them into the notebook. The notebook tests and ``make book``
both check executed notebooks with :func:`noisy_lines`.

Run ``python -m dltutor.book.noise FOLDER`` to check every executed notebook
under ``FOLDER``; it exits with status 1 and lists the lines it found.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import nbformat

LOG_NOISE: tuple[str, ...] = (
    "absl::InitializeLog", "oneDNN custom operations", "cpu_feature_guard", "TF-TRT Warning",
    "Unable to register cu", "torch._dynamo", "NodeDef mentions attribute",
)


def noisy_lines(notebook: Any) -> list[str]:
    """Lines of the notebook's stderr outputs that hold a :data:`LOG_NOISE` marker."""
    text = "".join(
        out.get("text", "") for cell in notebook.cells for out in cell.get("outputs", [])
        if out.get("output_type") == "stream" and out.get("name") == "stderr"
    )
    return [line for line in text.splitlines() if any(marker in line for marker in LOG_NOISE)]


def check_folder(folder: Path) -> dict[Path, list[str]]:
    """Every executed notebook under ``folder`` that shows log noise, with its lines."""
    found = {}
    for path in sorted(folder.rglob("*.ipynb")):
        lines = noisy_lines(nbformat.read(path, as_version=4))
        if lines:
            found[path] = lines
    return found


def main(argv: Iterable[str] | None = None) -> int:
    folders = [Path(a) for a in (sys.argv[1:] if argv is None else argv)]
    if not folders:
        print("usage: python -m dltutor.book.noise FOLDER [FOLDER ...]", file=sys.stderr)
        return 2
    found = {path: lines for folder in folders for path, lines in check_folder(folder).items()}
    for path, lines in found.items():
        print(f"{path}: framework log noise would reach readers: {lines[0][:160]}")
    if found:
        print("Import TensorFlow inside dltutor.device.native_stderr_silenced() in those notebooks.")
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main())
