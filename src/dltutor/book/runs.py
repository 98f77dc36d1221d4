"""Which runs of the course's notebooks exist, from the settings each notebook carries.

A notebook says how it is run in its own metadata, under ``"dltutor"``::

    "metadata": {
      "dltutor": {
        "smoke": {"epochs": 1, "train_size": 2000},
        "variants": [{"backend": "torch"}],
        "timed": true,
        "reads_records": "cifar10"
      }
    }

``smoke``
    the small parameter values the tests run it with (its ``parameters``
    cell keeps the reader's real ones);
``variants``
    further runs, each with these parameters on top (the Keras notebooks on
    the torch backend);
``timed``
    it measures wall time, so the tests run it with nothing else running;
``reads_records``
    it reads the records of that chapter (a comparison page): the book
    reruns it whenever they change.

Every key is optional. :func:`run_settings` reads them, and :func:`all_runs`
lists every run: each notebook of ``_toc.yml`` once, then its variants.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import layout

__all__ = ["Run", "RunSettings", "RunSettingsError", "all_runs", "run_settings"]

SETTINGS_KEY = "dltutor"
KNOWN_KEYS = frozenset({"smoke", "variants", "timed", "reads_records"})


class RunSettingsError(ValueError):
    """A notebook's ``dltutor`` metadata is malformed."""


@dataclass(frozen=True)
class RunSettings:
    """How a notebook is run: its smoke values, its variants, whether it is timed."""

    smoke: dict[str, Any] = field(default_factory=dict)
    variants: tuple[dict[str, Any], ...] = ()
    timed: bool = False
    reads_records: str | None = None


def run_settings(path: str | Path) -> RunSettings:
    """The run settings of the notebook at ``path`` (see the module docstring).

    Raises
    ------
    RunSettingsError
        For an unknown key or a value of the wrong type, naming the notebook.
    """
    metadata = json.loads(Path(path).read_text(encoding="utf-8")).get("metadata", {})
    raw = metadata.get(SETTINGS_KEY, {})
    unknown = sorted(set(raw) - KNOWN_KEYS)
    if unknown:
        raise RunSettingsError(f"{path}: unknown metadata.{SETTINGS_KEY} key(s) {', '.join(unknown)}; "
                               f"known: {', '.join(sorted(KNOWN_KEYS))}")
    smoke, variants = raw.get("smoke", {}), raw.get("variants", [])
    if not isinstance(smoke, dict) or not all(isinstance(v, dict) and v for v in variants):
        raise RunSettingsError(f"{path}: metadata.{SETTINGS_KEY}.smoke must be an object and "
                               "variants a list of non-empty objects of parameter values")
    reads = raw.get("reads_records")
    if reads is not None and not isinstance(reads, str):
        raise RunSettingsError(f"{path}: metadata.{SETTINGS_KEY}.reads_records must be a chapter name")
    return RunSettings(dict(smoke), tuple(dict(v) for v in variants), bool(raw.get("timed", False)),
                       reads)


@dataclass(frozen=True)
class Run:
    """One execution of a notebook: its path and the extra parameters of a variant."""

    path: str
    extra: tuple[tuple[str, Any], ...] = ()

    @classmethod
    def of(cls, path: str, **extra: Any) -> Run:
        """The run of ``path`` with these variant parameters (none: the main run)."""
        return cls(path, tuple(sorted(extra.items())))

    @property
    def id(self) -> str:
        """``notebooks/mnist/keras.ipynb[backend=torch]``; the main run is the bare path."""
        added = ",".join(f"{k}={v}" for k, v in self.extra)
        return self.path + (f"[{added}]" if added else "")

    @property
    def slug(self) -> str:
        """A folder name for this run, e.g. ``mnist-keras-backend-torch``."""
        name = self.id.removeprefix("notebooks/").replace(".ipynb", "")
        return re.sub(r"[^A-Za-z0-9_.]+", "-", name).strip("-")

    @property
    def settings(self) -> RunSettings:
        """The notebook's run settings."""
        return run_settings(layout.ROOT / self.path)

    @property
    def smoke_parameters(self) -> dict[str, Any]:
        """The tests' values: the notebook's smoke values, then the variant's own."""
        return {**self.settings.smoke, **dict(self.extra)}

    @property
    def book_parameters(self) -> dict[str, Any]:
        """The book's values: the notebook's own, but for the variant's."""
        return dict(self.extra)

    @property
    def timed(self) -> bool:
        """Whether the notebook measures wall time (run it alone)."""
        return self.settings.timed


def all_runs(root: Path | None = None) -> list[Run]:
    """Every notebook of ``_toc.yml`` once, each followed by its variants, in toc order."""
    root = layout.ROOT if root is None else root
    runs = []
    for path in layout.toc_notebooks(root):
        runs.append(Run(path))
        runs += [Run.of(path, **extra) for extra in run_settings(root / path).variants]
    return runs
