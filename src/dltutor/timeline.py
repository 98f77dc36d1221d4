"""The history chapter's timeline: a table of events and the figure drawn from it.

Each :class:`Event` names what happened, the month it happened (the date of
the release or publication that is cited), the BibTeX key of that source in
``book/references-history.bib`` and one sentence on why it matters for the
way the frameworks look today.  :func:`draw_timeline` turns the table into a
matplotlib figure in the course style.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from dataclasses import dataclass

import matplotlib
import matplotlib.pyplot as plt
from matplotlib.figure import Figure

from .plots import colour, style

LINEAGES: tuple[str, ...] = ("theano-keras", "torch", "tensorflow", "jax")
_LINEAGE_LABELS = {
    "theano-keras": "Theano, Chainer, Keras",
    "torch": "Torch, Caffe, PyTorch",
    "tensorflow": "TensorFlow",
    "jax": "JAX",
}
_LINEAGE_COLOURS = {
    "theano-keras": colour("keras"),
    "torch": colour("pytorch"),
    "tensorflow": colour("tensorflow"),
    "jax": colour("jax"),
}


@dataclass(frozen=True)
class Event:
    """One row of the timeline table.

    Parameters
    ----------
    month : str
        ``"YYYY-MM"``: when it happened (the cited source's release date).
    name : str
        What happened, e.g. ``"PyTorch 2.0: torch.compile"``.
    key : str
        The source's citation key in ``book/references-history.bib``.
    lineage : str
        The family the event belongs to, one of :data:`LINEAGES`.
    description : str
        One sentence on why it matters.
    """

    month: str  # "YYYY-MM": when it happened (the cited source's release date)
    name: str
    key: str  # citation key in book/references-history.bib
    lineage: str  # one of LINEAGES: the family the event belongs to
    description: str

    @property
    def date(self) -> _dt.date:
        """The first day of the event's month."""
        return _dt.date.fromisoformat(f"{self.month}-01")

    @property
    def year(self) -> float:
        """The date as a fractional year (2015-07 -> 2015.5), for plotting."""
        return self.date.year + (self.date.month - 1) / 12


EVENTS: tuple[Event, ...] = (
    Event("2010-06", "Theano", "hist:bergstra2010", "theano-keras",
          "Python builds a symbolic expression graph; Theano optimises it and "
          "compiles it to CPU or GPU code, with automatic gradients."),
    Event("2011-12", "Torch7", "hist:collobert2011", "torch",
          "Tensors and neural network modules scripted in Lua (run by LuaJIT) "
          "over a C/CUDA core; the ancestor of PyTorch's nn.Module."),
    Event("2014-06", "Caffe", "hist:jia2014", "torch",
          "Networks written as configuration files of layers, fast C++/CUDA "
          "kernels; its successor Caffe2 later merged into PyTorch."),
    Event("2015-03", "Keras", "hist:chollet2015", "theano-keras",
          "A small high-level API (layers, compile, fit) on top of Theano, "
          "soon also on TensorFlow."),
    Event("2015-06", "Chainer: define-by-run", "hist:tokui2015", "theano-keras",
          "The graph is recorded while ordinary Python code runs, so loops and "
          "ifs are plain Python: the model PyTorch adopted."),
    Event("2015-11", "TensorFlow released", "hist:abadi2015", "tensorflow",
          "Define-and-run: build a dataflow graph first, then execute parts of "
          "it with Session.run."),
    Event("2016-04", "Keras 1.0, multi-backend", "hist:chollet2016", "theano-keras",
          "One API, the computation delegated to Theano or TensorFlow "
          "(and later CNTK)."),
    Event("2017-01", "PyTorch", "hist:paszke2019", "torch",
          "Torch's ideas in Python with a C++ core, with Chainer-style "
          "define-by-run autograd and eager execution."),
    Event("2017-02", "TensorFlow 1.0", "hist:tf100", "tensorflow",
          "A stable API for graphs, placeholders and sessions."),
    Event("2017-11", "tf.keras in TensorFlow 1.4", "hist:tf140", "tensorflow",
          "Keras becomes part of TensorFlow's core API."),
    Event("2018-02", "JAX", "hist:frostig2018", "jax",
          "Composable transformations (grad, jit, later vmap) of NumPy-style "
          "Python functions, traced and compiled with XLA."),
    Event("2018-12", "PyTorch 1.0", "hist:pt100", "torch",
          "Caffe2 merged in; TorchScript (torch.jit) turns eager models into "
          "graphs for deployment (now deprecated in favour of torch.export)."),
    Event("2019-09", "TensorFlow 2.0", "hist:tf200", "tensorflow",
          "Eager execution by default; graphs come from tf.function, sessions "
          "only via tf.compat.v1."),
    Event("2020-06", "Keras 2.4: TensorFlow only", "hist:keras240", "theano-keras",
          "Multi-backend Keras discontinued; the keras package points to "
          "tf.keras."),
    Event("2021-08", "Keras 2.6: back in keras-team/keras", "hist:keras260", "theano-keras",
          "Keras code leaves the TensorFlow repository for its own; tf.keras "
          "becomes an alias of the keras pip package."),
    Event("2023-03", "PyTorch 2.0: torch.compile", "hist:pt200", "torch",
          "Opt-in graph capture from Python bytecode (TorchDynamo) and code "
          "generation (TorchInductor); eager stays the default."),
    Event("2023-11", "Keras 3: multi-backend again", "hist:keras3", "theano-keras",
          "One Keras on TensorFlow, JAX or PyTorch, chosen when Keras is "
          "imported."),
    Event("2024-03", "TensorFlow 2.16: tf.keras is Keras 3", "hist:tf2161", "tensorflow",
          "Installing TensorFlow installs Keras 3; Keras 2 lives on as the "
          "separate tf_keras package."),
)


def events(lineage: str | None = None) -> list[Event]:
    """The timeline's events in date order, optionally of one lineage only.

    Parameters
    ----------
    lineage : str or None, optional
        One of :data:`LINEAGES`; ``None`` (default) for every lineage.

    Returns
    -------
    list of ~dltutor.timeline.Event
        The events, oldest first.

    Raises
    ------
    ValueError
        If ``lineage`` is not one of :data:`LINEAGES`.
    """
    if lineage is not None and lineage not in LINEAGES:
        raise ValueError(f"unknown lineage {lineage!r}; choose from {', '.join(LINEAGES)}")
    chosen = [e for e in EVENTS if lineage is None or e.lineage == lineage]
    return sorted(chosen, key=lambda e: e.date)


def table(rows: Sequence[Event] | None = None) -> list[dict[str, str]]:
    """The events as plain dicts (month, event, lineage, description, citation key).

    Parameters
    ----------
    rows : sequence of ~dltutor.timeline.Event or None, optional
        The events; ``None`` (default) for all of them, see :func:`events`.

    Returns
    -------
    list of dict[str, str]
        One dict per event, in the order given, with the keys ``"month"``,
        ``"event"``, ``"lineage"`` (the label of the lineage's row, such as
        ``"TensorFlow"``), ``"description"`` and ``"key"``.
    """
    return [
        {"month": e.month, "event": e.name, "lineage": _LINEAGE_LABELS[e.lineage],
         "description": e.description, "key": e.key}
        for e in (events() if rows is None else rows)
    ]


def _label(event: Event) -> str:
    """Marker label: the name broken after ':' or ',' and the month below it."""
    name = event.name.replace(": ", ":\n").replace(", ", ",\n")
    return f"{name}\n{event.month}"


def _place_labels(chosen: Sequence[Event]) -> list[float]:
    """Vertical offset of each label: the nearest slot where it overlaps nothing.

    Slots alternate above and below the marker, then further out.  A label's
    width in years is estimated from its longest line.
    """
    slots = (0.35, -0.35, 0.9, -0.9, 1.45, -1.45)
    taken: dict[tuple[str, float], list[tuple[float, float]]] = {}
    offsets = []
    for event in chosen:
        half = 0.05 * max(len(line) for line in _label(event).splitlines())
        span = (event.year - half, event.year + half)
        for slot in slots:
            used = taken.setdefault((event.lineage, slot), [])
            if all(span[1] < lo or span[0] > hi for lo, hi in used):
                break
        used.append(span)
        offsets.append(slot)
    return offsets


def draw_timeline(
    rows: Sequence[Event] | None = None,
    *,
    title: str = "How the frameworks came about",
) -> Figure:
    """Draw the events on one time axis, one row (and colour) per lineage.

    Each label goes to the nearest free place above or below its marker, so
    that neighbours in the same row do not overlap.  Returns the figure
    without showing it.

    Parameters
    ----------
    rows : sequence of ~dltutor.timeline.Event or None, optional
        The events; ``None`` (default) for all of them, see :func:`events`.
        They are drawn in date order.
    title : str, optional
        The figure's title.

    Returns
    -------
    matplotlib.figure.Figure
        The timeline.

    Raises
    ------
    ValueError
        If there are no events.
    """
    chosen = sorted(events() if rows is None else rows, key=lambda e: e.date)
    if not chosen:
        raise ValueError("no events to draw")
    rows_used = [lin for lin in LINEAGES if any(e.lineage == lin for e in chosen)]
    offsets = _place_labels(chosen)
    reach = max(abs(o) for o in offsets) + 0.7
    level = {lin: (len(rows_used) - 1 - i) * 2 * reach for i, lin in enumerate(rows_used)}
    with style(), matplotlib.rc_context({"axes.grid": False}):
        fig, ax = plt.subplots(figsize=(11, 1.2 + 0.9 * reach * len(rows_used)))
        for event, offset in zip(chosen, offsets, strict=True):
            y = level[event.lineage]
            ax.plot([event.year], [y], "o", color=_LINEAGE_COLOURS[event.lineage],
                    markersize=7, zorder=3)
            ax.annotate(
                _label(event),
                xy=(event.year, y), xytext=(event.year, y + offset),
                ha="center", va="bottom" if offset > 0 else "top", fontsize=7.5,
                arrowprops={"arrowstyle": "-", "color": "#999999", "lw": 0.6},
            )
        for lin, y in level.items():
            ax.axhline(y, color=_LINEAGE_COLOURS[lin], alpha=0.25, lw=3, zorder=1)
        ax.set_yticks(list(level.values()), [_LINEAGE_LABELS[lin] for lin in level])
        first, last = int(chosen[0].year), int(chosen[-1].year) + 1
        ax.set_xlim(first - 0.8, last + 0.4)
        ax.set_xticks(range(first, last + 1))
        ax.set_ylim(-reach, max(level.values()) + reach)
        ax.spines["left"].set_visible(False)
        ax.tick_params(axis="y", length=0)
        ax.set_title(title)
        fig.tight_layout()
    return fig
