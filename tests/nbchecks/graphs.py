"""Checks on the graphs chapter: trace counts, captured graphs, and the timing records."""

from tests.notebook_harness import check

NOTEBOOK = "notebooks/graphs/graphs.ipynb"
MODES = {
    "pytorch": ("eager", "compiled"),
    "tensorflow": ("eager", "graph", "xla"),
    "keras": ("eager", "graph", "xla"),
}


@check(NOTEBOOK)
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


@check(NOTEBOOK)
def pytorch_capture(run):
    rec = run.record("graphs", "capture")
    assert rec["fx_nodes"] == ["placeholder", "call_module", "call_function", "call_module", "output"]
    assert rec["fx_failed_on_data_dependent_if"] is True
    assert rec["export_failed_on_data_dependent_if"] is True
    assert rec["cond_matches_eager"] is True
    assert rec["dynamo_graph_break_count"] == 2
    assert rec["dynamo_graph_count"] == 3


@check(NOTEBOOK)
def keras_auto_jit(run):
    resolved = run.record("graphs", "capture")["keras_jit_auto"]
    assert resolved["torch"] is False  # "auto" means eager on the PyTorch backend
    assert resolved["tensorflow"] in (True, False)


@check(NOTEBOOK)
def every_framework_has_eager_and_graph_timings(run):
    for framework, modes in MODES.items():
        for model in ("mlp", "cnn"):
            graph_seen = False
            for mode in modes:
                rec = run.record("graphs", f"step-{framework}-{model}-{mode}")
                assert rec["framework"] == framework and rec["model"] == model
                assert rec["step_ms"] > 0 and rec["first_call_seconds"] > 0
                assert len(rec["timing"]["repeats"]) >= 1
                assert all(t > 0 for t in rec["timing"]["repeats"])
                assert rec["loss_finite"] is True
                assert rec["hardware"]["cpu"]
                graph_seen |= rec["graph"]
                if framework == "pytorch" and mode == "compiled":
                    # the smoke profile must use the cheap backend, and say so
                    assert rec["compile_backend"] == "aot_eager"
                    assert rec["graph_builder"] == "torch.compile[aot_eager]"
            assert graph_seen, f"{framework}/{model} has no graph-mode record"
            assert run.record("graphs", f"step-{framework}-{model}-eager")["graph"] is False
