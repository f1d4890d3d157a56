"""Typed models of a questionnaire file (pure).

The models mirror the YAML keys one for one (see ``questionnaires/README.md``). They are frozen
and refuse unknown keys. Two things are worked out while a questionnaire is validated, so consumers
never need to: ``options: <name>`` is replaced by the options of that option set, and every item's
``effective_ingredient`` is its own ``ingredient`` or else its section's.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Annotated, Any, Literal, Self, get_args

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    model_validator,
)
from pydantic_core import PydanticCustomError

from valuedcare.questionnaire.answers import answer_values
from valuedcare.questionnaire.fields import (
    LEVEL_COUNT,
    Flag,
    Identifier,
    Levels,
    NextSteps,
    NonEmpty,
    OptionValue,
    PositiveInt,
    Score,
    Slug,
    Text,
    Version,
    Weight,
    WholeNumber,
    is_identifier,
)
from valuedcare.questionnaire.option_sets import expand_option_sets
from valuedcare.questionnaire.types import (
    QUESTION_TYPES,
    QuestionType,
    question_type,
)

ItemType = Literal[
    "maturity", "likert", "frequency", "single_choice", "multiple_choice", "scale", "number", "text"
]
Lens = Literal["board", "board_agreed", "experts_by_experience", "partner"]

ITEM_TYPES: tuple[str, ...] = get_args(ItemType)
LENSES: tuple[str, ...] = get_args(Lens)
CHOICE_TYPES = frozenset(name for name, kind in QUESTION_TYPES.items() if kind.chooses_options)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Option(_Model):
    """One answer option. ``score`` is on the 1-5 scale (or None); ``not_known`` marks "don't know"
    and "not applicable" answers, which are never scored."""

    value: OptionValue
    label: Text
    score: Score | None = None
    not_known: Flag = False

    @model_validator(mode="after")
    def _not_known_has_no_score(self) -> Self:
        if self.not_known and self.score is not None:
            raise PydanticCustomError(
                "not_known_scored", "a not-known option cannot have a score; remove the score"
            )
        return self


def _unique_values(options: tuple[Option, ...]) -> tuple[Option, ...]:
    values = [option.value for option in options]
    for index, value in enumerate(values):
        if value in values[:index]:
            raise PydanticCustomError(
                "duplicate_option",
                "the option value '{value}' is used twice (options {first} and {second})",
                {"value": value, "first": values.index(value), "second": index},
            )
    return options


def _no_set_name(value: Any) -> Any:
    if isinstance(value, str):
        raise PydanticCustomError(
            "unknown_option_set",
            "there is no option set called '{name}': define it under option_sets, "
            "or list the options here",
            {"name": value},
        )
    return value


Options = Annotated[tuple[Option, ...], AfterValidator(_unique_values)]


class Comment(_Model):
    """An optional free-text box shown with an item (for example "evidence for this level")."""

    label: Text
    hint: Text | None = None
    max_length: PositiveInt = 2000


class ShowIf(_Model):
    """Show an item or section only when an earlier choice item's answer is one of ``any_of``,
    or, with ``none_of``, unless it is one of them (so also when the question was skipped)."""

    item: Identifier
    any_of: tuple[OptionValue, ...] = ()
    none_of: tuple[OptionValue, ...] = ()

    @model_validator(mode="after")
    def _one_list(self) -> ShowIf:
        if bool(self.any_of) == bool(self.none_of):
            raise PydanticCustomError(
                "show_if_list",
                "show_if needs exactly one of any_of (shown for these answers) or none_of "
                "(shown unless the answer is one of these), with at least one value",
            )
        return self

    @property
    def values(self) -> tuple[str, ...]:
        """The option values the condition names."""
        return self.any_of or self.none_of

    def is_met(self, answer: object) -> bool:
        """True if ``answer`` (one value, or several for multiple choice) overlaps ``any_of``;
        with ``none_of``, True unless it overlaps (a skipped question meets it)."""
        chosen = answer_values(answer)
        if self.none_of:
            return chosen.isdisjoint(self.none_of)
        return not chosen.isdisjoint(self.any_of)


def _default_scored(item_type: object, options: object) -> bool:
    kind = QUESTION_TYPES.get(item_type) if isinstance(item_type, str) else None
    return kind is not None and kind.scored_by_default(options)


class Item(_Model):
    """One question. See ``questionnaires/README.md`` for which keys apply to which ``type``."""

    id: Identifier
    type: ItemType
    text: Text
    help: Text | None = None
    ingredient: Identifier | None = None
    measures: Identifier = ""
    weight: Weight = 1.0
    required: Flag = True
    scored: Flag = False
    options: Annotated[Options, BeforeValidator(_no_set_name)] = ()
    levels: Levels | None = None
    next_steps: NextSteps | None = None
    """For a maturity item: how to get from each level to the one above, Beginning to Embedded
    (entry 0 leads from Beginning to Emerging); Leading has no next step."""
    allow_dont_know: Flag = False
    ask_target: Flag = False
    comment: Comment | None = None
    show_if: ShowIf | None = None
    pair_of: Identifier | None = None
    mirrors: Identifier | None = None
    breakdown: Flag = False
    max_length: PositiveInt | None = None
    min: WholeNumber | None = None
    max: WholeNumber | None = None
    min_label: Text | None = None
    max_label: Text | None = None

    _effective_ingredient: str | None = PrivateAttr(default=None)

    @model_validator(mode="before")
    @classmethod
    def _fill_defaults(cls, data: Any) -> Any:
        if not isinstance(data, Mapping):
            return data
        filled = dict(data)
        if "measures" not in filled and is_identifier(filled.get("id")):
            filled["measures"] = filled["id"]
        if "scored" not in filled:
            filled["scored"] = _default_scored(filled.get("type"), filled.get("options"))
        return filled

    @property
    def effective_ingredient(self) -> str | None:
        """The item's ingredient id, inherited from its section when the item sets none."""
        return self._effective_ingredient or self.ingredient

    @property
    def kind(self) -> QuestionType:
        """What the item's type means (``valuedcare.questionnaire.types``)."""
        return question_type(self.type)

    @property
    def is_choice(self) -> bool:
        """True for likert, frequency, single choice and multiple choice items."""
        return self.kind.chooses_options

    def next_step(self, level: int) -> str | None:
        """How to get from maturity ``level`` (1 Beginning to 5 Leading) to the level above, or
        None at Leading or when the item gives no ``next_steps``. Raises ValueError for a level
        that is not a whole number from 1 to 5."""
        if isinstance(level, bool) or not isinstance(level, int) or not 1 <= level <= LEVEL_COUNT:
            raise ValueError(f"a maturity level is a whole number from 1 to 5, not {level!r}")
        if self.next_steps is None or level == LEVEL_COUNT:
            return None
        return self.next_steps[level - 1]

    def option(self, value: object) -> Option | None:
        """Return the option whose value is ``value``, or None."""
        return next((option for option in self.options if option.value == value), None)

    def score_for(self, value: object) -> float | None:
        """Map a raw answer onto the 1-5 scale, or None when it has no score.

        Maturity levels 1-5 score themselves; choice answers score their option's ``score``; a
        scale answer v scores ``1 + 4 * (v - min) / (max - min)``. Don't-know, not-applicable,
        invalid and missing answers, text, numbers and multiple choice give None. The ``scored``
        flag is not consulted: it says whether the score counts towards the ingredient.
        """
        return self.kind.score(self, value)

    def is_not_known(self, value: object) -> bool:
        """True if ``value`` is a "don't know" or "not applicable" answer for this item."""
        return self.kind.is_not_known(self, value)


class Section(_Model):
    """A group of items shown together; ``ingredient`` is the default for its items."""

    id: Identifier
    title: Text
    ingredient: Identifier | None = None
    description: Text | None = None
    content_note: Text | None = None
    """Shown before the questions of a section about something hard (crisis, safety, harm):
    what is coming, and that any question can be skipped."""
    show_if: ShowIf | None = None
    items: Annotated[tuple[Item, ...], NonEmpty]


class Questionnaire(_Model):
    """A whole questionnaire file. Build one with ``parse_questionnaire``, which also checks the
    cross-references that the model alone cannot."""

    kind: Literal["questionnaire"]
    slug: Slug
    version: Version
    title: Text
    lens: Lens
    description: Text | None = None
    intro: tuple[Text, ...] = ()
    time_needed: Text | None = None
    reading_age: PositiveInt | None = None
    option_sets: dict[Identifier, Options] = Field(default_factory=dict)
    sections: Annotated[tuple[Section, ...], NonEmpty]

    _items_by_id: dict[str, Item] = PrivateAttr(default_factory=dict)
    _sections_by_item: dict[str, Section] = PrivateAttr(default_factory=dict)
    _source_text: str = PrivateAttr(default="")

    @model_validator(mode="before")
    @classmethod
    def _expand_option_sets(cls, data: Any) -> Any:
        return expand_option_sets(data)

    def model_post_init(self, context: Any, /) -> None:
        """Resolve each item's ingredient and index the items by id (first wins)."""
        for section in self.sections:
            for item in section.items:
                item._effective_ingredient = item.ingredient or section.ingredient
                self._items_by_id.setdefault(item.id, item)
                self._sections_by_item.setdefault(item.id, section)

    def __hash__(self) -> int:
        # The generated hash would fail on the option_sets mapping; equal questionnaires share
        # their slug, version and source, so hashing those keeps hash and equality consistent.
        return hash((self.slug, self.version, self._source_text))

    @property
    def source_text(self) -> str:
        """The YAML text this questionnaire was parsed from ("" if built another way)."""
        return self._source_text

    @property
    def content_hash(self) -> str:
        """The SHA-256 hex digest of the source file's bytes (its UTF-8 text)."""
        return hashlib.sha256(self._source_text.encode("utf-8")).hexdigest()

    def items(self) -> list[Item]:
        """All items, section by section, in order."""
        return [item for section in self.sections for item in section.items]

    def item(self, item_id: str) -> Item:
        """Return the item with this id; raise KeyError if there is none."""
        return self._items_by_id[item_id]

    def section_of(self, item_id: str) -> Section:
        """Return the section holding the item with this id; raise KeyError if there is none."""
        return self._sections_by_item[item_id]

    def visible_item_ids(self, answers: Mapping[str, object]) -> set[str]:
        """Return the ids of the items shown for these answers (item id -> raw answer).

        An item is hidden when its own or its section's ``show_if`` is not met, and a condition on
        a hidden item is never met.
        """
        visible: set[str] = set()
        for section in self.sections:
            if not _is_met(section.show_if, answers, visible):
                continue
            for item in section.items:
                if _is_met(item.show_if, answers, visible):
                    visible.add(item.id)
        return visible


def _is_met(condition: ShowIf | None, answers: Mapping[str, object], visible: set[str]) -> bool:
    if condition is None:
        return True
    return condition.item in visible and condition.is_met(answers.get(condition.item))
