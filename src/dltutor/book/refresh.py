"""Store fresh outputs in a notebook's nbval-checked cells, and strip the rest.

Run after editing a notebook:

    python tools/refresh_checked_outputs.py notebooks/mnist/pytorch.ipynb [...]

Each notebook is executed under the test settings (the smoke parameter
values from ``tests/nbchecks``, bundled sample data, throw-away results folder). Cells tagged ``nbval-check-output``
get ``keep_output: true``, the outputs of that run and an execution count
(nbval skips cells without one); every other cell is committed empty, as
nbstripout would leave it.
"""

from __future__ import annotations

import argparse
import copy
import sys
import tempfile
from pathlib import Path

import nbformat
from nbstripout import strip_output

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # for tests.notebook_harness

from dltutor.book.execute import run_notebook  # noqa: E402
from tests.notebook_harness import KERNEL_ENV, ROOT, SMOKE, all_runs  # noqa: E402

CHECK_TAG = "nbval-check-output"


def refresh(path: Path) -> int:
    """Execute ``path`` and rewrite it; returns how many cells are checked."""
    with tempfile.TemporaryDirectory() as tmp:
        env = {**KERNEL_ENV, "DLTUTOR_RESULTS_DIR": str(Path(tmp) / "results")}
        smoke = SMOKE.get(path.resolve().relative_to(ROOT).as_posix(), {})
        executed = run_notebook(path, Path(tmp) / "out.ipynb", env=env, **smoke)
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
    # nbval treats a cell with outputs but no execution count as never run,
    # so checked cells get a count: their position among the checked cells.
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
    all_runs()  # registers the smoke values of tests/nbchecks
    for path in args.notebooks:
        print(f"{path}: {refresh(path)} checked cell(s) refreshed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
