"""The task list's section status comes from what is answered and required, for every lens.

Not started: nothing answered. In progress: some answers, or a required one missing, or optional
questions unanswered after "Save and come back later". Completed: everything required answered
and either every question answered or the respondent chose "Continue" past the optional ones.
Before, answering 4 of 16 optional questions and choosing "Save and come back later" showed the
section as "Completed".
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.integration.survey.journey_helpers import save, start
from tests.integration.survey.links import make_link
from tests.unit.questionnaire.builders import QUESTIONNAIRES
from valuedcare.data.records import StoredAnswer
from valuedcare.questionnaire.load import load_questionnaire
from valuedcare.survey.journey import section_status

FILES = {"experts_by_experience": "experts-by-experience.yaml", "partner": "partner-feedback.yaml"}
# lens -> (section, a few answers, every answer: None for every question of the section shown)
LENSES = {
    "board": (
        "experts_by_experience",
        {"ebe1": "4", "ebe2": "3"},
        {"ebe1": "4", "ebe2": "3", "ebe3": "2", "ebe4": "5", "ebe5": "dont_know", "ebe6": "1"},
    ),
    "experts_by_experience": (
        "what_you_think",
        {"feedback_used": "agree", "staff_kind": "disagree", "online": "not_sure"},
        None,
    ),
    "partner": (
        "working_together",
        {"p1": "agree", "p2": "disagree", "p3": "agree", "equal_partner": "agree"},
        None,
    ),
}


def _status(client: Any, url: str, section: str) -> str:
    html = client.get(f"{url}/tasks").text
    match = re.search(
        rf'sections/{section}"[^>]*>.*?task-list__status"[^>]*>\s*(.*?)\s*</div>', html, re.S
    )
    assert match, f"no task for {section}"
    return re.sub(r"<[^>]+>", "", match.group(1)).strip()


def _every_answer(lens: str) -> dict[str, str]:
    section, _, every = LENSES[lens]
    if every is not None:
        return every
    questionnaire = load_questionnaire(QUESTIONNAIRES / FILES[lens])
    items = next(s for s in questionnaire.sections if s.id == section).items
    shown = questionnaire.visible_item_ids({})  # no earlier question is answered here
    return {item.id: item.options[0].value for item in items if item.id in shown}


@pytest.mark.parametrize("lens", list(LENSES))
def test_save_for_later_after_some_answers_is_in_progress(
    client: Any, db: Any, assessment: Any, lens: str
) -> None:
    url = make_link(db, assessment, lens).url
    start(client, url)
    section, some, _ = LENSES[lens]
    assert _status(client, url, section) == "Not started"
    assert save(client, url, section, some, action="later").status_code == 302
    assert _status(client, url, section) == "In progress"


@pytest.mark.parametrize("lens", list(LENSES))
def test_every_answer_completes_a_section_even_when_saved_for_later(
    client: Any, db: Any, assessment: Any, lens: str
) -> None:
    url = make_link(db, assessment, lens).url
    start(client, url)
    section = LENSES[lens][0]
    assert save(client, url, section, _every_answer(lens), action="later").status_code == 302
    assert _status(client, url, section) == "Completed"


@pytest.mark.parametrize("lens", ["experts_by_experience", "partner"])
def test_continue_past_optional_questions_completes_the_section(
    client: Any, db: Any, assessment: Any, lens: str
) -> None:
    url = make_link(db, assessment, lens).url
    start(client, url)
    section, some, _ = LENSES[lens]
    assert save(client, url, section, some).status_code == 302
    assert _status(client, url, section) == "Completed"


def test_a_required_answer_missing_is_never_completed() -> None:
    questionnaire = load_questionnaire(QUESTIONNAIRES / "board-self-assessment.yaml")
    section = questionnaire.sections[0]
    visible = {item.id for item in section.items}
    answer = StoredAnswer(3, False, None, None)
    some = {item.id: answer for item in section.items[:2]}
    every = {item.id: answer for item in section.items}
    assert section_status(section, visible, {}, confirmed=False) == "not_started"
    assert section_status(section, visible, some, confirmed=True) == "in_progress"
    assert section_status(section, visible, every, confirmed=False) == "completed"
