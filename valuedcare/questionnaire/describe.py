"""Answers and answer options in words, for exports and printed copies (pure).

Every item type has a readable form: a maturity level is its number and its name (3, "Developing:
<the statement's level text>"), a choice its option value and label, a multiple choice the values
and labels of every option chosen (joined by "; "), a scale or number the number as given (a 7 on
a 0-10 scale stays 7; its 1-5 score is a different column), and a text answer the text itself.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from valuedcare.questionnaire.schema import DONT_KNOW, MATURITY_LEVELS, Item

JOIN = "; "
DONT_KNOW_LABEL = "Don't know"


@dataclass(frozen=True)
class AnswerText:
    """One answer as exported: the value as given, and its label in words (None when the value
    is its own label, as for numbers and text)."""

    answer: str | int | None
    label: str | None


@dataclass(frozen=True)
class OptionText:
    """One answer an item offers: the stored value, its label and its 1-5 score (if any)."""

    value: str | int
    label: str
    score: float | None
    not_known: bool


def level_name(level: object) -> str | None:
    """The name of maturity level 1-5 ("Beginning" ... "Leading"), or None."""
    if isinstance(level, bool) or not isinstance(level, int | float):
        return None
    whole = int(level)
    if whole != level or not 1 <= whole <= len(MATURITY_LEVELS):
        return None
    return MATURITY_LEVELS[whole - 1]


def _maturity_label(item: Item, level: int) -> str | None:
    name = level_name(level)
    if name is None:
        return None
    if item.levels:
        return f"{name}: {item.levels[level - 1]}"
    return name


def describe_answer(item: Item, value: object) -> AnswerText:
    """The answer ``value`` to ``item`` as given, with its label (see the module docstring)."""
    if value is None or value == "" or value == []:
        return AnswerText(None, None)
    if item.type == "maturity":
        if value == DONT_KNOW:
            return AnswerText(DONT_KNOW, DONT_KNOW_LABEL)
        level = _whole(value)
        return AnswerText(level, _maturity_label(item, level) if level is not None else None)
    if item.type == "multiple_choice":
        chosen = [str(each) for each in value] if isinstance(value, list | tuple) else [str(value)]
        labels = [_option_label(item, each) for each in chosen]
        return AnswerText(JOIN.join(chosen), JOIN.join(labels))
    if item.type in {"scale", "number"}:
        number = _whole(value)
        return AnswerText(number if number is not None else str(value), None)
    if item.is_choice:
        return AnswerText(str(value), _option_label(item, str(value)))
    return AnswerText(str(value), None)


def _option_label(item: Item, value: str) -> str:
    option = item.option(value)
    return option.label if option is not None else value


def _whole(value: object) -> int | None:
    try:
        number = float(str(value))
    except ValueError:
        return None
    return int(number) if number.is_integer() else None


def item_options(item: Item) -> list[OptionText]:
    """Every answer ``item`` offers, in the order shown: options, maturity levels 1-5 (then
    "don't know" where allowed) or the whole numbers of a scale. Text and number items offer
    none."""
    if item.type == "maturity":
        options = [
            OptionText(level, _maturity_label(item, level) or str(level), float(level), False)
            for level in range(1, len(MATURITY_LEVELS) + 1)
        ]
        if item.allow_dont_know:
            options.append(OptionText(DONT_KNOW, DONT_KNOW_LABEL, None, True))
        return options
    if item.type == "scale" and item.min is not None and item.max is not None:
        return [
            OptionText(number, _scale_label(item, number), item.score_for(number), False)
            for number in range(item.min, item.max + 1)
        ]
    return [
        OptionText(option.value, option.label, option.score, bool(option.not_known))
        for option in item.options
    ]


def _scale_label(item: Item, number: int) -> str:
    if number == item.min and item.min_label:
        return f"{number} ({item.min_label})"
    if number == item.max and item.max_label:
        return f"{number} ({item.max_label})"
    return str(number)


def chosen_values(item: Item, value: object) -> Iterable[str | int]:
    """The option values an answer chose (several for multiple choice; none for text)."""
    if value is None or item.type in {"text", "number"}:
        return []
    if item.type == "multiple_choice":
        return [str(each) for each in value] if isinstance(value, list | tuple) else [str(value)]
    if item.type == "maturity" and value == DONT_KNOW:
        return [DONT_KNOW]
    if item.type in {"maturity", "scale"}:
        number = _whole(value)
        return [number] if number is not None else []
    return [value if isinstance(value, str) else str(value)]
