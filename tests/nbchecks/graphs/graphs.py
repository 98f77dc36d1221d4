"""Checks on the graphs chapter: trace counts, captured graphs, and the timing records.

The timing checks look at the records' bookkeeping (positive medians, the
plausibility flag, isolated processes), never at which mode was faster.
"""

from tests.nbchecks import check

MODES = {
    "pytorch": ("eager", "compiled"),
    "tensorflow": ("eager", "graph", "xla"),
    "keras": ("eager", "graph", "xla"),
}

#: Few, short timings, but the reader's two warm-up calls: with one, the first process's numbers were
#: often implausible and the notebook measured again in a fresh process (about 7 s more).


@check
def autograd_graph(run):
    rec = run.record("graphs", "capture")
    assert rec["autograd_nodes"][:3] == ["ReluBackward0", "AddBackward0", "MulBackward0"]
    assert rec["autograd_nodes"].count("AccumulateGrad") == 3


@check
def tracing_follows_the_rules(run):
    rec = run.record("graphs", "capture")
    # 5 calls: a new Python value and a new shape each retrace once
    assert rec["tf_traces_scaled"] == 3
    assert rec["tf_python_side_effects"] == rec["tf_traces_scaled"]
    assert rec["tf_print_runs"] == 5
    assert rec["tf_traces_default"] == 6
    assert rec["tf_traces_reduce_retracing"] < rec["tf_traces_default"]
    assert {"If", "StatelessIf"} & set(rec["tf_if_op_types"])
    assert {"dot", "add", "maximum"} <= set(rec["hlo_ops"])
    assert rec["xla_matches_eager"] is True
    # the fusion claim in the prose is backed by the optimised HLO
    assert rec["xla_fusions"] >= 1
    assert {"add", "maximum"} <= set(rec["xla_fused_ops"])


@check
def pytorch_capture(run):
    rec = run.record("graphs", "capture")
    assert rec["fx_nodes"] == ["placeholder", "call_module", "call_function", "call_module", "output"]
    assert rec["fx_failed_on_data_dependent_if"] is True
    assert rec["export_failed_on_data_dependent_if"] is True
    assert rec["cond_matches_eager"] is True
    assert rec["compile_graph_count"] == 3  # two graph breaks: the print and the if
    assert rec["compile_matches_eager"] is True


@check
def recompiles_next_to_retraces(run):
    rec = run.record("graphs", "capture")
    # lengths 3, 3, 5, 7, 9: one compile, a reuse, one shape-general recompile, reuses
    assert rec["torch_compile_counts"] == [1, 1, 2, 2, 2]
    assert rec["tf_function_trace_counts"] == [1, 1, 2, 3, 4]  # default: one trace per new length
    assert rec["tf_function_relaxed_trace_counts"] == [1, 1, 2, 2, 2]
    assert rec["torch_logs_saw_recompile"] is True


@check
def keras_auto_jit(run):
    resolved = run.record("graphs", "capture")["keras_jit_auto"]
    assert resolved["torch"] is False  # "auto" means eager on the PyTorch backend
    assert resolved["tensorflow"] in (True, False)


@check
def every_framework_has_plausible_eager_and_graph_timings(run):
    summary = run.record("graphs", "timing-summary")
    assert summary["plausible"] is True
    assert summary["compile_backend"] == "aot_eager"  # the smoke values reached the notebook
    for framework, modes in MODES.items():
        for mode in modes:
            rec = run.record("graphs", f"step-{framework}-{mode}")
            assert rec["framework"] == framework and rec["mode"] == mode
            assert rec["graph"] is (mode != "eager")
            assert rec["plausible"] is True and rec["isolated_process"] is True
            assert rec["step_ms"] > 0 and rec["first_call_seconds"] > 0
            assert rec["spread_ms"] >= 0
            assert len(rec["timing"]["repeats"]) == 3 and all(t > 0 for t in rec["timing"]["repeats"])
            assert rec["recheck"]["median"] > 0
            assert rec["loss_finite"] is True
            assert rec["threads"] >= 1 and rec["device"]
            assert rec["hardware"]["cpu"]
            assert summary["median_ms"][f"{framework}-{mode}"] == rec["step_ms"]
    compiled = run.record("graphs", "step-pytorch-compiled")
    assert compiled["compile_backend"] == "aot_eager"
    assert compiled["graph_builder"] == "torch.compile[aot_eager]"
