"""Where the MLP's training time goes in the MNIST notebooks: TensorFlow next to PyTorch.

Run from the repository root (it takes about a minute on one CPU thread):

    python benchmarks/mnist_tf_profile.py [--threads 1] [--epochs 3] [--data sample] [--train-size N]

Each framework runs in a process of its own with the same thread count
(``dltutor.timing.run_isolated``). For the MLP of the notebooks, on the
training images the notebooks use (the validation tenth held out), it times
per training step:

* ``step``: the training step alone, on one batch already in memory
  (TensorFlow: the ``tf.function`` with an ``input_signature``, after tracing);
* ``pipeline``: one epoch of the input pipeline alone, nothing trained;
* ``epoch``: the notebook's loop, pipeline and step together;
* ``old epoch``: the same loop fed by the course's former adapters
  (``data.tf_dataset``, a Python generator behind ``from_generator``, and
  ``data.torch_loader``), which the notebooks used before.

TensorFlow also reports how long the first call (tracing) took. Every number
is the median over ``--epochs`` repetitions, in milliseconds per step.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

import numpy as np

BATCH_SIZE = 64
LEARNING_RATE = 1e-3
HIDDEN = 128
DROPOUT = 0.2
VALIDATION_FRACTION = 0.1
SEED = 0


def training_images(source: str, train_size: int | None) -> tuple[np.ndarray, np.ndarray]:
    """The notebooks' training images: all but the validation tenth, channels last, in [0, 1]."""
    from dltutor import data

    mnist = data.load_mnist(source)
    x, y = data.subset(mnist.x_train, mnist.y_train, train_size, seed=SEED)
    order = np.random.default_rng(SEED).permutation(len(x))
    n_val = max(1, round(VALIDATION_FRACTION * len(order)))
    keep = order[:-n_val]
    return data.scale_images(x[keep], layout="NHWC"), y[keep].astype(np.int64)


def median_ms_per_step(fn, repeats: int, steps: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) / steps * 1e3)
    return statistics.median(times)


def profile_tensorflow(x: np.ndarray, y: np.ndarray, repeats: int) -> dict:
    import tensorflow as tf

    from dltutor import data

    tf.config.threading.set_intra_op_parallelism_threads(int(os.environ["TF_NUM_INTRAOP_THREADS"]))
    tf.config.threading.set_inter_op_parallelism_threads(int(os.environ["TF_NUM_INTEROP_THREADS"]))
    rng = tf.random.Generator.from_seed(SEED)

    def glorot(n_in, n_out):
        limit = np.sqrt(6.0 / (n_in + n_out))
        return tf.Variable(rng.uniform((n_in, n_out), -limit, limit))

    class MLP(tf.Module):
        def __init__(self):
            super().__init__()
            self.w1, self.b1 = glorot(784, HIDDEN), tf.Variable(tf.zeros([HIDDEN]))
            self.w2, self.b2 = glorot(HIDDEN, 10), tf.Variable(tf.zeros([10]))

        def __call__(self, x, training=False):
            h = tf.nn.relu(tf.reshape(x, [-1, 784]) @ self.w1 + self.b1)
            if training:
                h = tf.where(rng.uniform(tf.shape(h)) >= DROPOUT, h / (1 - DROPOUT), 0.0)
            return h @ self.w2 + self.b2

    model, optimizer = MLP(), tf.keras.optimizers.Adam(LEARNING_RATE)
    optimizer.build(model.trainable_variables)
    signature = [tf.TensorSpec([None, 28, 28, 1], tf.float32), tf.TensorSpec([None], tf.int64)]

    @tf.function(input_signature=signature)
    def train_step(xb, yb):
        with tf.GradientTape() as tape:
            logits = model(xb, training=True)
            loss = tf.reduce_mean(tf.nn.sparse_softmax_cross_entropy_with_logits(labels=yb, logits=logits))
        grads = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(zip(grads, model.trainable_variables, strict=True))
        return loss, tf.reduce_sum(tf.cast(tf.argmax(logits, axis=1) == yb, tf.int64))

    xb, yb = tf.constant(x[:BATCH_SIZE]), tf.constant(y[:BATCH_SIZE])
    start = time.perf_counter()
    float(train_step(xb, yb)[0])
    first_call_ms = (time.perf_counter() - start) * 1e3
    steps = -(-len(x) // BATCH_SIZE)

    def fixed():
        for _ in range(steps):
            loss, _ = train_step(xb, yb)
        float(loss)

    pipeline = (
        tf.data.Dataset.from_tensor_slices((x, y))
        .shuffle(len(x), seed=SEED, reshuffle_each_iteration=True)
        .batch(BATCH_SIZE)
        .prefetch(tf.data.AUTOTUNE)
    )
    old_pipeline = data.tf_dataset(x, y, BATCH_SIZE, shuffle=True, seed=SEED).prefetch(tf.data.AUTOTUNE)

    def only(dataset):
        def run():
            for _ in dataset:
                pass
        return run

    def epoch(dataset):
        def run():  # the notebook's loop
            loss_sum, correct = 0.0, 0
            for xb, yb in dataset:
                loss, hits = train_step(xb, yb)
                loss_sum += loss * tf.cast(tf.shape(yb)[0], tf.float32)
                correct += hits
            float(loss_sum), int(correct)
        return run

    for warm in (only(pipeline), only(old_pipeline)):
        warm()
    return {
        "framework": f"tensorflow {tf.__version__}", "steps_per_epoch": steps,
        "first_call_ms": first_call_ms,
        "step": median_ms_per_step(fixed, repeats, steps),
        "pipeline": median_ms_per_step(only(pipeline), repeats, steps),
        "epoch": median_ms_per_step(epoch(pipeline), repeats, steps),
        "old pipeline": median_ms_per_step(only(old_pipeline), repeats, steps),
        "old epoch": median_ms_per_step(epoch(old_pipeline), repeats, steps),
    }


def profile_pytorch(x: np.ndarray, y: np.ndarray, repeats: int) -> dict:
    import torch
    from torch import nn
    from torch.utils.data import DataLoader, TensorDataset

    from dltutor import data

    torch.set_num_threads(int(os.environ["OMP_NUM_THREADS"]))
    torch.manual_seed(SEED)
    x = np.ascontiguousarray(x.transpose(0, 3, 1, 2))  # NCHW
    model = nn.Sequential(nn.Flatten(), nn.Linear(784, HIDDEN), nn.ReLU(), nn.Dropout(DROPOUT),
                          nn.Linear(HIDDEN, 10))
    optimizer = torch.optim.Adam(model.parameters(), lr=LEARNING_RATE)
    loss_fn = nn.CrossEntropyLoss()

    def train_step(xb, yb):
        model.train()
        optimizer.zero_grad()
        logits = model(xb)
        loss = loss_fn(logits, yb)
        loss.backward()
        optimizer.step()
        return loss.detach(), (logits.argmax(dim=1) == yb).sum()

    xt, yt = torch.from_numpy(x), torch.from_numpy(y)
    xb, yb = xt[:BATCH_SIZE], yt[:BATCH_SIZE]
    steps = -(-len(x) // BATCH_SIZE)
    train_step(xb, yb)

    def fixed():
        for _ in range(steps):
            train_step(xb, yb)

    loader = DataLoader(TensorDataset(xt, yt), batch_size=BATCH_SIZE, shuffle=True,
                        generator=torch.Generator().manual_seed(SEED))
    old_loader = data.torch_loader(x, y, BATCH_SIZE, shuffle=True, seed=SEED)

    def only(batches):
        def run():
            for _ in batches:
                pass
        return run

    def epoch(batches):
        def run():
            loss_sum, correct = torch.zeros(()), torch.zeros((), dtype=torch.long)
            for xb, yb in batches:
                loss, hits = train_step(xb, yb)
                loss_sum += loss * len(yb)
                correct += hits
            loss_sum.item(), correct.item()
        return run

    return {
        "framework": f"pytorch {torch.__version__}", "steps_per_epoch": steps,
        "step": median_ms_per_step(fixed, repeats, steps),
        "pipeline": median_ms_per_step(only(loader), repeats, steps),
        "epoch": median_ms_per_step(epoch(loader), repeats, steps),
        "old pipeline": median_ms_per_step(only(old_loader), repeats, steps),
        "old epoch": median_ms_per_step(epoch(old_loader), repeats, steps),
    }


def worker(config: dict) -> None:
    x, y = training_images(config["data"], config["train_size"])
    profile = profile_tensorflow if config["framework"] == "tensorflow" else profile_pytorch
    print(json.dumps({"n_train": len(x), **profile(x, y, config["repeats"])}))


def main() -> None:
    if len(sys.argv) == 2 and sys.argv[1].startswith("{"):  # a worker started by run_isolated
        worker(json.loads(sys.argv[1]))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threads", type=int, default=1, help="CPU threads per framework (default 1)")
    parser.add_argument("--epochs", type=int, default=3, help="repetitions of every measurement")
    parser.add_argument("--data", default="sample", help='"sample", "full" or "auto"')
    parser.add_argument("--train-size", type=int, default=None,
                        help="training images before the validation split (default: all; the tests use 2000)")
    args = parser.parse_args()

    from dltutor.timing import run_isolated

    rows = {}
    for framework in ("pytorch", "tensorflow"):
        config = {"framework": framework, "repeats": args.epochs, "data": args.data,
                  "train_size": args.train_size}
        rows[framework] = run_isolated(Path(__file__), config, threads=args.threads)
    first = rows["pytorch"]
    print(f"MLP, {first['n_train']:,} training images, batch {BATCH_SIZE}, "
          f"{first['steps_per_epoch']} steps per epoch, {args.threads} thread(s); ms per step, "
          f"median of {args.epochs}")
    keys = ("step", "pipeline", "epoch", "old pipeline", "old epoch")
    print(f"{'':12}" + "".join(f"{k:>14}" for k in keys))
    for name, row in rows.items():
        print(f"{name:12}" + "".join(f"{row[k]:14.3f}" for k in keys))
    tf_row = rows["tensorflow"]
    print(f"tensorflow / pytorch: step {tf_row['step'] / first['step']:.2f}x, "
          f"epoch {tf_row['epoch'] / first['epoch']:.2f}x, old epoch "
          f"{tf_row['old epoch'] / first['old epoch']:.2f}x")
    print(f"tensorflow first call (tracing the step): {tf_row['first_call_ms']:.0f} ms")


if __name__ == "__main__":
    main()
