"""Weekly atmospheric CO2 at Mauna Loa, 1958-2001 (Keeling & Whorf)."""

from __future__ import annotations

import numpy as np

from .core import CorruptFileError, SeriesData
from .fetch import obtain

__all__ = ["load_co2", "parse_co2_csv"]


def parse_co2_csv(text: str, what: str = "CO2 file") -> tuple[np.ndarray, np.ndarray]:
    """Parse ``date,co2`` rows (``YYYYMMDD,ppm``; empty ppm = missing -> NaN).

    Parameters
    ----------
    text : str
        The CSV text; its first non-blank line must be the header ``date,co2``
        (spaces and case ignored). Blank lines are skipped.
    what : str, optional
        What ``text`` is (e.g. its path), for error messages.

    Returns
    -------
    dates : numpy.ndarray
        The dates, ``datetime64[D]``.
    values : numpy.ndarray
        The CO2 concentrations in ppm, float64, NaN where missing.

    Raises
    ------
    ~dltutor.data.core.CorruptFileError
        If the header is missing, a date is not ``YYYYMMDD`` or a value is not
        a number.
    """
    lines = [ln.strip() for ln in text.replace("\r\n", "\n").split("\n") if ln.strip()]
    if not lines or lines[0].replace(" ", "").lower() != "date,co2":
        raise CorruptFileError(f"{what} does not start with the header 'date,co2'.")
    dates, values = [], []
    for i, line in enumerate(lines[1:], start=2):
        day, sep, value = line.partition(",")
        if not sep or len(day) != 8 or not day.isdigit():
            raise CorruptFileError(f"{what}, line {i}: expected 'YYYYMMDD,value', got {line!r}.")
        dates.append(f"{day[:4]}-{day[4:6]}-{day[6:]}")
        try:
            values.append(float(value) if value.strip() else np.nan)
        except ValueError as err:
            raise CorruptFileError(f"{what}, line {i}: {value!r} is not a number.") from err
    return np.array(dates, dtype="datetime64[D]"), np.array(values, dtype=np.float64)


def load_co2(source: str | None = None) -> SeriesData:
    """Load the weekly Mauna Loa CO2 series (ppm), 1958-03-29 to 2001-12-29.

    The bundled file is the complete series, so every ``source`` (``"auto"``,
    ``"full"``, ``"sample"``) returns it and ``info.source`` is ``"full"``;
    ``source`` is still validated. Missing weeks are NaN.

    :mod:`dltutor.data` explains ``source``.

    Returns
    -------
    ~dltutor.data.core.SeriesData
        The dates, the values and the data set's
        :class:`~dltutor.data.core.DataInfo` (``n_train`` counts the weeks).

    Raises
    ------
    ~dltutor.data.core.UnknownSourceError
        If ``source`` names no known source.
    ~dltutor.data.core.DataUnavailableError
        If the bundled file is missing.
    ~dltutor.data.core.CorruptFileError
        If the bundled file is not a valid ``date,co2`` file.
    """
    got = obtain("co2", source, loader="load_co2")
    path = got.paths[0]
    dates, values = parse_co2_csv(path.read_text(encoding="utf-8"), str(path))
    info = got.info(
        n_train=len(values),
        n_test=0,
        description=(
            "complete weekly series 1958-2001 bundled with the course "
            f"({int(np.isnan(values).sum())} missing weeks as NaN)"
        ),
    )
    return SeriesData(dates, values, info)
