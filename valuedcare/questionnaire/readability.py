"""How easy a questionnaire's words are to read, for questionnaires written for the public (pure).

A questionnaire that states ``reading_age`` (for example 9 for experts by experience) is checked
statement by statement: its intro, each section's description and content note, and each item's
text and help. The reading age of a text is 5 + its Spache readability grade (``textstat``), the
formula made for texts at primary-school level: it weighs sentence length and words outside a list
of familiar words, so "I was listened to and taken seriously" reads at about 9 and "Staff treated
me with dignity and respect, including my culture, faith and identity" at about 12. A statement
whose reading age, rounded to a whole year, is above the target is reported as a warning.
Formulas only estimate: read the flagged statements aloud, and test the questionnaire with
the people it is for.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import ROUND_HALF_UP, Decimal

import textstat

from valuedcare.questionnaire.errors import Problem
from valuedcare.questionnaire.parse import locate
from valuedcare.questionnaire.schema import Questionnaire

Loc = tuple[str | int, ...]
SCHOOL_START_AGE = 5


def reading_age(text: str) -> int:
    """5 + the Spache grade of ``text``, rounded half up to a whole year."""
    grade = Decimal(repr(float(textstat.spache_readability(text))))
    return SCHOOL_START_AGE + int(grade.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _statements(questionnaire: Questionnaire) -> Iterator[tuple[Loc, str]]:
    for index, paragraph in enumerate(questionnaire.intro):
        yield ("intro", index), paragraph
    for s, section in enumerate(questionnaire.sections):
        for key in ("description", "content_note"):
            value = getattr(section, key)
            if value:
                yield ("sections", s, key), value
        for i, item in enumerate(section.items):
            yield ("sections", s, "items", i, "text"), item.text
            if item.help:
                yield ("sections", s, "items", i, "help"), item.help


def readability_problems(questionnaire: Questionnaire, filename: str) -> list[Problem]:
    """A warning for each statement above the questionnaire's ``reading_age`` (none without one)."""
    target = questionnaire.reading_age
    if target is None:
        return []
    problems = []
    for loc, text in _statements(questionnaire):
        age = reading_age(text)
        if age > target:
            shown = text if len(text) <= 70 else text[:67] + "..."
            message = f"reading age {age} is above the target of {target}: {shown!r}"
            problems.append(locate(questionnaire.source_text, filename, loc, message))
    return problems
