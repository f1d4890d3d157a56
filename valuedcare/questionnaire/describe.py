"""Answers and answer options in words, for exports and printed copies (pure).

Every item type has a readable form: a maturity level is its number and its name (3, "Developing:
<the statement's level text>"), a choice its option value and label, a multiple choice the values
and labels of every option chosen (joined by "; "), a scale or number the number as given (a 7 on
a 0-10 scale stays 7; its 1-5 score is a different column), and a text answer the text itself.
"""

from __future__ import annotations

from collections.abc import Iterable

from valuedcare.questionnaire.schema import Item
from valuedcare.questionnaire.types import (
    DONT_KNOW_LABEL,
    JOIN,
    AnswerText,
    OptionText,
    level_name,
)


def describe_answer(item: Item, value: object) -> AnswerText:
    """The answer ``value`` to ``item`` as given, with its label (see the module docstring)."""
    if value is None or value == "" or value == []:
        return AnswerText(None, None)
    return item.kind.describe(item, value)


def item_options(item: Item) -> list[OptionText]:
    """Every answer ``item`` offers, in the order shown: options, maturity levels 1-5 (then
    "don't know" where allowed) or the whole numbers of a scale. Text and number items offer
    none."""
    return item.kind.options(item)


def chosen_values(item: Item, value: object) -> Iterable[str | int]:
    """The option values an answer chose (several for multiple choice; none for text)."""
    if value is None:
        return []
    return item.kind.chosen(item, value)


__all__ = [
    "DONT_KNOW_LABEL",
    "JOIN",
    "AnswerText",
    "OptionText",
    "chosen_values",
    "describe_answer",
    "item_options",
    "level_name",
]
