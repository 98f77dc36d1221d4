"""H. G. Wells, *The Time Machine*, from Project Gutenberg."""

from __future__ import annotations

import re

from .core import CorruptFileError, TextData
from .fetch import discard_on_error, obtain

__all__ = ["load_timemachine", "strip_gutenberg"]

_START = re.compile(r"^\*\*\* ?START OF (THE|THIS) PROJECT GUTENBERG EBOOK.*$", re.M | re.I)
_END = re.compile(r"^\*\*\* ?END OF (THE|THIS) PROJECT GUTENBERG EBOOK.*$", re.M | re.I)


def strip_gutenberg(raw: str) -> str:
    """The book body between Gutenberg's ``*** START`` and ``*** END`` lines.

    Parameters
    ----------
    raw : str
        The whole eBook text, as Project Gutenberg publishes it.

    Returns
    -------
    str
        The text between the two marker lines, without a leading byte order
        mark, with Windows line ends turned into Unix ones and with the
        surrounding whitespace stripped.

    Raises
    ------
    ~dltutor.data.core.CorruptFileError
        If the marker lines are missing or out of order.
    """
    text = raw.lstrip("\ufeff").replace("\r\n", "\n")
    start, end = _START.search(text), _END.search(text)
    if start is None or end is None or end.start() < start.end():
        raise CorruptFileError(
            "The text has no '*** START/END OF THE PROJECT GUTENBERG EBOOK' lines, so the "
            "book body cannot be found; the file is not a Project Gutenberg eBook. "
            "Use source='sample'."
        )
    return text[start.end() : end.start()].strip()


def load_timemachine(source: str | None = None) -> TextData:
    """Load the text of *The Time Machine* (Gutenberg header and licence removed).

    ``"full"`` downloads eBook #35 from Project Gutenberg; ``"sample"`` is the
    bundled copy of the same file. ``info.n_train`` is the number of
    characters.

    :mod:`dltutor.data` explains ``source`` and the errors common to all loaders.

    Returns
    -------
    ~dltutor.data.core.TextData
        The book body (see :func:`~dltutor.data.text.strip_gutenberg`) and the data set's
        :class:`~dltutor.data.core.DataInfo`.

    Raises
    ------
    ~dltutor.data.core.CorruptFileError
        If the file is not UTF-8 text or not a Project Gutenberg eBook; for
        the full data the cached file is deleted.
    """
    got = obtain("timemachine", source, loader="load_timemachine")
    with discard_on_error(got):
        try:
            raw = got.paths[0].read_text(encoding="utf-8")
        except UnicodeDecodeError as err:
            raise CorruptFileError(f"{got.paths[0]} is not UTF-8 text ({err}).") from err
        body = strip_gutenberg(raw)
    description = "Project Gutenberg eBook #35, book body only (characters counted as train)"
    return TextData(body, got.info(n_train=len(body), n_test=0, description=description))
