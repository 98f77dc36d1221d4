"""Checks on the LSTM chapter: the cell is one function in every framework, and the gradient story holds."""

from tests.nbchecks import check

# comparisons that must fail: they show a wrong layout or a different function
EXPECTED_DIFFERENT = ("blocklstm-ifgo", "blocklstm-defaults", "gru-reset_after-False")


@check
@check(backend="torch")
def every_layout_computes_the_same_function(run):
    rec = run.record("lstm", "cell")
    gaps = rec["max_abs_differences"]
    for name in ("numpy-vs-torch", "keras-vs-torch", "blocklstm-igfo", "port-torch-to-keras",
                 "port-keras-to-torch", "gru-reset_after-True", "stacked-h_n", "stacked-c_n"):
        assert gaps[name] < rec["tolerance"] <= 1e-5, f"{name}: {gaps[name]}"
    assert rec["all_equivalences_hold"] is True


@check
def wrong_layouts_are_caught(run):
    gaps = run.record("lstm", "cell")["max_abs_differences"]
    for name in EXPECTED_DIFFERENT + tuple(n for n in gaps if n.startswith("mistake-")):
        assert gaps[name] > 1e-3, f"{name} should differ from PyTorch, gap {gaps[name]}"
    assert sum(n.startswith("mistake-") for n in gaps) == 3


@check
@check(backend="torch")
def parameter_counts_differ_by_the_second_bias(run):
    rec = run.record("lstm", "cell")
    layers, units = 2, 4  # the notebook's num_layers and hidden_size
    assert rec["parameters"]["pytorch"] - rec["parameters"]["keras"] == layers * 4 * units


@check
def gradients_behave_as_the_prose_says(run):
    ratio = run.record("lstm", "cell")["gradient_ratio_first_to_last"]
    rnn, exploding = ratio["RNN (PyTorch init)"], ratio["RNN, recurrent weights 2 x orthogonal"]
    lstm, open_lstm = ratio["LSTM (PyTorch init)"], ratio["LSTM, forget bias + 1 (Keras init)"]
    assert rnn < 1e-6 and lstm < 1e-6, "the prose says both vanish over the sequence"
    assert exploding > 1e2, "the prose says large recurrent weights explode"
    assert open_lstm > 1e3 * max(lstm, rnn), "the prose says the open forget gate keeps far more"
