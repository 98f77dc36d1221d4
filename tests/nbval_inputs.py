"""Write the copies nbval executes: every run of the suite, each alone, smoke values injected.

One copy per run of :func:`tests.notebook_harness.all_runs` (each book
notebook, plus variants such as the Keras notebooks on the torch backend),
with papermill's ``injected-parameters`` cell carrying the run's smoke values
from ``tests/nbchecks`` and its committed checked outputs, which nbval compares.
Each copy sits alone in an empty folder outside the checkout, as in Colab,
and its kernel imports the ``dltutor`` wheel built from the checkout. The
notebooks that measure time go to a second folder, which ``make nbval`` runs
alone after the first. The manifest (``_build/runs/manifest.json``) tells
:mod:`tests.nbval_capture` where each run's records and executed copy go::

    python -m tests.nbval_inputs            # write the copies and the manifest
    python -m tests.nbval_inputs --where   # print the folder holding parallel/ and timed/
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import tempfile
from pathlib import Path

import nbformat

from tests.notebook_harness import (
    EXECUTED,
    KERNEL_ENV,
    MANIFEST,
    ROOT,
    RUNS_DIR,
    TIMED,
    all_runs,
    wheel_site,
)

KINDS = ("parallel", "timed")


def input_dir(kind: str) -> Path:
    """Where the copies of one kind go: a folder of the system's temp dir, one per checkout."""
    checkout = hashlib.sha1(str(ROOT).encode()).hexdigest()[:8]
    return Path(tempfile.gettempdir()) / f"dltutor-nbval-{checkout}" / kind


def write_inputs() -> list[Path]:
    """Write one copy per run and the manifest; return the copies."""
    from papermill.iorw import load_notebook_node
    from papermill.parameterize import parameterize_notebook

    from dltutor.book.execute import check_parameters

    runs = all_runs()
    shutil.rmtree(input_dir(KINDS[0]).parent, ignore_errors=True)
    shutil.rmtree(RUNS_DIR, ignore_errors=True)
    manifest = {"kernel_env": {**KERNEL_ENV, "PYTHONPATH": str(wheel_site())}, "runs": {}}
    written = []
    for run in runs:
        values = run.parameters
        check_parameters(ROOT / run.path, values)
        nb = load_notebook_node(str(ROOT / run.path))  # adds the metadata papermill expects
        if values:
            nb = parameterize_notebook(nb, values)
        kind = "timed" if run.path in TIMED else "parallel"
        target = input_dir(kind) / run.slug / Path(run.path).name
        target.parent.mkdir(parents=True)
        nbformat.write(nb, target)
        manifest["runs"][str(target)] = {
            "id": run.id,
            "results": str(run.nbval_results),
            "executed": str(run.nbval_notebook),
            "book_copy": "" if run.extra else str(EXECUTED / run.path),
        }
        written.append(target)
    MANIFEST.parent.mkdir(parents=True, exist_ok=True)
    MANIFEST.write_text(json.dumps(manifest, indent=1), encoding="utf-8")
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--where", action="store_true",
                        help="only print the folder that holds the copies (parallel/, timed/)")
    args = parser.parse_args(argv)
    if args.where:
        print(input_dir(KINDS[0]).parent)
    else:
        print(f"{len(write_inputs())} copies under {input_dir(KINDS[0]).parent}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
