from dltutor.readorder import sort_by_toc, toc_order
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


def test_toc_order_strips_suffixes_and_comments():
    assert toc_order(TOC) == [
        "book/intro",
        "book/mnist",
        "notebooks/mnist/pytorch",
        "notebooks/mnist/tensorflow",
        "notebooks/mnist/keras",
        "notebooks/mnist/compare",
    ]


def test_comparison_page_is_read_after_the_notebooks_it_compares():
    docnames = sorted(["notebooks/mnist/compare", "notebooks/mnist/keras", "notebooks/mnist/pytorch",
                       "notebooks/mnist/tensorflow", "extra/page", "book/intro"])
    sort_by_toc(docnames, toc_order(TOC))
    assert docnames == [
        "book/intro",
        "notebooks/mnist/pytorch",
        "notebooks/mnist/tensorflow",
        "notebooks/mnist/keras",
        "notebooks/mnist/compare",
        "extra/page",  # not in the toc: last
    ]


def test_the_books_own_toc_puts_every_compare_page_last_in_its_chapter():
    order = toc_order((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    for name in order:
        if name.endswith("/compare"):
            chapter = name.rsplit("/", 1)[0]
            siblings = [n for n in order if n.startswith(chapter + "/")]
            assert siblings[-1] == name, f"{name} must come last in its chapter"
