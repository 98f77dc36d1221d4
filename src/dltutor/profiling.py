"""Summaries of a ``torch.profiler`` run, per training step, for records and tables.

The notebooks run the profiler themselves (that is part of the lesson); this
module only turns its op table into plain numbers: milliseconds and calls per
step for each operator and for a few groups of them.
"""

from __future__ import annotations

from typing import Any

#: Groups of ATen operators, by a word in the name; the first match wins.
OP_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("convolution", ("conv",)),
    ("fused batch norm", ("batch_norm",)),
    ("memory copies", ("copy_", "clone", "contiguous", "_to_copy")),
    ("matrix products", ("addmm", "::mm", "bmm", "linear")),
)
OTHER_ATEN = "other tensor ops (element-wise, reductions, optimiser)"
NOT_ATEN = "autograd and dispatch overhead"


def op_group(name: str) -> str:
    """The group of an operator name such as ``aten::mkldnn_convolution``.

    Parameters
    ----------
    name : str
        An operator name from the profiler's table.

    Returns
    -------
    str
        The first group of :data:`OP_GROUPS` with a word in ``name``; for other
        ``aten::`` operators ``OTHER_ATEN``, for everything else ``NOT_ATEN``.
    """
    if not name.startswith("aten::"):
        return NOT_ATEN
    for group, words in OP_GROUPS:
        if any(word in name for word in words):
            return group
    return OTHER_ATEN


def step_profile(profiler: Any, steps: int, *, top: int = 10) -> dict[str, Any]:
    """Per-step figures from a finished ``torch.profiler.profile`` that covered ``steps`` steps.

    Times are self CPU times (each operator's own time, without the operators
    it calls), so the groups add up to the profiled time.

    Parameters
    ----------
    profiler : torch.profiler.profile
        The finished profiler.
    steps : int
        How many training steps it covered (below 1 raises ``ValueError``); every figure is
        divided by it.
    top : int, optional
        How many operators to list in ``"top_ops"`` (default 10).

    Returns
    -------
    dict[str, object]
        With three keys:

        - ``"ms_per_step"``: milliseconds per step, all operators together;
        - ``"groups"``: ``{group: {"ms": ..., "calls": ...}}``, one entry per
          :func:`op_group` group;
        - ``"top_ops"``: a list of ``{"name": ..., "ms": ..., "calls": ...}``
          for the ``top`` operators with the most time, slowest first.
    """
    if steps < 1:
        raise ValueError(f"steps must be at least 1, got {steps}")
    ops = [(e.key, e.self_cpu_time_total / 1000 / steps, e.count / steps) for e in profiler.key_averages()]
    groups: dict[str, dict[str, float]] = {}
    for name, ms, calls in ops:
        entry = groups.setdefault(op_group(name), {"ms": 0.0, "calls": 0.0})
        entry["ms"] += ms
        entry["calls"] += calls
    ranked = sorted(ops, key=lambda op: -op[1])[:top]
    return {
        "ms_per_step": sum(ms for _, ms, _ in ops),
        "groups": {g: {"ms": round(v["ms"], 3), "calls": round(v["calls"], 2)} for g, v in groups.items()},
        "top_ops": [{"name": n, "ms": round(ms, 3), "calls": round(c, 2)} for n, ms, c in ranked],
    }
