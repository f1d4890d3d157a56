"""What each question type means: the one home of every rule that depends on an item's ``type``
(pure).

Each entry of :data:`QUESTION_TYPES` says, for its type, which keys of the YAML file it uses, how a
posted answer is converted for storage, how it is scored, which answers are "don't know", how an
answer is put into words (on "check your answers", in exports and on paper), which answers it
offers, and what a plausible answer looks like (for demonstration data). How a type is shown on a
web page lives in the web layer's own registry, ``valuedcare.survey.forms.QUESTION_FIELDS``.

Adding a question type means adding its name to ``ItemType`` (``schema``), one entry here and
one entry there; ``tests/unit/questionnaire/test_question_types.py`` names any entry missing.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from valuedcare.questionnaire.answers import maturity_score, scale_score

if TYPE_CHECKING:
    from valuedcare.questionnaire.schema import Item

MATURITY_LEVELS = ("Beginning", "Emerging", "Developing", "Embedded", "Leading")
DONT_KNOW = "dont_know"
DONT_KNOW_LABEL = "Don't know"
#: How the values and labels of a multiple choice answer are joined in exports.
JOIN = "; "

#: Keys of an item that only some types use (every other key suits every type).
TYPE_SPECIFIC_KEYS = (
    "levels",
    "next_steps",
    "allow_dont_know",
    "ask_target",
    "options",
    "min",
    "max",
    "min_label",
    "max_label",
    "max_length",
)


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


#: The random numbers of an example answer: a ``numpy.random.Generator`` (``random``,
#: ``integers`` and ``choice`` are used), kept untyped so this module needs no numpy.
Draw = Any


#: (value, score, not_known, target, comment) of an example answer.
Example = tuple[object, float | None, bool, int | None, str | None]


class QuestionType(ABC):
    """The meaning of one question type. Subclasses set the class attributes and implement the
    abstract methods; the defaults suit a type whose answer is one option of ``options``."""

    name: ClassVar[str]
    #: Words for the type in validation messages ("likert", "scale").
    label: ClassVar[str]
    #: The type-specific keys (``TYPE_SPECIFIC_KEYS``) an item of this type may use, and those
    #: it must use.
    keys: ClassVar[frozenset[str]] = frozenset()
    required_keys: ClassVar[frozenset[str]] = frozenset()
    #: Whether ``scored: true`` is allowed, and its default when the file does not say.
    scorable: ClassVar[bool] = True
    #: Answers are whole numbers, so a mean answer means something (scale, number).
    numeric: ClassVar[bool] = False
    #: Answers are free text: never summarised, and shown only where the rules allow.
    free_text: ClassVar[bool] = False
    #: Answers are chosen from ``options``.
    chooses_options: ClassVar[bool] = False
    #: An unscored answer describes the respondent (role, type of organisation), so it can
    #: identify them: summaries treat it as a group, with small-number suppression.
    describes_respondent_when_unscored: ClassVar[bool] = False
    #: The maturity statements agreed by the board in a moderation meeting.
    is_maturity: ClassVar[bool] = False
    #: On a printed questionnaire: what to do, and how many lines to write on.
    paper_instruction: ClassVar[str] = "Tick one box."
    paper_lines: ClassVar[int] = 0

    def scored_by_default(self, options: object) -> bool:
        return self.scorable

    def convert(self, item: Item, value: object) -> object:
        """A posted answer (never blank) as stored."""
        return value

    def score(self, item: Item, value: object) -> float | None:
        """The answer on the 1-5 scale, or None when it has no score."""
        if isinstance(value, str):
            option = item.option(value)
            return option.score if option is not None else None
        return None

    def is_not_known(self, item: Item, value: object) -> bool:
        option = item.option(value) if isinstance(value, str) else None
        return option is not None and option.not_known

    def describe(self, item: Item, value: object) -> AnswerText:
        """The answer as exported: the value as given and its label (never blank)."""
        return AnswerText(str(value), option_label(item, str(value)))

    def words(self, item: Item, value: object) -> str:
        """The answer in words on "check your answers" (never blank)."""
        return option_label(item, value)

    def options(self, item: Item) -> list[OptionText]:
        """Every answer the item offers, in the order shown."""
        return [
            OptionText(option.value, option.label, option.score, bool(option.not_known))
            for option in item.options
        ]

    def chosen(self, item: Item, value: object) -> list[str | int]:
        """The option values an answer chose (never blank)."""
        return [value if isinstance(value, str) else str(value)]

    @abstractmethod
    def example(self, item: Item, wanted: float, draw: Draw) -> Example | None:
        """A plausible answer from someone whose view is ``wanted`` on the 1-5 scale (for
        demonstration data), or None for a skipped question."""


class Maturity(QuestionType):
    name = "maturity"
    label = "maturity"
    keys = frozenset({"levels", "next_steps", "allow_dont_know", "ask_target"})
    required_keys = frozenset({"levels"})
    is_maturity = True

    def convert(self, item: Item, value: object) -> object:
        return value if value == DONT_KNOW else int(str(value))

    def score(self, item: Item, value: object) -> float | None:
        return maturity_score(value)

    def is_not_known(self, item: Item, value: object) -> bool:
        return value == DONT_KNOW

    def describe(self, item: Item, value: object) -> AnswerText:
        if value == DONT_KNOW:
            return AnswerText(DONT_KNOW, DONT_KNOW_LABEL)
        level = whole_number(value)
        return AnswerText(level, maturity_label(item, level) if level is not None else None)

    def words(self, item: Item, value: object) -> str:
        if value == DONT_KNOW:
            return DONT_KNOW_LABEL
        level = int(str(value))
        return f"{level}. {MATURITY_LEVELS[level - 1]}"

    def options(self, item: Item) -> list[OptionText]:
        options = [
            OptionText(level, maturity_label(item, level) or str(level), float(level), False)
            for level in range(1, len(MATURITY_LEVELS) + 1)
        ]
        if item.allow_dont_know:
            options.append(OptionText(DONT_KNOW, DONT_KNOW_LABEL, None, True))
        return options

    def chosen(self, item: Item, value: object) -> list[str | int]:
        if value == DONT_KNOW:
            return [DONT_KNOW]
        number = whole_number(value)
        return [number] if number is not None else []

    def example(self, item: Item, wanted: float, draw: Draw) -> Example | None:
        if draw.random() < 0.06:
            return DONT_KNOW, None, True, None, None
        level = _level(wanted)
        target = min(5, level + 1) if item.ask_target and draw.random() < 0.6 else None
        return level, float(level), False, target, None


class SingleChoice(QuestionType):
    """One option of ``options``: likert, frequency and single choice items."""

    keys = frozenset({"options"})
    required_keys = frozenset({"options"})
    chooses_options = True

    def __init__(self, name: str, label: str, *, scored_by_default: bool) -> None:
        self.name = name  # type: ignore[misc]
        self.label = label  # type: ignore[misc]
        self._scored = scored_by_default
        self.describes_respondent_when_unscored = not scored_by_default  # type: ignore[misc]

    def scored_by_default(self, options: object) -> bool:
        if self._scored:
            return True
        # A single choice counts when any of its options has a score.
        return isinstance(options, list | tuple) and any(
            isinstance(each, Mapping) and each.get("score") is not None for each in options
        )

    def example(self, item: Item, wanted: float, draw: Draw) -> Example | None:
        options = list(item.options)
        unknown = [o for o in options if o.not_known]
        if unknown and draw.random() < 0.05:
            return unknown[0].value, None, True, None, None
        scored = [(o, float(o.score)) for o in options if o.score is not None and not o.not_known]
        if not scored:
            choice = options[int(draw.integers(len(options)))]
            return choice.value, None, False, None, None
        best, score = min(scored, key=lambda pair: abs(pair[1] - wanted))
        return best.value, score if item.scored else None, False, None, None


class MultipleChoice(QuestionType):
    name = "multiple_choice"
    label = "choice"
    keys = frozenset({"options"})
    required_keys = frozenset({"options"})
    chooses_options = True
    scorable = False
    paper_instruction = "Tick all that apply."

    def convert(self, item: Item, value: object) -> object:
        chosen = {str(each) for each in _as_list(value)}
        return [option.value for option in item.options if option.value in chosen]

    def score(self, item: Item, value: object) -> float | None:
        return None

    def describe(self, item: Item, value: object) -> AnswerText:
        chosen = [str(each) for each in _as_list(value)]
        labels = [option_label(item, each) for each in chosen]
        return AnswerText(JOIN.join(chosen), JOIN.join(labels))

    def words(self, item: Item, value: object) -> str:
        return ", ".join(option_label(item, each) for each in _as_list(value))

    def chosen(self, item: Item, value: object) -> list[str | int]:
        return [str(each) for each in _as_list(value)]

    def example(self, item: Item, wanted: float, draw: Draw) -> Example | None:
        values = [o.value for o in item.options]
        picked = sorted(draw.choice(values, size=min(len(values), 2), replace=False).tolist())
        return picked, None, False, None, None


class Number(QuestionType):
    """A whole number typed in; its mean can be shown, it is never scored."""

    name = "number"
    label = "number"
    keys = frozenset({"min", "max"})
    scorable = False
    numeric = True
    paper_instruction = "Write a number."
    paper_lines = 1

    def convert(self, item: Item, value: object) -> object:
        return int(str(value))

    def score(self, item: Item, value: object) -> float | None:
        return None

    def describe(self, item: Item, value: object) -> AnswerText:
        number = whole_number(value)
        return AnswerText(number if number is not None else str(value), None)

    def words(self, item: Item, value: object) -> str:
        return str(value)

    def chosen(self, item: Item, value: object) -> list[str | int]:
        return []

    def example(self, item: Item, wanted: float, draw: Draw) -> Example | None:
        return None


class Scale(Number):
    """A whole number chosen from ``min`` to ``max`` (stored and described as a number), scored
    linearly onto 1-5."""

    name = "scale"
    label = "scale"
    keys = frozenset({"min", "max", "min_label", "max_label"})
    required_keys = frozenset({"min", "max"})
    scorable = True
    paper_instruction = QuestionType.paper_instruction
    paper_lines = QuestionType.paper_lines

    def score(self, item: Item, value: object) -> float | None:
        if item.min is None or item.max is None:
            return None
        return scale_score(value, item.min, item.max)

    def options(self, item: Item) -> list[OptionText]:
        if item.min is None or item.max is None:
            return []
        return [
            OptionText(number, scale_label(item, number), self.score(item, number), False)
            for number in range(item.min, item.max + 1)
        ]

    def chosen(self, item: Item, value: object) -> list[str | int]:
        number = whole_number(value)
        return [number] if number is not None else []

    def example(self, item: Item, wanted: float, draw: Draw) -> Example | None:
        low, high = item.min or 0, item.max or 10
        value = max(low, min(high, round((wanted - 1) / 4 * (high - low) + low)))
        return value, self.score(item, value), False, None, None


class Text(QuestionType):
    name = "text"
    label = "text"
    keys = frozenset({"max_length"})
    required_keys = frozenset({"max_length"})
    scorable = False
    free_text = True
    paper_instruction = "Write your answer below."
    paper_lines = 3

    def score(self, item: Item, value: object) -> float | None:
        return None

    def describe(self, item: Item, value: object) -> AnswerText:
        return AnswerText(str(value), None)

    def words(self, item: Item, value: object) -> str:
        return str(value)

    def chosen(self, item: Item, value: object) -> list[str | int]:
        return []

    def example(self, item: Item, wanted: float, draw: Draw) -> Example | None:
        if draw.random() < 0.3:
            return str(draw.choice(EXAMPLE_COMMENTS)), None, False, None, None
        return None


#: Free-text answers of demonstration data (fictional).
EXAMPLE_COMMENTS = (
    "Staff listened to me and explained my options.",
    "It took too long to get a first appointment.",
    "More help in the evenings and at weekends would make a big difference.",
    "Being told what changed after I gave feedback would help.",
    "Support for my family was good once we asked for it.",
)

QUESTION_TYPES: Mapping[str, QuestionType] = {
    each.name: each
    for each in (
        Maturity(),
        SingleChoice("likert", "likert", scored_by_default=True),
        SingleChoice("frequency", "frequency", scored_by_default=True),
        SingleChoice("single_choice", "choice", scored_by_default=False),
        MultipleChoice(),
        Scale(),
        Number(),
        Text(),
    )
}


def question_type(name: str) -> QuestionType:
    """The entry of ``name``; raises KeyError naming the registry when there is none."""
    try:
        return QUESTION_TYPES[name]
    except KeyError:
        raise KeyError(f"question type {name!r} has no entry in QUESTION_TYPES") from None


def types_with(keys_of: str) -> list[str]:
    """The names of the types that use the type-specific key ``keys_of``, in registry order."""
    return [name for name, each in QUESTION_TYPES.items() if keys_of in each.keys]


# Words shared by the types ------------------------------------------------------------------


def level_name(level: object) -> str | None:
    """The name of maturity level 1-5 ("Beginning" ... "Leading"), or None."""
    if isinstance(level, bool) or not isinstance(level, int | float):
        return None
    whole = int(level)
    if whole != level or not 1 <= whole <= len(MATURITY_LEVELS):
        return None
    return MATURITY_LEVELS[whole - 1]


def maturity_label(item: Item, level: int) -> str | None:
    name = level_name(level)
    if name is None:
        return None
    if item.levels:
        return f"{name}: {item.levels[level - 1]}"
    return name


def scale_label(item: Item, number: int) -> str:
    if number == item.min and item.min_label:
        return f"{number} ({item.min_label})"
    if number == item.max and item.max_label:
        return f"{number} ({item.max_label})"
    return str(number)


def option_label(item: Item, value: object) -> str:
    option = item.option(value)
    return option.label if option is not None else str(value)


def whole_number(value: object) -> int | None:
    try:
        number = float(str(value))
    except ValueError:
        return None
    return int(number) if number.is_integer() else None


def _level(wanted: float) -> int:
    return max(1, min(5, round(wanted)))


def _as_list(value: object) -> Iterable[object]:
    return value if isinstance(value, list | tuple) else [value]


__all__ = [
    "DONT_KNOW",
    "DONT_KNOW_LABEL",
    "JOIN",
    "MATURITY_LEVELS",
    "QUESTION_TYPES",
    "TYPE_SPECIFIC_KEYS",
    "AnswerText",
    "OptionText",
    "QuestionType",
    "level_name",
    "question_type",
    "types_with",
]
