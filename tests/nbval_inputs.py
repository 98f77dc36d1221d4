"""Write the notebooks nbval checks: committed checked outputs, smoke parameters injected.

nbval compares the stored outputs of the cells tagged ``nbval-check-output``
with a fresh run. The committed notebooks hold the reader's real parameter
values, so this writes copies, under the folder given on the command line,
with papermill's ``injected-parameters`` cell carrying the smoke values of
``tests/nbchecks``, overridden by the smaller ones registered there with
``nbval_values`` (nbval checks deterministic cells, not learning). The notebooks that measure time go to a second folder,
which ``make nbval`` runs alone after the first::

    python -m tests.nbval_inputs _build/nbval _build/nbval-timed
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import nbformat
from papermill.iorw import load_notebook_node
from papermill.parameterize import parameterize_notebook

from tests.notebook_harness import NBVAL, ROOT, SMOKE, TIMED, all_runs, toc_notebooks


def write_inputs(out_dir: Path, timed_dir: Path | None = None) -> list[Path]:
    """Write one copy per book notebook into ``out_dir`` (timed ones into ``timed_dir``)."""
    all_runs()  # registers the smoke and nbval values
    timed_dir = timed_dir or out_dir
    for folder in {out_dir, timed_dir}:
        shutil.rmtree(folder, ignore_errors=True)
    written = []
    for path in toc_notebooks():
        nb = load_notebook_node(str(ROOT / path))  # adds the metadata papermill expects
        values = {**SMOKE.get(path, {}), **NBVAL.get(path, {})}
        if values:
            nb = parameterize_notebook(nb, values)
        target = (timed_dir if path in TIMED else out_dir) / path
        target.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, target)
        written.append(target)
    return written


if __name__ == "__main__":
    for written in write_inputs(*map(Path, sys.argv[1:3])):
        print(written)
