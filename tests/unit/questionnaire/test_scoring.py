"""Item.score_for and Item.is_not_known, with hand-computed expectations."""

from __future__ import annotations

import pytest

from tests.unit.questionnaire.builders import AGREEMENT, questionnaire_text
from valuedcare.questionnaire import DONT_KNOW, Questionnaire, parse_questionnaire

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
      - {id: hoped, type: likert, text: How important, options: agreement, scored: false}
      - {id: overall, type: scale, text: Overall, min: 0, max: 10}
      - {id: stars, type: scale, text: Stars, min: 1, max: 7}
      - id: ways
        type: multiple_choice
        text: Ways
        options: [{value: surveys, label: Surveys, score: 5}]
      - {id: count, type: number, text: How many, min: 0}
      - {id: words, type: text, text: Words, max_length: 100}
"""


@pytest.fixture(scope="module")
def questionnaire() -> Questionnaire:
    return parse_questionnaire(questionnaire_text(BODY, header=AGREEMENT), filename="x.yaml")


@pytest.mark.parametrize(
    ("value", "expected"),
    [(1, 1.0), (3, 3.0), (5, 5.0), ("4", 4.0), (4.0, 4.0), (0, None), (6, None), (2.5, None)],
)
def test_maturity_level_scores_itself(questionnaire, value: object, expected: object) -> None:
    assert questionnaire.item("level").score_for(value) == expected


@pytest.mark.parametrize("value", [DONT_KNOW, None, True, "three", [3]])
def test_maturity_non_levels_have_no_score(questionnaire, value: object) -> None:
    assert questionnaire.item("level").score_for(value) is None


def test_maturity_dont_know_is_not_known(questionnaire) -> None:
    item = questionnaire.item("level")

    assert item.is_not_known(DONT_KNOW)
    assert not item.is_not_known(3)


@pytest.mark.parametrize(
    ("value", "expected"),
    [("strongly_agree", 5.0), ("agree", 4.0), ("disagree", 2.0), ("dont_know", None)],
)
def test_choice_answer_scores_its_option(questionnaire, value: str, expected: object) -> None:
    assert questionnaire.item("opinion").score_for(value) == expected


def test_unknown_choice_value_has_no_score(questionnaire) -> None:
    assert questionnaire.item("opinion").score_for("maybe") is None
    assert not questionnaire.item("opinion").is_not_known("maybe")


def test_not_known_option_is_flagged(questionnaire) -> None:
    assert questionnaire.item("opinion").is_not_known("dont_know")
    assert not questionnaire.item("opinion").is_not_known("agree")


def test_unscored_item_still_maps_answers_to_the_scale(questionnaire) -> None:
    item = questionnaire.item("hoped")

    assert not item.scored
    assert item.score_for("agree") == 4.0


@pytest.mark.parametrize(
    ("value", "expected"), [(0, 1.0), (10, 5.0), (5, 3.0), (7, 3.8), ("7", 3.8), (2.5, 2.0)]
)
def test_scale_0_to_10_maps_linearly_onto_1_to_5(questionnaire, value, expected) -> None:
    assert questionnaire.item("overall").score_for(value) == pytest.approx(expected)


@pytest.mark.parametrize("value", [-1, 11, "ten", None, False])
def test_scale_answers_out_of_range_have_no_score(questionnaire, value: object) -> None:
    assert questionnaire.item("overall").score_for(value) is None


@pytest.mark.parametrize(("value", "expected"), [(1, 1.0), (4, 3.0), (7, 5.0), (5, 11 / 3)])
def test_scale_1_to_7_maps_linearly_onto_1_to_5(questionnaire, value, expected) -> None:
    assert questionnaire.item("stars").score_for(value) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("item_id", "value"), [("ways", ["surveys"]), ("count", 3), ("words", "x")]
)
def test_multiple_choice_number_and_text_have_no_score(questionnaire, item_id, value) -> None:
    assert questionnaire.item(item_id).score_for(value) is None
