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


def _timing(repeats):
    import statistics

    return timing.Timing(median=statistics.median(repeats), repeats=list(repeats))


def test_plausible_timing_passes():
    good = _timing([0.010, 0.011, 0.012])
    assert timing.plausibility_problems("ok", good, steps=10, flops=1e6, peak_flops=1e11,
                                        floor_flops=1e9, recheck=_timing([0.011])) == []
    timing.check_plausible("ok", good.as_dict(), steps=10)


def test_implausible_timings_are_refused_with_reasons():
    noisy = _timing([0.01, 0.5, 0.6])
    with pytest.raises(timing.ImplausibleTimingError, match="too busy"):
        timing.check_plausible("noisy", noisy)
    too_fast = _timing([1e-6, 1e-6, 1e-6])
    with pytest.raises(timing.ImplausibleTimingError, match="synchronised"):
        timing.check_plausible("fast", too_fast, flops=1e9, peak_flops=1e12)
    too_slow = _timing([5.0, 5.0, 5.0])
    with pytest.raises(timing.ImplausibleTimingError, match="absurdly slow"):
        timing.check_plausible("slow", too_slow, flops=1e6, floor_flops=1e9)
    with pytest.raises(timing.ImplausibleTimingError, match="re-measure"):
        timing.check_plausible("drift", _timing([0.25, 0.25]), recheck=_timing([0.0075]))
    assert timing.plausibility_problems("bad", _timing([0.0, 1.0]))


def test_thread_env_fixes_every_pool():
    env = timing.thread_env(3)
    assert env["OMP_NUM_THREADS"] == env["TF_NUM_INTRAOP_THREADS"] == "3"
    with pytest.raises(ValueError, match="thread"):
        timing.thread_env(0)


def test_run_isolated_returns_the_last_json_line(tmp_path):
    script = tmp_path / "child.py"
    script.write_text(
        "import json, os, sys\n"
        "cfg = json.loads(sys.argv[1])\n"
        "print('chatter')\n"
        "print(json.dumps({'x': cfg['x'] * 2, 'omp': os.environ['OMP_NUM_THREADS']}))\n"
    )
    assert timing.run_isolated(script, {"x": 21}, threads=2) == {"x": 42, "omp": "2"}
    broken = tmp_path / "broken.py"
    broken.write_text("import sys\nprint('boom', file=sys.stderr)\nsys.exit(3)\n")
    with pytest.raises(RuntimeError, match="boom"):
        timing.run_isolated(broken, {}, threads=1)
