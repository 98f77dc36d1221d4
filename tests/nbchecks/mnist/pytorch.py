"""Checks on the MNIST chapter's PyTorch notebook."""

from __future__ import annotations

import re

import pytest

from tests.nbchecks import check, printed_number
from tests.nbchecks.mnist._shared import CNN_PARAMS, framework_checks

for _check in framework_checks("pytorch"):
    check(_check)


@check
def explanations_agree_with_pytorch(run):
    text = run.cell_text()
    by_hand = printed_number(r"cross-entropy by hand:\s+([\d.]+)", text)
    assert by_hand == printed_number(r"PyTorch cross_entropy:\s+([\d.]+)", text)
    assert "same update: True" in text  # Adam by hand in NumPy equals torch.optim.Adam


@check
def pytorch_solutions(run):
    text = run.cell_text("solution")
    floor = printed_number(r"lowest possible loss with the softmax layer: ([\d.]+)", text)
    assert floor == pytest.approx(1.4612, abs=1e-4)
    assert printed_number(r"softmax at end:\s+loss ([\d.]+)", text) > floor
    assert f"total {CNN_PARAMS:,}" in text
    assert len(re.findall(r"batch size +\d+: +\d+ steps", text)) == 3
    assert "resumed Adam state equal: True" in text
