"""dltutor.profiling: operator groups and per-step figures from a profiler's op table."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from dltutor.profiling import NOT_ATEN, OTHER_ATEN, op_group, step_profile


@pytest.mark.parametrize(("name", "group"), [
    ("aten::mkldnn_convolution", "convolution"),
    ("aten::convolution_backward", "convolution"),
    ("aten::native_batch_norm", "fused batch norm"),
    ("aten::copy_", "memory copies"),
    ("aten::contiguous", "memory copies"),
    ("aten::addmm", "matrix products"),
    ("aten::mul", OTHER_ATEN),
    ("autograd::engine::evaluate_function: MulBackward0", NOT_ATEN),
])
def test_op_group(name, group):
    assert op_group(name) == group


class FakeProfiler:
    """What step_profile reads of torch.profiler.profile: key_averages() with key, self time (us), count."""

    def key_averages(self):
        return [SimpleNamespace(key="aten::mkldnn_convolution", self_cpu_time_total=6000, count=4),
                SimpleNamespace(key="aten::copy_", self_cpu_time_total=2000, count=20),
                SimpleNamespace(key="aten::mul", self_cpu_time_total=1000, count=10),
                SimpleNamespace(key="aten::add_", self_cpu_time_total=1000, count=6)]


def test_step_profile_divides_by_steps_and_groups_add_up():
    profile = step_profile(FakeProfiler(), steps=2, top=2)
    assert profile["ms_per_step"] == pytest.approx(5.0)
    assert profile["groups"]["convolution"] == {"ms": 3.0, "calls": 2.0}
    assert profile["groups"][OTHER_ATEN] == {"ms": 1.0, "calls": 8.0}
    assert [op["name"] for op in profile["top_ops"]] == ["aten::mkldnn_convolution", "aten::copy_"]


def test_step_profile_refuses_zero_steps():
    with pytest.raises(ValueError, match="at least 1"):
        step_profile(FakeProfiler(), steps=0)
