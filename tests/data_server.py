"""Helpers for the data tests: a local HTTP server, a closed port, archives.

Not a pytest plugin: test modules import what they need from here.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import hashlib
import http.server
import io
import os
import socket
import tarfile
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SAMPLES = REPO / "data" / "samples"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def serve_folder(folder: Path) -> Iterator[str]:
    """Serve ``folder`` on 127.0.0.1 in a thread; yields the base URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def closed_port_url() -> str:
    """A base URL on 127.0.0.1 where nothing listens (connection refused)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/"


def md5(path: Path) -> str:
    """``"md5:<hex>"`` of a file, as in the registry."""
    return "md5:" + hashlib.md5(Path(path).read_bytes()).hexdigest()


def files_in(folder: Path) -> list[str]:
    """Every file (any depth, hidden included) under ``folder``, relative, sorted."""
    if not folder.exists():
        return []
    return sorted(
        str(Path(root, f).relative_to(folder)) for root, _, names in os.walk(folder) for f in names
    )


def set_data_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Point the cache at ``tmp_path/cache``, clear overrides; returns the cache."""
    cache = tmp_path / "cache"
    monkeypatch.setenv("DLTUTOR_DATA_DIR", str(cache))
    monkeypatch.delenv("DLTUTOR_DATA", raising=False)
    monkeypatch.delenv("DLTUTOR_SAMPLES_DIR", raising=False)
    for key in list(os.environ):
        if key.startswith("DLTUTOR_MIRRORS_"):
            monkeypatch.delenv(key)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.setenv("no_proxy", "127.0.0.1,localhost")
    return cache


def gzip_bytes(data: bytes) -> bytes:
    """Gzip-compress ``data`` in memory (fixed mtime: reproducible bytes)."""
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", mtime=0, compresslevel=1) as gz:
        gz.write(data)
    return buf.getvalue()


def make_tar(path: Path, members: list[tuple[tarfile.TarInfo, bytes | None]]) -> Path:
    """Write a tar.gz holding ``members`` (TarInfo, payload or None)."""
    with tarfile.open(path, "w:gz") as tar:
        for info, payload in members:
            if payload is not None:
                info.size = len(payload)
                tar.addfile(info, io.BytesIO(payload))
            else:
                tar.addfile(info)
    return path


def file_member(name: str, payload: bytes) -> tuple[tarfile.TarInfo, bytes]:
    """A regular-file member."""
    return tarfile.TarInfo(name), payload


def link_member(name: str, target: str, *, hard: bool = False) -> tuple[tarfile.TarInfo, None]:
    """A symlink (or hard link) member pointing at ``target``."""
    info = tarfile.TarInfo(name)
    info.type = tarfile.LNKTYPE if hard else tarfile.SYMTYPE
    info.linkname = target
    return info, None


def small_cifar_tar(path: Path, n_per_batch: int = 20, seed: int = 0) -> Path:
    """A tiny CIFAR-10 archive in the official binary layout (random pixels)."""
    import numpy as np

    rng = np.random.default_rng(seed)
    names = [
        "airplane",
        "automobile",
        "bird",
        "cat",
        "deer",
        "dog",
        "frog",
        "horse",
        "ship",
        "truck",
    ]
    members = [
        file_member("cifar-10-batches-bin/batches.meta.txt", ("\n".join(names) + "\n\n").encode())
    ]
    for batch in [f"data_batch_{i}.bin" for i in range(1, 6)] + ["test_batch.bin"]:
        labels = rng.integers(0, 10, size=(n_per_batch, 1), dtype=np.uint8)
        pixels = rng.integers(0, 256, size=(n_per_batch, 3072), dtype=np.uint8)
        payload = np.concatenate([labels, pixels], axis=1).tobytes()
        members.append(file_member(f"cifar-10-batches-bin/{batch}", payload))
    return make_tar(path, members)
