"""Checks on the MNIST chapter's comparison page."""

from __future__ import annotations

import re

from tests.nbchecks import check


@check
def compare_read_records(run):
    text = run.cell_text()
    # run alone, the page has no records of its own and says it uses the reference records
    assert "reference records of the book's last full build" in text, text[:2000]
    assert "The framework notebooks are not next to this one" in text
    printed = run.cell_text("nbval-check-output")
    assert printed.count("same number of parameters: True") == 2
    conclusions = run.displayed("text/markdown")
    for model in ("MLP", "CNN"):  # a noise verdict per model, computed from the intervals
        assert re.search(rf"{model}: (every pair of 95% intervals overlaps|\d+ of 6 pairs have intervals)",
                         conclusions), conclusions
    assert "training time:" in conclusions
