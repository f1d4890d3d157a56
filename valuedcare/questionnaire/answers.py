"""Turning raw answers into comparable values and 1-5 scores (pure)."""

from __future__ import annotations

from collections.abc import Set
from dataclasses import dataclass

LOWEST_SCORE = 1.0
HIGHEST_SCORE = 5.0


def is_blank(value: object) -> bool:
    """True for no answer: None, an empty string or an empty list of choices."""
    return value is None or value == "" or value == [] or value == ()


@dataclass(frozen=True)
class AnswerInput:
    """One item's answer as posted, on its way from the form to storage: the raw value (None
    when unanswered), the 12-month target level and the comment."""

    value: object = None
    target: int | None = None
    comment: str | None = None

    @property
    def is_empty(self) -> bool:
        return is_blank(self.value) and self.target is None and not self.comment


def answer_values(answer: object) -> Set[object]:
    """Return the chosen values of an answer: one value, or several for a multiple choice answer.

    None (no answer) gives an empty set; a list, tuple or set gives its members.
    """
    if answer is None:
        return frozenset()
    if isinstance(answer, list | tuple | set | frozenset):
        return frozenset(answer)
    return frozenset({answer})


def _as_number(value: object) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.strip())
        except ValueError:
            return None
    return None


def maturity_score(value: object) -> float | None:
    """Score a maturity answer: a whole level 1-5 (as a number or text) scores itself, else None."""
    number = _as_number(value)
    if number is None or not number.is_integer() or not 1 <= number <= 5:
        return None
    return number


def scale_score(value: object, low: int, high: int) -> float | None:
    """Map a scale answer ``value`` in ``low..high`` linearly onto 1-5; None if out of range."""
    number = _as_number(value)
    if number is None or high <= low or not low <= number <= high:
        return None
    return LOWEST_SCORE + (HIGHEST_SCORE - LOWEST_SCORE) * (number - low) / (high - low)
