import matplotlib

matplotlib.use("Agg")

import numpy as np
import pytest
from matplotlib.figure import Figure

from dltutor import plots


def test_training_curves_split_loss_and_accuracy():
    fig = plots.training_curves({"loss": [1, 0.5], "val_loss": [1.1, 0.7], "accuracy": [0.5, 0.8]})
    loss_ax, acc_ax = fig.axes
    assert len(loss_ax.lines) == 2 and len(acc_ax.lines) == 1
    with pytest.raises(ValueError, match="empty"):
        plots.training_curves({})


def test_image_grid_shapes_and_labels():
    images = np.zeros((10, 28, 28, 1), dtype=np.uint8)
    fig = plots.image_grid(images, labels=list(range(10)), columns=4, class_names=list("abcdefghij"))
    assert isinstance(fig, Figure)
    titles = [ax.get_title() for ax in fig.axes if ax.get_title()]
    assert titles == list("abcdefghij")
    with pytest.raises(ValueError):
        plots.image_grid(np.zeros((0, 2, 2)))


def test_confusion_matrix_counts():
    fig = plots.confusion_matrix([0, 0, 1, 2], [0, 1, 1, 2], class_names=["a", "b", "c"])
    counts = fig.axes[0].images[0].get_array()
    assert counts.tolist() == [[1, 1, 0], [0, 1, 0], [0, 0, 1]]
    with pytest.raises(ValueError, match="shape"):
        plots.confusion_matrix([0, 1], [0])


def test_comparison_bars_use_framework_colours():
    fig = plots.comparison_bars({"pytorch": 1.0, "tensorflow": 2.0, "other": 3.0}, ylabel="s")
    bars = fig.axes[0].patches
    assert [b.get_height() for b in bars] == [1.0, 2.0, 3.0]
    assert matplotlib.colors.to_hex(bars[0].get_facecolor()) == plots.FRAMEWORK_COLOURS["pytorch"]
    assert plots.colour("keras-torch") == plots.FRAMEWORK_COLOURS["keras-torch"]
    assert plots.colour("Keras-jax") == plots.FRAMEWORK_COLOURS["keras"]


OKABE_ITO = {"#e69f00", "#56b4e9", "#009e73", "#f0e442", "#0072b2", "#d55e00", "#cc79a7", "#000000"}


def test_framework_colours_are_distinct_colour_blind_safe_colours():
    colours = {name: plots.colour(name) for name in ("pytorch", "tensorflow", "keras-tensorflow", "keras-torch")}
    assert set(colours.values()) <= OKABE_ITO
    assert len(set(colours.values())) == len(colours)


def test_comparison_bars_draw_intervals_and_refuse_partial_ones():
    fig = plots.comparison_bars({"pytorch": 90.0, "tensorflow": 91.0}, ylabel="%",
                                intervals={"pytorch": (88.0, 92.0), "tensorflow": (89.5, 92.0)})
    (errorbar,) = fig.axes[0].containers[1:]
    segments = errorbar.lines[2][0].get_segments()
    assert [tuple(seg[:, 1]) for seg in segments] == [(88.0, 92.0), (89.5, 92.0)]
    with pytest.raises(ValueError, match="every bar"):
        plots.comparison_bars({"pytorch": 1.0, "tensorflow": 2.0}, ylabel="%", intervals={"pytorch": (0.5, 1.5)})


def test_every_figure_shows_in_a_notebook(monkeypatch):
    """The style context must not switch the inline backend's display off."""
    import nbformat
    from nbclient import NotebookClient

    monkeypatch.delenv("MPLBACKEND", raising=False)  # let the kernel pick inline
    cells = [
        "from dltutor import plots\nfig = plots.comparison_bars({'a': 1}, ylabel='x')",
        "fig = plots.training_curves({'loss': [1, 2]})",
        "fig = plots.confusion_matrix([0, 1], [0, 1])",
    ]
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in cells])
    NotebookClient(nb, kernel_name="python3", timeout=120).execute()
    shown = [sum(o.output_type == "display_data" for o in c.outputs) for c in nb.cells]
    assert shown == [1, 1, 1]
