"""Numbers and dates as people read them on NHS.UK pages."""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date, datetime

import pytest

from valuedcare.formatting import counted, nhs_date, one_dp, percentage, thousands


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0, "0"),
        (999, "999"),
        (1234567, "1,234,567"),
        (-4500, "-4,500"),
        (1234.5, "1,235"),
        (2.5, "3"),
    ],
)
def test_thousands_groups_digits_and_rounds_half_up(value: float, expected: str) -> None:
    assert thousands(value) == expected


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [(0.125, 0, "13%"), (0.5, 0, "50%"), (1, 0, "100%"), (1 / 3, 1, "33.3%"), (0.0005, 1, "0.1%")],
)
def test_percentage_turns_a_proportion_into_a_percentage(
    value: float, places: int, expected: str
) -> None:
    assert percentage(value, places) == expected


@pytest.mark.parametrize(
    ("value", "expected"), [(2.45, "2.5"), (2.25, "2.3"), (3, "3.0"), (4.04, "4.0"), (-0.04, "0.0")]
)
def test_one_dp_rounds_half_up_without_negative_zero(value: float, expected: str) -> None:
    assert one_dp(value) == expected


def test_nhs_date_has_no_leading_zero_and_full_month() -> None:
    assert nhs_date(date(2026, 11, 24)) == "24 November 2026"
    assert nhs_date(datetime(2026, 1, 5, 23, 59)) == "5 January 2026"


@pytest.mark.parametrize("formatter", [thousands, percentage, one_dp])
def test_missing_numbers_give_an_empty_string(formatter: Callable[[object], str]) -> None:
    assert formatter(None) == ""
    assert formatter(math.nan) == ""


def test_missing_date_gives_an_empty_string() -> None:
    assert nhs_date(None) == ""


@pytest.mark.parametrize(
    ("number", "noun", "plural", "expected"),
    [
        (0, "reminder", None, "0 reminders"),
        (1, "reminder", None, "1 reminder"),
        (2, "reminder", None, "2 reminders"),
        (1, "person", "people", "1 person"),
        (1200, "person", "people", "1,200 people"),
        (1, "address", "addresses", "1 address"),
    ],
)
def test_counted_gives_the_noun_its_number(
    number: int, noun: str, plural: str | None, expected: str
) -> None:
    assert counted(number, noun, plural) == expected
