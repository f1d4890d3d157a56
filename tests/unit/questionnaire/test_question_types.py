"""The registries of question types are complete, and each entry keeps its type's meaning.

There are two: ``valuedcare.questionnaire.types.QUESTION_TYPES`` (what a type means) and
``valuedcare.survey.forms.QUESTION_FIELDS`` (its fields and widgets on a web page). Adding a type
to ``ItemType`` without an entry in both fails here, naming the registry and the type.
"""

from __future__ import annotations

import inspect
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from valuedcare.questionnaire import ITEM_TYPES, Item
from valuedcare.questionnaire.types import (
    DONT_KNOW,
    QUESTION_TYPES,
    TYPE_SPECIFIC_KEYS,
    QuestionType,
    question_type,
)
from valuedcare.survey.forms import QUESTION_FIELDS

LEVELS = ("one", "two", "three", "four", "five")
OPTIONS = (
    {"value": "yes", "label": "Yes", "score": 5},
    {"value": "no", "label": "No", "score": 1},
    {"value": "unsure", "label": "Not sure", "not_known": True},
)
#: One valid item of every type (the keys its type needs).
EXAMPLES: dict[str, dict[str, Any]] = {
    "maturity": {"levels": LEVELS, "allow_dont_know": True, "ask_target": True},
    "likert": {"options": OPTIONS},
    "frequency": {"options": OPTIONS},
    "single_choice": {"options": OPTIONS},
    "multiple_choice": {"options": OPTIONS[:2], "scored": False},
    "scale": {"min": 0, "max": 10},
    "number": {"min": 0, "max": 500},
    "text": {"max_length": 200},
}


def _item(kind: str) -> Item:
    return Item.model_validate({"id": "q1", "type": kind, "text": "Question?", **EXAMPLES[kind]})


@pytest.mark.parametrize("kind", ITEM_TYPES)
def test_every_type_has_an_entry_in_both_registries(kind: str) -> None:
    assert kind in QUESTION_TYPES, f"{kind!r} has no entry in questionnaire.types.QUESTION_TYPES"
    assert kind in QUESTION_FIELDS, f"{kind!r} has no entry in survey.forms.QUESTION_FIELDS"
    assert kind in EXAMPLES, f"{kind!r} has no example item in this test"


def test_the_registries_hold_no_type_the_schema_does_not_know() -> None:
    assert set(QUESTION_TYPES) - set(ITEM_TYPES) == set()
    assert set(QUESTION_FIELDS) - set(ITEM_TYPES) == set()


@pytest.mark.parametrize("kind", ITEM_TYPES)
def test_each_entry_implements_every_rule(kind: str) -> None:
    entry = QUESTION_TYPES[kind]
    assert isinstance(entry, QuestionType)
    assert not inspect.isabstract(type(entry)), f"{kind!r} leaves {type(entry).__abstractmethods__}"
    assert entry.name == kind
    assert entry.keys <= set(TYPE_SPECIFIC_KEYS)
    assert entry.required_keys <= entry.keys


def test_an_unknown_type_is_named_in_the_error() -> None:
    with pytest.raises(KeyError, match="'ranking' has no entry in QUESTION_TYPES"):
        question_type("ranking")


@pytest.mark.parametrize("kind", ITEM_TYPES)
def test_every_type_builds_its_fields_with_an_nhs_widget(kind: str) -> None:
    item = _item(kind)
    fields = QUESTION_FIELDS[kind](item)
    assert item.id in fields
    for name, unbound in fields.items():
        widget = unbound.kwargs.get("widget")
        assert widget is not None and hasattr(widget, "params_for"), (kind, name)
    if item.ask_target:
        assert f"{item.id}__target" in fields


@pytest.mark.parametrize("kind", ITEM_TYPES)
def test_the_answers_a_type_offers_convert_score_and_read_back(kind: str) -> None:
    """Every answer an item offers is stored as itself, scores as its option says, and reads
    back as its own label; unscorable types never score."""
    item = _item(kind)
    entry = item.kind
    for option in entry.options(item):
        stored = entry.convert(item, str(option.value))
        if kind == "multiple_choice":
            assert stored == [option.value]
            continue
        assert stored == option.value
        assert entry.is_not_known(item, stored) is option.not_known
        assert entry.score(item, stored) == (None if option.not_known else option.score)
        described = entry.describe(item, stored)
        assert described.answer == option.value
        if not entry.scorable:
            assert entry.score(item, stored) is None


def test_maturity_answers_in_words() -> None:
    item = _item("maturity")
    assert item.kind.words(item, 3) == "3. Developing"
    assert item.kind.words(item, DONT_KNOW) == "Don't know"
    assert item.kind.describe(item, 4).label == "Embedded: four"
    assert item.kind.chosen(item, DONT_KNOW) == [DONT_KNOW]


def test_multiple_choice_keeps_the_options_order_and_drops_values_it_does_not_offer() -> None:
    item = _item("multiple_choice")
    assert item.kind.convert(item, ["no", "maybe", "yes"]) == ["yes", "no"]
    assert item.kind.words(item, ["yes", "no"]) == "Yes, No"
    assert item.kind.describe(item, ["yes", "no"]).label == "Yes; No"


@given(value=st.integers(min_value=0, max_value=10))
def test_a_scale_answer_scores_linearly_onto_one_to_five(value: int) -> None:
    item = _item("scale")
    score = item.kind.score(item, item.kind.convert(item, str(value)))
    assert score == pytest.approx(1 + 4 * value / 10)


@pytest.mark.parametrize("kind", ["number", "text", "multiple_choice"])
def test_unscorable_types_refuse_scored_true(kind: str) -> None:
    from valuedcare.questionnaire.checks import _scoring_shape

    item = Item.model_validate(
        {"id": "q1", "type": kind, "text": "Q?", **EXAMPLES[kind], "scored": True}
    )
    assert _scoring_shape(item) == [("scored", f"{kind} items cannot be scored; set scored: false")]


@pytest.mark.parametrize("kind", ITEM_TYPES)
def test_a_key_the_type_does_not_use_is_reported_with_the_types_that_do(kind: str) -> None:
    from valuedcare.questionnaire.checks import _type_shape

    unused = [key for key in ("levels", "max_length") if key not in QUESTION_TYPES[kind].keys]
    values = {"levels": LEVELS, "max_length": 10}
    for key in unused:
        item = Item.model_validate(
            {"id": "q1", "type": kind, "text": "Q?", **EXAMPLES[kind], key: values[key]}
        )
        owner = {"levels": "maturity", "max_length": "text"}[key]
        assert (key, f"only {owner} items have {key}") in _type_shape(item)


@pytest.mark.parametrize("kind", ITEM_TYPES)
def test_every_type_can_make_an_example_answer_for_demonstration_data(kind: str) -> None:
    import numpy as np

    item = _item(kind)
    rng = np.random.default_rng(1)
    for wanted in (1.0, 3.0, 5.0):
        example = item.kind.example(item, wanted, rng)
        if example is None:
            continue
        value, score, not_known, target, _comment = example
        assert item.kind.is_not_known(item, value) is not_known
        if score is not None:
            assert 1 <= score <= 5
        assert target is None or 1 <= target <= 5
