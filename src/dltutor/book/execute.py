"""Run a course notebook with papermill, checking its parameters first.

Used by the test suite and handy for instructors who want to run a chapter
with other settings::

    from dltutor.execute import run_notebook
    run_notebook("notebooks/mnist/pytorch.ipynb", "out.ipynb", epochs=3)
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from .profile import ENV_VAR as PROFILE_VAR
from .profile import check_profile


class UnknownParameterError(ValueError):
    """A parameter was passed that the notebook's ``parameters`` cell lacks."""


def notebook_parameters(path: str | Path) -> dict[str, Any]:
    """The parameters a notebook declares in its cell tagged ``parameters``."""
    import papermill

    found = papermill.inspect_notebook(str(path))
    if not found:
        raise UnknownParameterError(
            f"{path} has no cell tagged 'parameters'; tag one so papermill can set it."
        )
    # Names starting with "_" are helpers (such as ``_defaults``), not parameters.
    return {name: info for name, info in found.items() if not name.startswith("_")}


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
def _environment(values: dict[str, str]) -> Iterator[None]:
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
    profile: str | None = None,
    env: dict[str, str] | None = None,
    timeout: int = 600,
    **parameters: Any,
) -> Any:
    """Execute ``path`` into ``output_path`` and return the executed notebook.

    The notebook runs in its own folder, so relative paths behave as in
    JupyterLab.  ``profile`` sets ``DLTUTOR_PROFILE`` for the kernel, ``env``
    adds other variables, and every keyword argument is a parameter that must
    exist in the notebook's ``parameters`` cell.
    """
    import papermill

    path = Path(path)
    check_parameters(path, parameters)
    variables = dict(env or {})
    if profile is not None:
        variables[PROFILE_VAR] = check_profile(profile)
    with _environment(variables):
        return papermill.execute_notebook(
            str(path),
            str(output_path),
            parameters=parameters,
            cwd=str(path.parent),
            kernel_name="python3",
            progress_bar=False,
            execution_timeout=timeout,
        )
