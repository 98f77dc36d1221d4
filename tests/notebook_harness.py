"""Which notebooks the suite executes, and how chapters add checks to them.

Every notebook listed in ``_toc.yml`` is executed once with papermill under
the smoke profile.  A chapter adds assertions about what a notebook recorded
with :func:`check`, and extra parameter sets (e.g. the Keras notebook on the
torch backend) with :func:`variant`, in a module of ``tests/nbchecks/``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import nbformat

ROOT = Path(__file__).resolve().parents[1]


def toc_notebooks() -> list[str]:
    """Notebook paths (relative to the root, with suffix) listed in ``_toc.yml``."""
    listed = re.findall(r"file:\s*([^\s#]+)", (ROOT / "_toc.yml").read_text(encoding="utf-8"))
    return [f"{entry}.ipynb" for entry in listed if (ROOT / f"{entry}.ipynb").is_file()]


@dataclass(frozen=True)
class NotebookRun:
    """One execution: a notebook and the parameters it runs with."""

    path: str
    parameters: tuple[tuple[str, Any], ...] = ()

    @property
    def id(self) -> str:
        extra = ",".join(f"{k}={v}" for k, v in self.parameters)
        return self.path + (f"[{extra}]" if extra else "")


@dataclass
class ExecutedNotebook:
    """What a check gets: the executed notebook and the records it wrote."""

    run: NotebookRun
    notebook: Any
    results_dir: Path
    seconds: float
    records: dict[tuple[str, str], dict] = field(default_factory=dict)

    def record(self, chapter: str, name: str) -> dict:
        """The record ``results/<chapter>/<name>.json`` this run wrote."""
        import json

        path = self.results_dir / chapter / f"{name}.json"
        assert path.is_file(), f"{self.run.id} did not record {chapter}/{name}"
        return json.loads(path.read_text(encoding="utf-8"))

    def cell_text(self, tag: str) -> str:
        """All text output of the cells tagged ``tag``."""
        parts = []
        for cell in self.notebook.cells:
            if tag in cell.get("metadata", {}).get("tags", []):
                for out in cell.get("outputs", []):
                    if out.get("output_type") == "stream":
                        parts.append(out["text"])
                    elif "data" in out and "text/plain" in out["data"]:
                        parts.append(out["data"]["text/plain"])
        return "".join(parts)


Check = Callable[[ExecutedNotebook], None]
CHECKS: dict[str, list[Check]] = {}
VARIANTS: list[NotebookRun] = []


def check(path: str, **parameters: Any) -> Callable[[Check], Check]:
    """Register ``fn`` to run on the execution of ``path`` with ``parameters``."""
    key = NotebookRun(path, tuple(sorted(parameters.items()))).id

    def register(fn: Check) -> Check:
        CHECKS.setdefault(key, []).append(fn)
        return fn

    return register


def variant(path: str, **parameters: Any) -> NotebookRun:
    """Also execute ``path`` with these papermill parameters."""
    run = NotebookRun(path, tuple(sorted(parameters.items())))
    VARIANTS.append(run)
    return run


def execute(
    path: str,
    tmp_path: Path,
    *,
    profile: str = "smoke",
    data: str = "sample",
    timeout: int = 600,
    **parameters: Any,
) -> ExecutedNotebook:
    """Run ``path`` with papermill, its records going to ``tmp_path/results``."""
    import time

    from dltutor.execute import run_notebook

    results = tmp_path / "results"
    start = time.perf_counter()
    executed = run_notebook(
        ROOT / path,
        tmp_path / "executed.ipynb",
        profile=profile,
        env={"DLTUTOR_RESULTS_DIR": str(results), "DLTUTOR_DATA": data},
        timeout=timeout,
        **parameters,
    )
    run = NotebookRun(path, tuple(sorted(parameters.items())))
    return ExecutedNotebook(run, executed, results, time.perf_counter() - start)


def all_runs() -> list[NotebookRun]:
    """Every toc notebook with its defaults, plus the registered variants."""
    import tests.nbchecks  # noqa: F401  (registers checks and variants)

    runs = [NotebookRun(p) for p in toc_notebooks()]
    return runs + [v for v in VARIANTS if v not in runs]


def read_notebook(path: Path) -> Any:
    """Read a notebook as nbformat v4."""
    return nbformat.read(path, as_version=4)
