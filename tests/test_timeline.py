"""The history chapter's timeline table and figure."""

from __future__ import annotations

import re

import matplotlib
import pytest

matplotlib.use("Agg")

from dltutor import timeline  # noqa: E402
from dltutor.book.layout import ROOT  # noqa: E402

BIB = ROOT / "book" / "references-history.bib"


def bib_keys() -> set[str]:
    return set(re.findall(r"^@\w+\{([^,\s]+),", BIB.read_text(encoding="utf-8"), re.MULTILINE))


def test_every_event_is_cited_in_the_bibliography():
    missing = {e.key for e in timeline.EVENTS} - bib_keys()
    assert not missing, f"timeline keys missing from {BIB.name}: {sorted(missing)}"


def test_bibliography_keys_are_unique():
    keys = re.findall(r"^@\w+\{([^,\s]+),", BIB.read_text(encoding="utf-8"), re.MULTILINE)
    assert len(keys) == len(set(keys))


def test_table_is_in_date_order_with_valid_months():
    months = [e.month for e in timeline.EVENTS]
    assert months == sorted(months), "keep EVENTS in date order"
    for e in timeline.EVENTS:
        assert re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", e.month), e
        assert e.lineage in timeline.LINEAGES, e
        assert e.description.strip() and e.name.strip()


def test_issue_milestones_are_present():
    names = " | ".join(e.name for e in timeline.EVENTS)
    for needed in ("Theano", "Torch7", "Caffe", "Chainer", "TensorFlow 1.0", "Keras 1.0",
                   "tf.keras", "PyTorch 1.0", "TensorFlow 2.0", "JAX", "torch.compile",
                   "Keras 3", "keras-team/keras", "TensorFlow 2.16"):
        assert needed in names, needed


def test_event_dates():
    first = timeline.events()[0]
    assert first.date.year == 2010 and first.date.month == 6
    assert first.year == pytest.approx(2010 + 5 / 12)


def test_events_filter_by_lineage():
    jax = timeline.events("jax")
    assert jax and all(e.lineage == "jax" for e in jax)
    with pytest.raises(ValueError, match="unknown lineage"):
        timeline.events("caffe")


def test_table_rows():
    rows = timeline.table()
    assert len(rows) == len(timeline.EVENTS)
    assert set(rows[0]) == {"month", "event", "lineage", "description", "key"}


def test_draw_timeline_has_one_marker_and_label_per_event():
    fig = timeline.draw_timeline()
    ax = fig.axes[0]
    markers = [line for line in ax.lines if line.get_marker() == "o"]
    assert len(markers) == len(timeline.EVENTS)
    labels = [t.get_text() for t in ax.texts]
    assert len(labels) == len(timeline.EVENTS)
    assert any(label.startswith("Theano") for label in labels)
    assert len(ax.get_yticklabels()) == len(timeline.LINEAGES)


def test_draw_timeline_subset_and_empty():
    fig = timeline.draw_timeline(timeline.events("tensorflow"), title="TF")
    assert fig.axes[0].get_title() == "TF"
    assert len(fig.axes[0].get_yticklabels()) == 1
    with pytest.raises(ValueError, match="no events"):
        timeline.draw_timeline([])
