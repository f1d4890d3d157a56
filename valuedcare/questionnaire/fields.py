"""Constrained value types shared by the questionnaire and ingredient models (pure).

Each type carries a plain-English message, so authors see "must not be empty" rather than a regular
expression.
"""

from __future__ import annotations

import keyword
import math
import re
from typing import Annotated

from pydantic import AfterValidator, Field, Strict
from pydantic_core import PydanticCustomError

_SNAKE_CASE = re.compile(r"[a-z][a-z0-9]*(_[a-z0-9]+)*")
_OPTION_VALUE = re.compile(r"[a-z0-9]+(_[a-z0-9]+)*")
_KEBAB_CASE = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")

SHORT_TITLE_MAX = 28
LEVEL_COUNT = 5
#: A maturity item's ``next_steps``: one for each level below Leading, each short and plain.
NEXT_STEP_COUNT = LEVEL_COUNT - 1
NEXT_STEP_MAX_SENTENCES = 2
NEXT_STEP_MAX_WORDS = 45
#: The end of a sentence: a full stop, question or exclamation mark (perhaps before a closing
#: quote or bracket), then the end of the text or a space and a capital letter, digit or opening
#: quote, so "for example 2.5 beds" or "e.g. this" do not end one.
_SENTENCE_END = re.compile(r"[.!?]+[\"')\]]*(?=\s*$|\s+[A-Z0-9\"'(])")
#: The largest questionnaire version: stored in a 32-bit integer column, and far beyond any real
#: numbering.
MAX_VERSION = 1_000_000

# Item ids become form field names, so they must not clash with the attributes of a web form.
#: Names a form already uses: WTForms attributes and the hidden fields and buttons of a section
#: page (its revision, the save action and an anonymous respondent's draft ticket).
RESERVED_IDS = frozenset(
    {
        "csrf_token",
        "data",
        "errors",
        "form_errors",
        "meta",
        "populate_obj",
        "process",
        "validate",
        "revision",
        "action",
        "draft",
    }
)


def _text(value: str) -> str:
    stripped = value.strip()
    if not stripped:
        raise PydanticCustomError("blank_text", "must not be empty or only spaces")
    return stripped


def is_identifier(value: object) -> bool:
    """True if ``value`` is a valid id: snake_case, not a Python keyword and not reserved."""
    return (
        isinstance(value, str)
        and _SNAKE_CASE.fullmatch(value) is not None
        and not keyword.iskeyword(value)
        and value not in RESERVED_IDS
    )


def _identifier(value: str) -> str:
    if not _SNAKE_CASE.fullmatch(value) or keyword.iskeyword(value):
        raise PydanticCustomError(
            "identifier",
            "'{value}' is not a valid id: use lower-case letters, digits and single underscores, "
            "starting with a letter (for example 'ebe1' or 'b1_actual')",
            {"value": value},
        )
    if value in RESERVED_IDS:
        raise PydanticCustomError("reserved_id", "'{value}' is a reserved name", {"value": value})
    return value


def _option_value(value: str) -> str:
    if not _OPTION_VALUE.fullmatch(value):
        raise PydanticCustomError(
            "option_value",
            "'{value}' is not a valid option value: use lower-case letters, digits and "
            "underscores (for example 'strongly_agree')",
            {"value": value},
        )
    return value


def _slug(value: str) -> str:
    if not _KEBAB_CASE.fullmatch(value):
        raise PydanticCustomError(
            "slug",
            "'{value}' is not a valid slug: use lower-case words joined by hyphens "
            "(for example 'partner-feedback')",
            {"value": value},
        )
    return value


def _finite(value: float) -> float:
    """YAML reads .nan, .inf and -.inf as numbers; none of them can weigh or score anything."""
    if not math.isfinite(value):
        raise PydanticCustomError(
            "not_finite", "must be an ordinary number, not {value}", {"value": str(value)}
        )
    return value


def _version(value: int) -> int:
    if value > MAX_VERSION:
        raise PydanticCustomError(
            "version_range",
            "must be a whole number from 1 to {limit}; found a number {digits} digits long",
            {"limit": f"{MAX_VERSION:,}", "digits": len(str(value))},
        )
    return value


def _score(value: float) -> float:
    if not 1 <= value <= 5:
        raise PydanticCustomError(
            "score_range", "scores must be between 1 and 5; found {value}", {"value": f"{value:g}"}
        )
    return value


def _positive(value: float) -> float:
    if value <= 0:
        raise PydanticCustomError(
            "not_positive", "must be a positive number; found {value}", {"value": f"{value:g}"}
        )
    return value


def _positive_int(value: int) -> int:
    return int(_positive(value))


def _short_title(value: str) -> str:
    if len(value) > SHORT_TITLE_MAX:
        raise PydanticCustomError(
            "short_title",
            "must be at most {limit} characters so it fits on chart axes; found {length}",
            {"limit": SHORT_TITLE_MAX, "length": len(value)},
        )
    return value


def _non_empty(value: tuple[object, ...]) -> tuple[object, ...]:
    if not value:
        raise PydanticCustomError("empty_list", "must list at least one entry")
    return value


def _five_levels(value: tuple[str, ...]) -> tuple[str, ...]:
    if len(value) != LEVEL_COUNT:
        raise PydanticCustomError(
            "level_count",
            "a maturity item needs exactly five levels (Beginning, Emerging, Developing, "
            "Embedded, Leading); found {count}",
            {"count": len(value)},
        )
    return value


def count_sentences(text: str) -> int:
    """How many sentences ``text`` holds (at least one when it has any words)."""
    stripped = text.strip()
    if not stripped:
        return 0
    return max(1, len(_SENTENCE_END.findall(stripped)))


def _short_step(value: str) -> str:
    words = len(value.split())
    if words > NEXT_STEP_MAX_WORDS:
        raise PydanticCustomError(
            "next_step_words",
            "a next step must be at most {limit} words; found {count}",
            {"limit": NEXT_STEP_MAX_WORDS, "count": words},
        )
    sentences = count_sentences(value)
    if sentences > NEXT_STEP_MAX_SENTENCES:
        raise PydanticCustomError(
            "next_step_sentences",
            "a next step must be one or two sentences; found {count}",
            {"count": sentences},
        )
    return value


def _four_steps(value: tuple[str, ...]) -> tuple[str, ...]:
    if len(value) != NEXT_STEP_COUNT:
        raise PydanticCustomError(
            "next_step_count",
            "next_steps needs {expected} entries, one for each level below Leading; found {count}",
            {"expected": NEXT_STEP_COUNT, "count": len(value)},
        )
    return value


# Numbers and flags are strict: YAML gives real numbers and booleans, so `true` is not read as 1
# and "2" is not read as a number.
Flag = Annotated[bool, Strict()]
WholeNumber = Annotated[int, Strict()]
Version = Annotated[int, Strict(), Field(ge=1), AfterValidator(_version)]
Text = Annotated[str, AfterValidator(_text)]
Identifier = Annotated[str, AfterValidator(_identifier)]
OptionValue = Annotated[str, AfterValidator(_option_value)]
Slug = Annotated[str, AfterValidator(_slug)]
Score = Annotated[float, Strict(), AfterValidator(_finite), AfterValidator(_score)]
Weight = Annotated[float, Strict(), AfterValidator(_finite), AfterValidator(_positive)]
Number = Annotated[float, Strict(), AfterValidator(_finite)]
PositiveInt = Annotated[int, Strict(), AfterValidator(_positive_int)]
ShortTitle = Annotated[str, AfterValidator(_text), AfterValidator(_short_title)]
NonEmpty = AfterValidator(_non_empty)
Levels = Annotated[tuple[Text, ...], AfterValidator(_five_levels)]
NextStep = Annotated[Text, AfterValidator(_short_step)]
NextSteps = Annotated[tuple[NextStep, ...], AfterValidator(_four_steps)]
