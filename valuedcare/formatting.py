"""Pure formatting helpers for pages and exports, in the NHS.UK content style.

Every function takes a plain value and returns a string. ``None`` (and pandas' missing values) give
an empty string, so a template can decide what to say instead. Rounding is "half up" on the decimal
value people see (2.45 becomes 2.5, 0.125 becomes 13%), not Python's round-half-even on binary
floats, so printed figures match a hand calculation.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

__all__ = ["nhs_date", "one_dp", "percentage", "thousands"]


def _is_nan(value: object) -> bool:
    return isinstance(value, float) and math.isnan(value)


def _to_decimal(value: float) -> Decimal:
    """The decimal people read: the shortest repr of a float, or the integer itself."""
    if isinstance(value, int):
        return Decimal(value)
    return Decimal(repr(float(value)))


def _half_up(number: Decimal, places: int) -> Decimal:
    """``number`` rounded half up to ``places`` decimal places, without a negative zero."""
    rounded = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return abs(rounded) if rounded == 0 else rounded


def thousands(value: float | None) -> str:
    """Whole number with comma separators: ``1234567`` gives ``"1,234,567"``.

    Floats are rounded half up to a whole number first (``1234.5`` gives ``"1,235"``).
    Missing values give ``""``.
    """
    if value is None or _is_nan(value):
        return ""
    return f"{int(_half_up(_to_decimal(value), 0)):,}"


def percentage(value: float | None, places: int = 0) -> str:
    """A proportion (0 to 1) as a percentage: ``0.125`` gives ``"13%"``; ``places`` decimals.

    Missing values give ``""``. There is no space before the ``%`` sign (NHS.UK style).
    """
    if value is None or _is_nan(value):
        return ""
    return f"{_half_up(_to_decimal(value) * 100, places):,}%"


def one_dp(value: float | None) -> str:
    """A number to one decimal place: ``2.45`` gives ``"2.5"``, ``3`` gives ``"3.0"``.

    Missing values give ``""``. Used for mean maturity scores on the 1 to 5 scale.
    """
    if value is None or _is_nan(value):
        return ""
    return f"{_half_up(_to_decimal(value), 1):,}"


def nhs_date(value: date | None) -> str:
    """A date in NHS.UK style: ``date(2026, 11, 24)`` gives ``"24 November 2026"``.

    Datetimes show their date only. Missing values give ``""``.
    """
    if value is None:
        return ""
    day = value.date() if isinstance(value, datetime) else value
    return f"{day.day} {day:%B %Y}"


def month_year(value: date | None) -> str:
    """A month in NHS.UK style: ``date(2026, 3, 1)`` gives ``"March 2026"``.

    Missing values give ``""``.
    """
    if value is None:
        return ""
    return f"{value:%B %Y}"


def measure_value(value: float | None, unit: str) -> str:
    """An outcome measure's value in its unit: days and rates to one decimal place, a percentage
    to one decimal place with ``%``, a count as a whole number, pounds as ``£1,234``. Missing
    values give ``""``."""
    if value is None or _is_nan(value):
        return ""
    if unit == "percent":
        return f"{_half_up(_to_decimal(value), 1):,}%"
    if unit == "count":
        return thousands(value)
    if unit == "pounds":
        return f"£{thousands(value)}"
    return one_dp(value)


def join_names(names: Sequence[str]) -> str:
    """Join names as English prose: "A", "A and B", "A, B and C"."""
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"


def counted(number: int, noun: str, plural: str | None = None) -> str:
    """A count with its noun: "1 reminder", "2 reminders", "1,200 people" (``plural`` for a
    noun that does not just add an s)."""
    word = noun if number == 1 else (plural or f"{noun}s")
    return f"{number:,} {word}"
