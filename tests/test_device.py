import pytest

from dltutor import device


def test_torch_device_falls_back_to_cpu_or_gpu():
    torch = pytest.importorskip("torch")
    expected = "cuda" if torch.cuda.is_available() else None
    chosen = device.torch_device()
    if expected:
        assert chosen.type == "cuda"
    else:
        assert chosen.type in {"cpu", "mps"}


def test_forced_device(monkeypatch):
    pytest.importorskip("torch")
    monkeypatch.setenv("DLTUTOR_DEVICE", "cpu")
    assert device.torch_device().type == "cpu"
    assert device.torch_device("meta").type == "meta"


def test_hardware_and_summary():
    hw = device.hardware()
    assert hw["cpu_count"] >= 1 and hw["cpu"]
    text = device.summary()
    assert text.startswith("CPU: ")
    assert "PyTorch" in text and "TensorFlow" in text


@pytest.mark.gpu
def test_pytorch_trains_on_the_gpu():
    torch = pytest.importorskip("torch")
    dev = device.torch_device()
    assert dev.type == "cuda"
    model = torch.nn.Linear(8, 1).to(dev)
    opt = torch.optim.SGD(model.parameters(), lr=0.1)
    x = torch.randn(64, 8, device=dev)
    y = x.sum(dim=1, keepdim=True)
    losses = []
    for _ in range(50):
        opt.zero_grad()
        loss = torch.nn.functional.mse_loss(model(x), y)
        loss.backward()
        opt.step()
        losses.append(loss.item())
    assert next(model.parameters()).is_cuda
    assert losses[-1] < 0.1 * losses[0]
