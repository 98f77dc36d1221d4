import json
import os

from dltutor.book.readorder import records_read_by, sort_by_toc, stale_readers
from dltutor.book.toc import toc_files
from tests.notebook_harness import ROOT

TOC = """
format: jb-book
root: book/intro
parts:
  - caption: MNIST
    chapters:
      - file: book/mnist.md
        sections:
          - file: notebooks/mnist/pytorch
          - file: notebooks/mnist/tensorflow.ipynb  # a comment
          - file: notebooks/mnist/keras
          - file: notebooks/mnist/compare
"""


def _toc(tmp_path):
    path = tmp_path / "_toc.yml"
    path.write_text(TOC)
    return toc_files(path)


def test_toc_files_strips_suffixes_and_comments(tmp_path):
    assert _toc(tmp_path) == [
        "book/intro",
        "book/mnist",
        "notebooks/mnist/pytorch",
        "notebooks/mnist/tensorflow",
        "notebooks/mnist/keras",
        "notebooks/mnist/compare",
    ]


def test_comparison_page_is_read_after_the_notebooks_it_compares(tmp_path):
    docnames = sorted(["notebooks/mnist/compare", "notebooks/mnist/keras", "notebooks/mnist/pytorch",
                       "notebooks/mnist/tensorflow", "extra/page", "book/intro"])
    sort_by_toc(docnames, _toc(tmp_path))
    assert docnames == [
        "book/intro",
        "notebooks/mnist/pytorch",
        "notebooks/mnist/tensorflow",
        "notebooks/mnist/keras",
        "notebooks/mnist/compare",
        "extra/page",  # not in the toc: last
    ]


def test_the_books_own_toc_puts_every_compare_page_last_in_its_chapter():
    order = toc_files(ROOT / "_toc.yml")
    for name in order:
        if name.endswith("/compare"):
            chapter = name.rsplit("/", 1)[0]
            siblings = [n for n in order if n.startswith(chapter + "/")]
            assert siblings[-1] == name, f"{name} must come last in its chapter"


def test_every_compare_page_declares_the_records_it_reads_and_always_executes():
    for name in toc_files(ROOT / "_toc.yml"):
        if name.endswith("/compare"):
            path = ROOT / f"{name}.ipynb"
            assert records_read_by(path), f"{path}: metadata dltutor.reads_records is missing"
            meta = json.loads(path.read_text())["metadata"]
            assert meta.get("mystnb", {}).get("execution_mode") == "force", path


def test_reader_is_stale_when_a_sibling_reruns(tmp_path, monkeypatch):
    monkeypatch.setenv("DLTUTOR_RESULTS_DIR", str(tmp_path))
    readers = {"notebooks/mnist/compare": "mnist"}
    last = {"notebooks/mnist/compare": 10**18}
    assert stale_readers(readers, {"notebooks/mnist/pytorch"}, last) == ["notebooks/mnist/compare"]
    assert stale_readers(readers, {"notebooks/lstm/pytorch"}, last) == []
    assert stale_readers(readers, set(), last) == []


def test_reader_is_stale_when_a_record_is_newer_than_its_last_read(tmp_path, monkeypatch):
    monkeypatch.setenv("DLTUTOR_RESULTS_DIR", str(tmp_path))
    (tmp_path / "mnist").mkdir()
    record = tmp_path / "mnist" / "keras-torch-cnn.json"
    record.write_text("{}")
    os.utime(record, ns=(2_000_000_000_000, 2_000_000_000_000))  # 2000 s after the epoch
    readers = {"notebooks/mnist/compare": "mnist"}
    assert stale_readers(readers, set(), {"notebooks/mnist/compare": 1_000_000_000}) == [
        "notebooks/mnist/compare"]
    assert stale_readers(readers, set(), {"notebooks/mnist/compare": 3_000_000_000}) == []
