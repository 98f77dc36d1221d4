import pytest

from dltutor import timing


def test_measure_counts_warmup_and_repeats():
    calls = []
    result = timing.measure(lambda: calls.append(1), repeats=4, warmup=2)
    assert len(calls) == 6
    assert len(result.repeats) == 4
    assert result.warmup == 2
    assert min(result.repeats) <= result.median <= max(result.repeats)
    assert result.spread >= 0
    assert set(result.as_dict()) == {"median", "repeats", "warmup", "spread"}


def test_sync_sees_every_output():
    seen = []
    timing.measure(lambda: 42, repeats=2, warmup=1, sync=seen.append)
    assert seen == [42, 42, 42]


def test_median_of_known_delays(monkeypatch):
    ticks = iter([0.0, 1.0, 10.0, 13.0, 20.0, 22.0])
    monkeypatch.setattr(timing.time, "perf_counter", lambda: next(ticks))
    assert timing.measure(lambda: None, repeats=3, warmup=0).median == 2.0


def test_bad_arguments():
    with pytest.raises(ValueError, match="repeats"):
        timing.measure(lambda: None, repeats=0)
    with pytest.raises(ValueError, match="thread"):
        timing.set_threads(0)


def test_set_threads_for_torch():
    import torch

    before = torch.get_num_threads()
    try:
        assert timing.set_threads(1)["torch"] == 1
    finally:
        torch.set_num_threads(before)
