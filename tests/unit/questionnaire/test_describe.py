"""Answers in words for exports: every item type, as given, with its label."""

from __future__ import annotations

import pytest

from tests.unit.questionnaire.builders import AGREEMENT, questionnaire_text
from valuedcare.questionnaire import Questionnaire, parse_questionnaire
from valuedcare.questionnaire.describe import (
    AnswerText,
    chosen_values,
    describe_answer,
    item_options,
    level_name,
)

BODY = """\
sections:
  - id: main
    title: Main
    ingredient: culture
    items:
      - id: level
        type: maturity
        text: Staff feel safe to speak up.
        levels: [One, Two, Three, Four, Five]
        allow_dont_know: true
      - {id: opinion, type: likert, text: We are listened to, options: agreement}
      - {id: often, type: frequency, text: How often, options: agreement}
      - id: role
        type: single_choice
        text: Role
        options: [{value: carer, label: I am a carer}, {value: family, label: Family}]
      - id: ways
        type: multiple_choice
        text: Ways
        options: [{value: surveys, label: Surveys}, {value: panels, label: Interview panels}]
      - id: overall
        type: scale
        text: Overall
        min: 0
        max: 10
        min_label: Poor
        max_label: Great
      - {id: count, type: number, text: How many, min: 0}
      - {id: words, type: text, text: Words, max_length: 100}
"""


@pytest.fixture(scope="module")
def questionnaire() -> Questionnaire:
    return parse_questionnaire(questionnaire_text(BODY, header=AGREEMENT), filename="x.yaml")


@pytest.mark.parametrize(
    ("item_id", "value", "expected"),
    [
        ("level", 3, AnswerText(3, "Developing: Three")),
        ("level", "dont_know", AnswerText("dont_know", "Don't know")),
        ("opinion", "agree", AnswerText("agree", "Agree")),
        ("often", "dont_know", AnswerText("dont_know", "Don't know")),
        ("role", "carer", AnswerText("carer", "I am a carer")),
        ("ways", ["panels", "surveys"], AnswerText("panels; surveys", "Interview panels; Surveys")),
        ("overall", 7, AnswerText(7, None)),  # a 0-10 answer stays 0-10
        ("count", 12, AnswerText(12, None)),
        ("words", "Kind staff", AnswerText("Kind staff", None)),
        ("role", None, AnswerText(None, None)),
        ("ways", [], AnswerText(None, None)),
    ],
)
def test_every_item_type_reads_as_given(
    questionnaire: Questionnaire, item_id: str, value: object, expected: AnswerText
) -> None:
    assert describe_answer(questionnaire.item(item_id), value) == expected


def test_options_of_every_type(questionnaire: Questionnaire) -> None:
    levels = item_options(questionnaire.item("level"))
    assert [o.value for o in levels] == [1, 2, 3, 4, 5, "dont_know"]
    assert levels[0].label == "Beginning: One" and levels[-1].not_known
    scale = item_options(questionnaire.item("overall"))
    assert [o.value for o in scale] == list(range(11))
    assert scale[0].label == "0 (Poor)" and scale[10].label == "10 (Great)"
    assert scale[5].score == pytest.approx(3.0)
    assert [o.label for o in item_options(questionnaire.item("ways"))] == [
        "Surveys",
        "Interview panels",
    ]
    assert item_options(questionnaire.item("words")) == []
    assert item_options(questionnaire.item("count")) == []


def test_chosen_values(questionnaire: Questionnaire) -> None:
    assert list(chosen_values(questionnaire.item("ways"), ["surveys", "panels"])) == [
        "surveys",
        "panels",
    ]
    assert list(chosen_values(questionnaire.item("level"), "dont_know")) == ["dont_know"]
    assert list(chosen_values(questionnaire.item("overall"), 7)) == [7]
    assert list(chosen_values(questionnaire.item("words"), "text")) == []


@pytest.mark.parametrize(
    ("level", "name"), [(1, "Beginning"), (5.0, "Leading"), (0, None), (3.5, None), (True, None)]
)
def test_level_names(level: object, name: str | None) -> None:
    assert level_name(level) == name
