"""Run a course notebook with papermill, checking its parameters first.

:func:`execute_run` is the one way the course runs a notebook, in the tests
and for the book alike: copied alone into an empty folder, as in Colab, with
the ``dltutor`` wheel on ``PYTHONPATH`` and its own records folder.
:func:`run_notebook` is the papermill call underneath, handy for instructors
who want to run a chapter with other settings::

    from dltutor.book.execute import run_notebook
    run_notebook("notebooks/mnist/pytorch.ipynb", "out.ipynb", cnn_epochs=3)

or from a shell, with papermill's ``-p NAME VALUE`` syntax::

    python -m dltutor.book.execute notebooks/mnist/pytorch.ipynb out.ipynb -p cnn_epochs 3

papermill itself only warns about a parameter the notebook does not declare
and then runs with the defaults; :func:`run_notebook` refuses instead.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import layout
from .runs import Run


class UnknownParameterError(ValueError):
    """A parameter was passed that the notebook's ``parameters`` cell lacks."""


def notebook_parameters(path: str | Path) -> dict[str, Any]:
    """The parameters a notebook declares in its cell tagged ``parameters``.

    Maps each name to papermill's description of it (``default`` holds the
    literal as written in the cell).
    """
    import papermill

    found = papermill.inspect_notebook(str(path))
    if not found:
        raise UnknownParameterError(
            f"{path} has no cell tagged 'parameters'; tag one so papermill can set it."
        )
    return dict(found)


def check_parameters(path: str | Path, parameters: dict[str, Any]) -> None:
    """Raise :class:`UnknownParameterError` for names the notebook does not declare."""
    declared = notebook_parameters(path)
    unknown = sorted(set(parameters) - set(declared))
    if unknown:
        raise UnknownParameterError(
            f"{path} has no parameter(s) {', '.join(unknown)}; "
            f"it accepts: {', '.join(sorted(declared))}."
        )


@contextmanager
def environment(values: dict[str, str]) -> Iterator[None]:
    """Set environment variables for the duration of a ``with`` block."""
    saved = {key: os.environ.get(key) for key in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, old in saved.items():
            if old is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = old


def run_notebook(
    path: str | Path,
    output_path: str | Path,
    *,
    cwd: str | Path | None = None,
    env: dict[str, str] | None = None,
    timeout: int = 600,
    **parameters: Any,
) -> Any:
    """Execute ``path`` into ``output_path`` and return the executed notebook.

    The kernel starts in ``cwd`` (default: the notebook's own folder, as in
    JupyterLab), ``env`` adds environment variables for the kernel, and every
    keyword argument is a parameter that must exist in the notebook's
    ``parameters`` cell.
    """
    import papermill

    path = Path(path)
    check_parameters(path, parameters)
    with environment(dict(env or {})):
        return papermill.execute_notebook(
            str(path),
            str(output_path),
            parameters=parameters,
            cwd=str(cwd or path.parent),
            kernel_name="python3",
            progress_bar=False,
            execution_timeout=timeout,
        )


@dataclass
class ExecutedRun:
    """An executed run: the notebook with its outputs and the records it wrote."""

    run: Run
    notebook: Any
    results_dir: Path
    seconds: float
    #: The parameters papermill passed.
    parameters: dict[str, Any]

    def record(self, chapter: str, name: str) -> dict:
        """The record ``<chapter>/<name>.json`` this run wrote.

        Raises
        ------
        LookupError
            When the run wrote no such record.
        """
        path = self.results_dir / chapter / f"{name}.json"
        if not path.is_file():
            raise LookupError(f"{self.run.id} did not record {chapter}/{name}")
        return json.loads(path.read_text(encoding="utf-8"))

    def cell_text(self, tag: str | None = None) -> str:
        """All text output of the cells tagged ``tag`` (of every cell if ``None``)."""
        parts = []
        for cell in self.notebook.cells:
            if tag is None or tag in cell.get("metadata", {}).get("tags", []):
                for out in cell.get("outputs", []):
                    if out.get("output_type") == "stream":
                        parts.append(out["text"])
                    elif "data" in out and "text/plain" in out["data"]:
                        parts.append(out["data"]["text/plain"])
        return "".join(parts)

    def displayed(self, mime: str) -> str:
        """Everything the run displayed as ``mime`` (for example ``"text/html"``), joined."""
        return "".join(out.get("data", {}).get(mime, "") for cell in self.notebook.cells
                       for out in cell.get("outputs", []))


def execute_run(
    run: Run,
    folder: str | Path,
    *,
    parameters: dict[str, Any],
    env: dict[str, str],
    results: str | Path | None = None,
    timeout: int = 600,
) -> ExecutedRun:
    """Execute ``run`` alone in ``folder/alone`` against the built wheel.

    ``parameters`` are papermill's (checked against the ``parameters`` cell),
    ``env`` the kernel's environment on top of this process's (see
    :func:`dltutor.book.layout.kernel_env`). The kernel's records folder is
    ``results``, by default ``folder/results``. ``folder`` must not hold an
    earlier run.
    """
    from .wheel import wheel_site

    folder = Path(folder)
    alone = folder / "alone"
    alone.mkdir(parents=True)
    copy = alone / Path(run.path).name
    shutil.copyfile(layout.ROOT / run.path, copy)
    results = Path(results) if results is not None else folder / "results"
    results.mkdir(parents=True, exist_ok=True)
    kernel = {**env, "DLTUTOR_RESULTS_DIR": str(results), "PYTHONPATH": str(wheel_site())}
    start = time.perf_counter()
    executed = run_notebook(copy, folder / "executed.ipynb", cwd=alone, env=kernel, timeout=timeout,
                            **parameters)
    return ExecutedRun(run, executed, results, time.perf_counter() - start, dict(parameters))


def main(argv: list[str] | None = None) -> int:
    """Command line: ``python -m dltutor.book.execute IN OUT [-p NAME VALUE]...``."""
    import yaml

    parser = argparse.ArgumentParser(
        prog="python -m dltutor.book.execute",
        description="Run a course notebook with papermill, refusing unknown parameters.",
    )
    parser.add_argument("notebook", type=Path)
    parser.add_argument("output", type=Path)
    parser.add_argument("-p", "--parameter", nargs=2, action="append", default=[],
                        metavar=("NAME", "VALUE"), help="set a parameter (VALUE read as YAML)")
    parser.add_argument("--check", action="store_true",
                        help="only check the parameter names, run nothing")
    args = parser.parse_args(argv)
    parameters = {name: yaml.safe_load(value) for name, value in args.parameter}
    try:
        check_parameters(args.notebook, parameters)
    except UnknownParameterError as err:
        parser.exit(2, f"error: {err}\n")
    if not args.check:
        run_notebook(args.notebook, args.output, **parameters)
    return 0


if __name__ == "__main__":
    sys.exit(main())
