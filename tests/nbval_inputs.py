"""Write the notebooks nbval checks: committed checked outputs, smoke parameters injected.

nbval compares the stored outputs of the cells tagged ``nbval-check-output``
with a fresh run. The committed notebooks hold the reader's real parameter
values, so this writes copies, under the folder given on the command line,
with papermill's ``injected-parameters`` cell carrying the smoke values of
``tests/nbchecks``::

    python -m tests.nbval_inputs _build/nbval
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import nbformat
from papermill.iorw import load_notebook_node
from papermill.parameterize import parameterize_notebook

from tests.notebook_harness import ROOT, SMOKE, all_runs, toc_notebooks


def write_inputs(out_dir: Path) -> list[Path]:
    """Write one copy per book notebook into ``out_dir``; returns their paths."""
    all_runs()  # registers the smoke values
    shutil.rmtree(out_dir, ignore_errors=True)
    written = []
    for path in toc_notebooks():
        nb = load_notebook_node(str(ROOT / path))  # adds the metadata papermill expects
        if SMOKE.get(path):
            nb = parameterize_notebook(nb, SMOKE[path])
        target = out_dir / path
        target.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(nb, target)
        written.append(target)
    return written


if __name__ == "__main__":
    for written in write_inputs(Path(sys.argv[1])):
        print(written)
