"""How sure is a measured accuracy? Confidence intervals for test accuracies.

A test accuracy is a proportion: ``correct`` right answers out of ``n``
images. Run the same model on other test images and it comes out a little
different; the interval says how much, so readers do not mistake noise for
a difference between frameworks.
"""

from __future__ import annotations

from math import sqrt
from statistics import NormalDist


def accuracy_interval(correct: int, n: int, confidence: float = 0.95) -> tuple[float, float]:
    """Wilson score interval for an accuracy of ``correct`` out of ``n``.

    Unlike the textbook ``p ± z·sqrt(p(1-p)/n)``, the Wilson interval stays
    inside [0, 1] and does not shrink to a point when every answer is right
    (Wilson 1927; Brown, Cai and DasGupta 2001 recommend it for this reason).

    Parameters
    ----------
    correct : int
        Right answers, between 0 and ``n``.
    n : int
        Test examples (at least 1).
    confidence : float, optional
        The confidence level, strictly between 0 and 1 (default 0.95).

    Returns
    -------
    tuple of float
        The interval ``(low, high)``, within [0, 1].

    Raises
    ------
    ValueError
        If ``n``, ``correct`` or ``confidence`` is out of range.
    """
    if n <= 0:
        raise ValueError(f"n must be a positive number of test examples, got {n}")
    if not 0 <= correct <= n:
        raise ValueError(f"correct must lie between 0 and n={n}, got {correct}")
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must lie strictly between 0 and 1, got {confidence}")
    z = NormalDist().inv_cdf(0.5 + confidence / 2)
    p = correct / n
    denominator = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denominator
    half_width = z * sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denominator
    return max(0.0, centre - half_width), min(1.0, centre + half_width)


def intervals_overlap(a: tuple[float, float], b: tuple[float, float]) -> bool:
    """Whether two intervals ``(low, high)`` share at least one point.

    Overlapping 95% intervals do not prove two accuracies equal, but they
    mean the measurement cannot tell them apart; the comparison pages say so.

    Parameters
    ----------
    a, b : tuple of float
        The intervals, ``(low, high)`` with ``low <= high``; the ends count
        as inside.

    Returns
    -------
    bool
        True if they share a point.

    Raises
    ------
    ValueError
        If an interval's low end is above its high end.
    """
    (low_a, high_a), (low_b, high_b) = a, b
    if low_a > high_a or low_b > high_b:
        raise ValueError(f"an interval must be (low, high) with low <= high, got {a} and {b}")
    return low_a <= high_b and low_b <= high_a
