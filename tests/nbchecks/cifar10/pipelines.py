"""Checks on the CIFAR-10 input-pipelines notebook (smoke values, bundled sample)."""

from __future__ import annotations

import re

import numpy as np

from tests.nbchecks import check

N_TRAIN = 900
PIPELINES = {
    "torch: Dataset, 0 workers", "torch: Dataset, 2 workers", "torch: TensorDataset + batch augmentation",
    "tf.data: full pipeline", "tf.data: without prefetch", "tf.data: sequential map (no num_parallel_calls)",
    "tf.data: without cache", "tf.data: without shuffle", "tf.data: without augmentation",
    "Keras: preprocessing layers on batches",
}



def _record(run) -> dict:
    return run.record("cifar10", "pipelines")


@check
def throughput_recorded(run):
    rec = _record(run)
    assert rec["n_images"] == N_TRAIN and rec["repeats"] == run.parameters["repeats"] and rec["threads"] == 1
    assert set(rec["images_per_second"]) == PIPELINES
    for name, speed in rec["images_per_second"].items():
        timing = rec["timings"][name]
        assert len(timing["repeats"]) == run.parameters["repeats"] and timing["warmup"] == 1, name
        # the speed is the images of one pass over the median pass time
        assert np.isclose(speed, N_TRAIN / timing["median"]), (name, speed, timing)
    assert "hardware" in rec and rec["load_average"] >= 0
    assert isinstance(rec["disturbed_timings"], list)  # plausibility warnings, if any, are recorded
    assert rec["resnet_training_images_per_second"] > 0
    assert 0 <= rec["pipelines_faster_than_training"] <= len(PIPELINES)


@check
def normalisation_from_the_training_split(run):
    rec = _record(run)
    mean, std = np.array(rec["channel_mean"]), np.array(rec["channel_std"])
    assert mean.shape == std.shape == (3,)
    assert np.all((mean > 0.3) & (mean < 0.7)) and np.all((std > 0.15) & (std < 0.35))


@check
def checked_outputs(run):
    printed = run.cell_text("nbval-check-output")
    assert "one batch: (64, 3, 32, 32) torch.float32 labels (64,) torch.int64" in printed
    assert "one batch: (64, 32, 32, 3) float32 labels (64,) int64" in printed
    verdicts = dict(re.findall(r"^(.+?):\s*(True|False)\s*$", printed, flags=re.MULTILINE))
    assert verdicts == {
        "validation channels normalised with the training constants, roughly centred": "True",
        # the tf.data trap: stateful random ops under a global seed replay every epoch
        "stateful ops with a global seed, two epochs see the same crops": "True",
        "stateless ops with Dataset.random seeds, two epochs see the same crops": "False",
        "adapt() found the training constants": "True",
        "training=False: only the normalisation": "True",
        "training=True: images changed": "True",
    }, verdicts


@check
def keras_layers_measured(run):
    rec = _record(run)
    # RandomCrop shares one window across a batch; RandomTranslation shifts each image on its own
    assert rec["keras_random_crop_windows_per_call"] == 1
    assert rec["keras_random_translation_shifts_per_call"] > 1
    text = run.cell_text()
    shifts = re.search(r"vertical shifts drawn by RandomTranslation: (\{.*\})", text)
    assert shifts, text
    drawn = {int(k): float(v) for k, v in re.findall(r"(-?\d+): ([\d.]+)", shifts.group(1))}
    assert set(drawn) == set(range(-4, 5)) and abs(sum(drawn.values()) - 1) < 0.01


@check
def pipelines_solutions(run):
    text = run.cell_text("solution")
    assert "cache before augment: epochs see the same augmented images: False" in text
    assert "cache after augment : epochs see the same augmented images: True" in text
    times = dict(re.findall(r"prefetch (True|False) *: +([\d.]+) ms", text))
    assert set(times) == {"True", "False"}, text
