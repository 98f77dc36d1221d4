"""Store fresh outputs in a notebook's checked cells, and strip the rest.

Run after editing a notebook::

    python -m dltutor.book.refresh notebooks/mnist/pytorch.ipynb [...]

Each notebook is executed exactly as the tests execute its main run
(:func:`dltutor.book.execute.execute_run`: alone, against the wheel, with
the smoke values of its metadata, on the bundled samples). Cells tagged
``nbval-check-output`` get ``keep_output: true``, the outputs of that run
and an execution count; every other cell is committed empty, as nbstripout
would leave it.
"""

from __future__ import annotations

import argparse
import copy
import sys
import tempfile
from pathlib import Path

import nbformat
from nbstripout import strip_output

from . import layout
from .execute import execute_run
from .layout import CHECK_TAG
from .runs import Run


def refresh(path: Path) -> int:
    """Execute ``path`` and rewrite it; returns how many cells are checked."""
    run = Run(path.resolve().relative_to(layout.ROOT).as_posix())
    with tempfile.TemporaryDirectory() as tmp:
        executed = execute_run(run, tmp, parameters=run.smoke_parameters,
                               env=layout.kernel_env()).notebook
    source = nbformat.read(path, as_version=4)
    by_id = {cell.get("id"): cell for cell in executed.cells}
    checked = 0
    for cell in source.cells:
        if cell.cell_type != "code":
            continue
        cell.metadata.pop("keep_output", None)
        cell.outputs = []
        cell.execution_count = None
        if CHECK_TAG in cell.metadata.get("tags", []):
            ran = by_id[cell.get("id")]
            cell.metadata["keep_output"] = True
            cell.outputs = [o for o in ran.outputs if o.output_type != "display_data"]
            checked += 1
    clean = strip_output(copy.deepcopy(source), keep_output=False, keep_count=False, keep_id=True)
    # Checked cells get a count, their position among the checked cells, so
    # Jupyter shows their output as that of a run.
    count = 0
    for cell in clean.cells:
        if cell.cell_type == "code" and cell.metadata.get("keep_output"):
            count += 1
            cell.execution_count = count
    nbformat.write(clean, path)
    return checked


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="+", type=Path)
    args = parser.parse_args(argv)
    for path in args.notebooks:
        print(f"{path}: {refresh(path)} checked cell(s) refreshed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
