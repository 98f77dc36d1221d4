"""Tests for dltutor.stats (confidence intervals of accuracies)."""

import pytest

from dltutor.stats import accuracy_interval, intervals_overlap


def test_wilson_interval_matches_a_worked_value():
    # 81 of 263 at 95%: the Wilson closed form with z = 1.959964 gives [0.2553, 0.3662]
    low, high = accuracy_interval(81, 263)
    assert low == pytest.approx(0.2553, abs=1e-4)
    assert high == pytest.approx(0.3662, abs=1e-4)


def test_interval_contains_the_estimate_and_narrows_with_more_data():
    small = accuracy_interval(90, 100)
    large = accuracy_interval(9000, 10000)
    for low, high in (small, large):
        assert low < 0.9 < high
    # a hundred times the data: about a tenth of the width
    assert (large[1] - large[0]) < (small[1] - small[0]) / 5


def test_perfect_score_still_has_width_and_stays_in_range():
    low, high = accuracy_interval(1000, 1000)
    assert 0.99 < low < 1.0 and high == 1.0
    low, high = accuracy_interval(0, 50)
    assert low == 0.0 and 0 < high < 0.1


def test_higher_confidence_gives_a_wider_interval():
    narrow = accuracy_interval(950, 1000, confidence=0.9)
    wide = accuracy_interval(950, 1000, confidence=0.99)
    assert wide[0] < narrow[0] and wide[1] > narrow[1]


@pytest.mark.parametrize(
    ("correct", "n", "confidence", "message"),
    [(5, 0, 0.95, "positive"), (11, 10, 0.95, "between 0 and n"), (-1, 10, 0.95, "between 0 and n"),
     (5, 10, 1.0, "strictly between")],
)
def test_bad_input_is_refused_with_a_clear_message(correct, n, confidence, message):
    with pytest.raises(ValueError, match=message):
        accuracy_interval(correct, n, confidence)


def test_overlap():
    assert intervals_overlap((0.1, 0.3), (0.3, 0.5))
    assert intervals_overlap((0.1, 0.5), (0.2, 0.3))
    assert not intervals_overlap((0.1, 0.2), (0.25, 0.3))
    with pytest.raises(ValueError, match="low <= high"):
        intervals_overlap((0.3, 0.1), (0.2, 0.4))
