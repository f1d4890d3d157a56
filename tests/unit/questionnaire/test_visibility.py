"""Which items are shown for a set of answers (item and section show_if)."""

from __future__ import annotations

import pytest

from tests.unit.questionnaire.builders import questionnaire_text
from valuedcare.questionnaire import Questionnaire, parse_questionnaire

BODY = """\
sections:
  - id: screen
    title: Screen
    items:
      - id: took_part
        type: single_choice
        text: Did you take part?
        options:
          - {value: "yes", label: "Yes"}
          - {value: "no", label: "No"}
      - id: ways
        type: multiple_choice
        text: How did you take part?
        options:
          - {value: surveys, label: Surveys}
          - {value: meetings, label: Meetings}
          - {value: panels, label: Panels}
        show_if: {item: took_part, any_of: ["yes"]}
      - id: meetings_detail
        type: text
        text: Tell us about the meetings or panels.
        max_length: 100
        show_if: {item: ways, any_of: [meetings, panels]}
  - id: involvement
    title: Involvement
    show_if: {item: took_part, any_of: ["yes"]}
    items:
      - id: role
        type: single_choice
        text: What was your role?
        options:
          - {value: member, label: Member}
          - {value: chair, label: Chair}
      - id: chair_detail
        type: text
        text: What did chairing involve?
        max_length: 100
        show_if: {item: role, any_of: [chair]}
  - id: overall
    title: Overall
    items:
      - {id: comments, type: text, text: Anything else, max_length: 100}
"""

ALWAYS = {"took_part", "comments"}


@pytest.fixture(scope="module")
def questionnaire() -> Questionnaire:
    return parse_questionnaire(questionnaire_text(BODY), filename="example.yaml")


def test_no_answers_show_only_unconditional_items(questionnaire: Questionnaire) -> None:
    assert questionnaire.visible_item_ids({}) == ALWAYS


def test_section_condition_met_shows_its_unconditional_items(questionnaire: Questionnaire) -> None:
    visible = questionnaire.visible_item_ids({"took_part": "yes"})

    assert visible == ALWAYS | {"ways", "role"}


def test_section_condition_not_met_hides_all_its_items(questionnaire: Questionnaire) -> None:
    answers = {"took_part": "no", "role": "chair", "ways": ["meetings"]}

    assert questionnaire.visible_item_ids(answers) == ALWAYS


@pytest.mark.parametrize(
    ("ways", "shown"),
    [
        (["surveys"], False),
        (["surveys", "panels"], True),
        (["meetings"], True),
        ([], False),
        ("meetings", True),
    ],
)
def test_multiple_choice_condition_matches_any_overlap(
    questionnaire: Questionnaire, ways: object, shown: bool
) -> None:
    visible = questionnaire.visible_item_ids({"took_part": "yes", "ways": ways})

    assert ("meetings_detail" in visible) is shown


def test_condition_on_a_hidden_item_is_never_met(questionnaire: Questionnaire) -> None:
    # "ways" keeps a stale answer but is hidden, so the item that depends on it is hidden too.
    visible = questionnaire.visible_item_ids({"took_part": "no", "ways": ["meetings"]})

    assert "meetings_detail" not in visible


def test_item_condition_inside_a_shown_section(questionnaire: Questionnaire) -> None:
    visible = questionnaire.visible_item_ids({"took_part": "yes", "role": "chair"})

    assert visible == ALWAYS | {"ways", "role", "chair_detail"}


def test_none_of_shows_unless_the_answer_is_listed_and_when_the_question_is_skipped() -> None:
    from valuedcare.questionnaire import ShowIf

    condition = ShowIf(item="role", none_of=("carer", "family_member"))

    assert condition.is_met(None)
    assert condition.is_met("uses_services")
    assert not condition.is_met("carer")


def test_a_condition_needs_exactly_one_list() -> None:
    import pytest
    from pydantic import ValidationError

    from valuedcare.questionnaire import ShowIf

    with pytest.raises(ValidationError, match="exactly one of any_of"):
        ShowIf(item="role")
    with pytest.raises(ValidationError, match="exactly one of any_of"):
        ShowIf(item="role", any_of=("carer",), none_of=("carer",))
