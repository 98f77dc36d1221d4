import random
import subprocess
import sys

import numpy as np

from dltutor.repro import seed_everything


def test_python_and_numpy_repeat():
    seed_everything(3)
    first = (random.random(), np.random.rand(3))
    seed_everything(3)
    second = (random.random(), np.random.rand(3))
    assert first[0] == second[0]
    assert np.array_equal(first[1], second[1])


def test_other_seed_differs():
    seed_everything(3)
    a = np.random.rand(3)
    seed_everything(4)
    assert not np.array_equal(a, np.random.rand(3))


def test_torch_is_seeded_and_deterministic():
    import torch

    seeded = seed_everything(5)
    assert seeded["torch"]
    a = torch.randn(4)
    seed_everything(5)
    assert torch.equal(a, torch.randn(4))
    assert torch.are_deterministic_algorithms_enabled()
    torch.use_deterministic_algorithms(False)


def _draws_in_fresh_process(code: str) -> str:
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout


def test_tensorflow_and_keras_repeat_across_processes():
    code = (
        "import os; os.environ['TF_CPP_MIN_LOG_LEVEL']='3'\n"
        "import tensorflow as tf, keras\n"
        "from dltutor.repro import seed_everything\n"
        "s = seed_everything(11)\n"
        "assert s['tensorflow'] and s['keras'], s\n"
        "layer = keras.layers.Dense(2); layer.build((None, 3))\n"
        "print(tf.random.uniform((2,)).numpy().tolist(), layer.kernel.numpy().ravel().tolist())\n"
    )
    assert _draws_in_fresh_process(code) == _draws_in_fresh_process(code)


def test_frameworks_not_imported_are_not_imported():
    code = (
        "import sys\nfrom dltutor.repro import seed_everything\n"
        "print(seed_everything(1), 'tensorflow' in sys.modules, 'torch' in sys.modules)\n"
    )
    out = _draws_in_fresh_process(code)
    assert out.strip().endswith("False False")
