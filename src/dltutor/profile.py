"""Run profiles: how much work a notebook does.

``DLTUTOR_PROFILE=smoke`` (used by the tests) trains for a few seconds on a
small subset; ``full`` (the default for readers) trains on everything the
chapter's data source offers.  Every notebook's papermill ``parameters`` cell
takes its defaults from :func:`defaults`, and papermill can override any of
them.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

ENV_VAR = "DLTUTOR_PROFILE"
DEFAULT_PROFILE = "full"

# Settings every chapter shares; a chapter section may override any of them.
_COMMON: dict[str, dict[str, Any]] = {
    "smoke": {
        "seed": 0,
        "data_source": "auto",
        "timing_repeats": 3,
        "timing_warmup": 1,
        "heavy_demos": False,
    },
    "full": {
        "seed": 0,
        "data_source": "auto",
        "timing_repeats": 7,
        "timing_warmup": 2,
        "heavy_demos": True,
    },
}

# Per-chapter settings. The three framework notebooks of a chapter read the
# same section, which is what keeps their comparison fair.
_CHAPTERS: dict[str, dict[str, dict[str, Any]]] = {
    "setup": {"smoke": {}, "full": {}},
    "history": {"smoke": {}, "full": {}},
    "tensors": {
        "smoke": {"epochs": 50, "learning_rate": 0.1, "n_points": 100},
        "full": {"epochs": 200, "learning_rate": 0.1, "n_points": 100},
    },
    "graphs": {
        # threads=None: all logical cores, the same number for every framework.
        # torch.compile's Inductor backend needs tens of seconds on a CPU the
        # first time, so the smoke profile captures graphs with "aot_eager"
        # (Dynamo + AOTAutograd, no code generation) instead.
        "smoke": {"batch_size": 64, "timing_steps": 3, "threads": None,
                  "compile_backend": "aot_eager"},
        "full": {"batch_size": 64, "timing_steps": 30, "threads": None,
                 "compile_backend": "inductor"},
    },
    "mnist": {
        # One section for pytorch.ipynb, tensorflow.ipynb and keras.ipynb, so
        # the three train the same models in the same way.
        "smoke": {
            "mlp_epochs": 1,
            "cnn_epochs": 1,
            "train_size": 2000,
            "test_size": 1000,
            "batch_size": 64,
            "learning_rate": 1e-3,
            "mlp_dropout": 0.2,
            "cnn_dropout": 0.25,
            "port_epochs": 1,  # porting.ipynb: a short training run is enough
            # CPU threads per framework (None: all cores). These models are
            # small; one thread each keeps the timings steady when other
            # programs share the CPU, where several threads would fight.
            "threads": 1,
        },
        "full": {
            "mlp_epochs": 30,  # the MLP is cheap and needs more passes
            "cnn_epochs": 15,
            "train_size": None,  # everything the source offers
            "test_size": None,
            "batch_size": 64,
            "learning_rate": 1e-3,
            "mlp_dropout": 0.2,
            "cnn_dropout": 0.25,
            "port_epochs": 1,
            "threads": 1,
        },
    },
}

PROFILES: tuple[str, ...] = tuple(_COMMON)
CHAPTERS: tuple[str, ...] = tuple(_CHAPTERS)


class UnknownProfileError(ValueError):
    """Raised for a profile or chapter name that does not exist."""


def current_profile() -> str:
    """Name of the active profile, from ``DLTUTOR_PROFILE`` (default ``full``)."""
    name = os.environ.get(ENV_VAR, "").strip().lower() or DEFAULT_PROFILE
    return check_profile(name)


def check_profile(name: str) -> str:
    """Return ``name`` if it is a known profile, else raise a helpful error."""
    if name not in _COMMON:
        raise UnknownProfileError(
            f"Unknown profile {name!r}. Set {ENV_VAR} to one of "
            f"{', '.join(PROFILES)} (or unset it for {DEFAULT_PROFILE!r})."
        )
    return name


def defaults(chapter: str, profile: str | None = None) -> Mapping[str, Any]:
    """Default notebook parameters of ``chapter`` under ``profile``.

    The result is read-only and always contains ``profile`` itself, so a
    notebook can record which profile it ran under.
    """
    name = check_profile(profile) if profile else current_profile()
    if chapter not in _CHAPTERS:
        raise UnknownProfileError(
            f"Unknown chapter {chapter!r}; known chapters: {', '.join(CHAPTERS)}. "
            "Add a section for it in dltutor/profile.py."
        )
    settings = {**_COMMON[name], **_CHAPTERS[chapter][name], "profile": name}
    return MappingProxyType(settings)
