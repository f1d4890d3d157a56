"""Whatever the input, parsing succeeds or raises QuestionnaireError with located problems."""

from __future__ import annotations

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from valuedcare.questionnaire import (
    ITEM_TYPES,
    Item,
    Questionnaire,
    QuestionnaireError,
    Section,
    parse_ingredients,
    parse_questionnaire,
)

FIELD_NAMES = sorted({*Questionnaire.model_fields, *Section.model_fields, *Item.model_fields})
IDS = st.sampled_from(["q1", "q2", "q3", "Bad-id"])
SCALARS = st.none() | st.booleans() | st.integers(-3, 12) | st.floats(-1, 6) | st.text(max_size=8)
DOCUMENTS = st.recursive(
    SCALARS,
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.sampled_from(FIELD_NAMES), children, max_size=5)
    ),
    max_leaves=30,
)
OPTIONS = st.lists(
    st.fixed_dictionaries(
        {"value": st.sampled_from(["agree", "disagree", "dont_know"]), "label": st.just("L")},
        optional={"score": st.integers(0, 6), "not_known": st.booleans()},
    ),
    max_size=3,
)
ITEMS = st.fixed_dictionaries(
    {"id": IDS, "type": st.sampled_from(ITEM_TYPES), "text": st.just("Question")},
    optional={
        "options": OPTIONS | st.sampled_from(["agreement", "missing_set"]),
        "levels": st.lists(st.just("Level"), min_size=4, max_size=6),
        "show_if": st.fixed_dictionaries(
            {"item": IDS, "any_of": st.lists(st.sampled_from(["agree", "other"]), min_size=1)}
        ),
        "pair_of": IDS,
        "ingredient": st.sampled_from(["culture", "unknown_ingredient"]),
        "scored": st.booleans(),
        "weight": st.integers(-1, 2),
        "min": st.integers(0, 3),
        "max": st.integers(0, 3),
        "max_length": st.integers(0, 3),
    },
)


def _questionnaire(items: list[dict[str, object]]) -> str:
    document = {
        "kind": "questionnaire",
        "slug": "any",
        "version": 1,
        "title": "Any",
        "lens": "partner",
        "option_sets": {"agreement": [{"value": "agree", "label": "Agree", "score": 4}]},
        "sections": [{"id": "main", "title": "Main", "items": items}],
    }
    return yaml.safe_dump(document)


def _assert_parses_or_reports(text: str) -> None:
    for parse in (parse_questionnaire, parse_ingredients):
        try:
            parse(text, filename="any.yaml")
        except QuestionnaireError as error:
            assert error.problems
            assert all(p.line >= 1 and p.column >= 1 and p.message for p in error.problems)


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=200))
def test_any_text_is_parsed_or_reported(text: str) -> None:
    _assert_parses_or_reports(text)


@settings(max_examples=60, deadline=None)
@given(DOCUMENTS)
def test_any_yaml_structure_is_parsed_or_reported(document: object) -> None:
    _assert_parses_or_reports(yaml.safe_dump(document))


@settings(max_examples=100, deadline=None)
@given(st.lists(ITEMS, min_size=1, max_size=4))
def test_any_mix_of_item_keys_is_parsed_or_reported(items: list[dict[str, object]]) -> None:
    _assert_parses_or_reports(_questionnaire(items))
