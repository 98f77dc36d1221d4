"""Plots in one consistent style: curves, image grids, confusion matrices, bars.

Every function draws with matplotlib, returns the ``Figure`` and never calls
``plt.show()`` (Jupyter shows the returned figure; scripts can save it).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

# One colour per framework, used by every chapter: the Okabe-Ito palette
# (Okabe and Ito 2008, "Color Universal Design"), whose colours stay distinct
# for the common forms of colour blindness.
FRAMEWORK_COLOURS: dict[str, str] = {
    "pytorch": "#d55e00",  # vermillion
    "tensorflow": "#0072b2",  # blue
    "keras": "#009e73",  # bluish green
    "keras-tensorflow": "#009e73",
    "keras-torch": "#cc79a7",  # reddish purple
    "jax": "#e69f00",  # orange
}
STYLE: dict[str, object] = {
    "figure.dpi": 100,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "font.size": 10,
}


@contextmanager
def style() -> Iterator[None]:
    """Draw in the course style (:data:`STYLE`): ``with plots.style(): ...``.

    The first figure of a Jupyter session switches the inline backend on,
    which turns interactive mode on. ``rc_context`` would undo that on exit
    and so hide every later figure of the notebook; keep what the backend set.
    """
    with matplotlib.rc_context(STYLE):
        yield
        interactive = matplotlib.is_interactive()
    matplotlib.interactive(interactive)


def colour(name: str) -> str:
    """The colour of a framework (or a neutral grey for anything else).

    Parameters
    ----------
    name : str
        A framework name such as ``"pytorch"`` or ``"keras-torch"``, in any
        case; an unknown name with a ``-`` gets the colour of its first part.

    Returns
    -------
    str
        A hex colour such as ``"#d55e00"``.
    """
    key = name.lower()
    return FRAMEWORK_COLOURS.get(key, FRAMEWORK_COLOURS.get(key.split("-")[0], "#555555"))


def training_curves(
    history: Mapping[str, Sequence[float]], *, title: str = "Training curves"
) -> Figure:
    """Loss and accuracy per epoch.

    ``history`` maps names such as ``loss``, ``val_loss``, ``accuracy`` and
    ``val_accuracy`` to one value per epoch (Keras' ``History.history`` has
    exactly this shape).  Loss-like keys go left, the rest right.

    Parameters
    ----------
    history : mapping of str to sequence of float
        One value per epoch for each curve.
    title : str, optional
        The figure's title.

    Returns
    -------
    matplotlib.figure.Figure
        Two panels: the curves whose name contains ``loss`` on the left, the
        others on the right, against epochs counted from 1.

    Raises
    ------
    ValueError
        If ``history`` is empty.
    """
    if not history:
        raise ValueError("history is empty: train for at least one epoch first")
    with style():
        fig, (ax_loss, ax_acc) = plt.subplots(1, 2, figsize=(9, 3.2))
        for key, values in history.items():
            ax = ax_loss if "loss" in key else ax_acc
            epochs = np.arange(1, len(values) + 1)
            ax.plot(epochs, values, marker="o", label=key)
        for ax, label in ((ax_loss, "loss"), (ax_acc, "accuracy")):
            ax.set_xlabel("epoch")
            ax.set_ylabel(label)
            if ax.lines:
                ax.legend()
        fig.suptitle(title)
        fig.tight_layout()
    return fig


def image_grid(
    images: np.ndarray,
    labels: Sequence[object] | None = None,
    *,
    columns: int = 8,
    class_names: Sequence[str] | None = None,
    title: str | None = None,
) -> Figure:
    """A grid of images (``N x H x W`` grey or ``N x H x W x 3`` colour).

    ``labels`` are written above each image, as class names if given.

    Parameters
    ----------
    images : numpy.ndarray
        ``(N, H, W)`` grey or ``(N, H, W, 3)`` colour images; a channel axis
        of size 1 is dropped.
    labels : sequence or None, optional
        One label per image.
    columns : int, optional
        Images per row (default 8).
    class_names : sequence of str or None, optional
        Names to show instead of integer labels: label ``i`` is shown as
        ``class_names[i]``.
    title : str or None, optional
        The figure's title.

    Returns
    -------
    matplotlib.figure.Figure
        The grid, without axes.

    Raises
    ------
    ValueError
        If there are no images.
    """
    images = np.asarray(images)
    if images.ndim == 4 and images.shape[-1] == 1:
        images = images[..., 0]
    count = len(images)
    if count == 0:
        raise ValueError("no images to show")
    rows = int(np.ceil(count / columns))
    with style(), matplotlib.rc_context({"axes.grid": False}):
        fig, axes = plt.subplots(rows, columns, figsize=(columns * 1.1, rows * 1.25), squeeze=False)
        for i, ax in enumerate(axes.flat):
            ax.axis("off")
            if i >= count:
                continue
            ax.imshow(images[i], cmap="gray" if images.ndim == 3 else None)
            if labels is not None:
                label = labels[i]
                if class_names is not None:
                    label = class_names[int(label)]
                ax.set_title(str(label), fontsize=8)
        if title:
            fig.suptitle(title)
        fig.tight_layout()
    return fig


def confusion_matrix(
    y_true: Sequence[int],
    y_pred: Sequence[int],
    *,
    class_names: Sequence[str] | None = None,
    title: str = "Confusion matrix",
) -> Figure:
    """Counts of true (rows) against predicted (columns) classes.

    Parameters
    ----------
    y_true : sequence of int
        The true class of each example.
    y_pred : sequence of int
        The predicted class of each example.
    class_names : sequence of str or None, optional
        Tick labels; by default the class numbers.
    title : str, optional
        The figure's title.

    Returns
    -------
    matplotlib.figure.Figure
        The matrix, one row and column per class (up to the largest label, and
        at least one per class name), with each non-zero count written in its
        cell.

    Raises
    ------
    ValueError
        If ``y_true`` and ``y_pred`` differ in shape.
    """
    y_true = np.asarray(y_true, dtype=int)
    y_pred = np.asarray(y_pred, dtype=int)
    if y_true.shape != y_pred.shape:
        raise ValueError(f"y_true {y_true.shape} and y_pred {y_pred.shape} differ in shape")
    n = int(max(y_true.max(initial=0), y_pred.max(initial=0))) + 1
    if class_names is not None:
        n = max(n, len(class_names))
    counts = np.zeros((n, n), dtype=int)
    np.add.at(counts, (y_true, y_pred), 1)
    names = list(class_names) if class_names is not None else [str(i) for i in range(n)]
    with style(), matplotlib.rc_context({"axes.grid": False}):
        fig, ax = plt.subplots(figsize=(0.45 * n + 2, 0.45 * n + 1.5))
        ax.imshow(counts, cmap="Blues")
        for (i, j), value in np.ndenumerate(counts):
            if value:
                dark = value > counts.max() / 2
                ax.text(j, i, str(value), ha="center", va="center", fontsize=7,
                        color="white" if dark else "black")
        ax.set_xticks(range(n), names, rotation=45 if n > 10 else 0)
        ax.set_yticks(range(n), names)
        ax.set_xlabel("predicted")
        ax.set_ylabel("true")
        ax.set_title(title)
        fig.tight_layout()
    return fig


def comparison_bars(
    values: Mapping[str, float],
    *,
    ylabel: str,
    title: str | None = None,
    fmt: str = "{:.3g}",
    intervals: Mapping[str, tuple[float, float]] | None = None,
) -> Figure:
    """One bar per framework (or any label), coloured by framework.

    ``intervals`` maps a label to ``(low, high)`` (for example a 95%
    confidence interval, in the units of ``values``), drawn as an error bar.

    Parameters
    ----------
    values : mapping of str to float
        The height of each bar, by label, in the order to draw them.
    ylabel : str
        The label of the vertical axis.
    title : str or None, optional
        The figure's title.
    fmt : str, optional
        Format of the value written on each bar (default ``"{:.3g}"``).
    intervals : mapping of str to (float, float), or None, optional
        A ``(low, high)`` interval for every label, or ``None`` for no error
        bars. With intervals the values are written inside the bars.

    Returns
    -------
    matplotlib.figure.Figure
        The bar chart.

    Raises
    ------
    ValueError
        If ``values`` is empty, or ``intervals`` lacks one of its labels.
    """
    if not values:
        raise ValueError("nothing to compare")
    labels = list(values)
    heights = [float(values[k]) for k in labels]
    with style():
        fig, ax = plt.subplots(figsize=(1.4 * len(labels) + 1.5, 3))
        bars = ax.bar(labels, heights, color=[colour(k) for k in labels])
        if intervals:
            missing = [k for k in labels if k not in intervals]
            if missing:
                raise ValueError(f"no interval for {missing}; give one for every bar or none")
            below = [h - intervals[k][0] for k, h in zip(labels, heights, strict=True)]
            above = [intervals[k][1] - h for k, h in zip(labels, heights, strict=True)]
            ax.errorbar(labels, heights, yerr=[below, above], fmt="none", ecolor="black", capsize=4)
        ax.bar_label(bars, labels=[fmt.format(h) for h in heights], fontsize=8,
                     label_type="center" if intervals else "edge")
        ax.set_ylabel(ylabel)
        if title:
            ax.set_title(title)
        fig.tight_layout()
    return fig
