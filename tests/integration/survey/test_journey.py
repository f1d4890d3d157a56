"""The respondent journey through the test client: start, task list, sections, save and return,
check your answers, submit and the read-only confirmation."""

from __future__ import annotations

from typing import Any

from tests.integration.auth.helpers import main_content
from tests.integration.survey.journey_helpers import (
    all_responses,
    board_answers,
    revision_of,
    save,
    start,
    stored,
)
from tests.integration.survey.links import LEAD_SCOPE, LinkFixture, make_link
from valuedcare.data import invitations
from valuedcare.data.questionnaires import get_latest_questionnaire


def test_start_page_explains_purpose_time_and_privacy(
    client: Any, db: Any, ebe_link: LinkFixture
) -> None:
    page = client.get(ebe_link.url)
    assert page.status_code == 200
    html = main_content(page.text)
    assert "<h1>Your experience of our services</h1>" in html
    assert "About 15 minutes" in html
    assert "We do not ask for your name" in html
    assert "Start now" in html
    assert "Resume code" in html
    assert all_responses(db) == []  # looking at the start page starts nothing


def test_unknown_closed_link_and_closed_cycle_get_clear_pages(
    client: Any, db: Any, factories: Any, ebe_link: LinkFixture
) -> None:
    unknown = client.get("/r/not-a-real-token")
    assert unknown.status_code == 404
    assert "This link is not recognised" in unknown.text
    assert client.get("/r/not-a-real-token/sections/taking_part").status_code == 404

    start(client, ebe_link.url)
    invitations.close_invitation(LEAD_SCOPE, ebe_link.invitation_id)
    db.session.commit()
    for path in ("", "/tasks", "/sections/taking_part", "/check", "/confirmation"):
        closed = client.get(ebe_link.url + path)
        assert closed.status_code == 410, path
        assert "This survey link has been closed" in closed.text
    assert client.post(ebe_link.url + "/start").status_code == 410

    cycle = factories.cycle(label="2018/19", status="closed")
    old = make_link(db, factories.assessment(cycle=cycle), "partner")
    page = client.get(old.url)
    assert page.status_code == 410
    assert "This survey is closed" in page.text


def test_pages_without_a_started_response_go_to_the_start_page(
    client: Any, ebe_link: LinkFixture
) -> None:
    for path in ("/tasks", "/sections/taking_part", "/check", "/confirmation", "/saved"):
        response = client.get(ebe_link.url + path)
        assert response.status_code == 302
        assert response.location.endswith(ebe_link.url)


def test_whole_experts_by_experience_journey(client: Any, db: Any, ebe_link: LinkFixture) -> None:
    url = ebe_link.url
    assert start(client, url).location.endswith(f"{url}/tasks")
    tasks = client.get(f"{url}/tasks").text
    # part A is hidden until "yes", and the carers' wording until someone says they are a carer;
    # until then (and for anyone who skips the role question) the care questions are worded for
    # people who use services, so skipping it never hides them
    assert tasks.count("Not started") == 7
    assert "Helping us improve" not in tasks and "Your care" in tasks
    assert "Their care: what happened" not in tasks

    after = save(client, url, "your_role", {"c3_role": "uses_services"})
    assert after.location.endswith(f"{url}/sections/taking_part")
    after = save(client, url, "taking_part", {"took_part": "yes"})
    assert after.location.endswith(f"{url}/sections/part_a")
    after = save(client, url, "part_a", {"a1": ["surveys", "peer_support"], "a2": "agree"})
    assert after.location.endswith(f"{url}/sections/your_care")
    answers = {"help_quickly_actual": "mostly", "help_quickly_hoped": "completely"}
    after = save(client, url, "your_care", answers)
    assert after.location.endswith(f"{url}/sections/crisis_and_safety")
    for section, following in (
        ("crisis_and_safety", "what_you_think"),
        ("what_you_think", "overall"),
        ("overall", "services_used"),
    ):
        after = save(client, url, section, {})
        assert after.location.endswith(f"{url}/sections/{following}")
    after = save(client, url, "services_used", {})
    assert after.location.endswith(f"{url}/check")

    tasks = client.get(f"{url}/tasks").text
    assert tasks.count("Completed") == 8

    check = client.get(f"{url}/check")
    assert check.status_code == 200
    html = main_content(check.text)
    assert "Filling in surveys, Peer support" in html
    assert "Mostly" in html and "Completely" in html
    assert f"{url}/sections/part_a?return=check#question-a2" in html

    sent = client.post(f"{url}/submit", data={"revision": revision_of(check.text)})
    assert sent.status_code == 302 and sent.location.endswith(f"{url}/confirmation")
    confirmation = client.get(f"{url}/confirmation")
    assert "Answers sent" in confirmation.text
    [response] = all_responses(db)
    assert response.status == "submitted"
    assert {a.item_id for a in stored(db)} == {
        "c3_role",
        "took_part",
        "a1",
        "a2",
        "help_quickly_actual",
        "help_quickly_hoped",
    }

    # Read-only: every page of the journey now leads to the confirmation; nothing changes.
    for path in ("/tasks", "/sections/your_care", "/check"):
        assert client.get(url + path).location.endswith(f"{url}/confirmation")
    late = client.post(
        f"{url}/sections/your_care", data={"revision": "9", "help_quickly_actual": "not_at_all"}
    )
    assert late.location.endswith(f"{url}/confirmation")
    assert next(a for a in stored(db) if a.item_id == "help_quickly_actual").value == "mostly"


def test_carers_get_the_questions_written_for_them(
    client: Any, db: Any, ebe_link: LinkFixture
) -> None:
    url = ebe_link.url
    start(client, url)
    save(client, url, "your_role", {"c3_role": "carer"})
    assert client.get(f"{url}/sections/your_care").status_code == 404
    page = client.get(f"{url}/sections/their_care").text
    assert "When the person you care for first needed help" in page
    assert 'name="carer_help_quickly_actual"' in page and 'name="help_quickly_actual"' not in page
    statements = client.get(f"{url}/sections/what_you_think").text
    assert 'name="carer_calm_places"' in statements and 'name="calm_places"' not in statements
    assert 'name="staff_kind"' in statements  # the same words suit everyone

    save(client, url, "their_care", {"carer_help_quickly_actual": "partly"})
    save(client, url, "your_role", {"c3_role": "prefer_not_to_say"})
    assert client.get(f"{url}/sections/their_care").status_code == 404
    assert 'name="help_quickly_actual"' in client.get(f"{url}/sections/your_care").text
    check = client.get(f"{url}/check")
    client.post(f"{url}/submit", data={"revision": revision_of(check.text)})
    assert {a.item_id for a in stored(db)} == {"c3_role"}


def test_hidden_section_answers_are_not_kept(client: Any, db: Any, ebe_link: LinkFixture) -> None:
    url = ebe_link.url
    start(client, url)
    save(client, url, "taking_part", {"took_part": "yes"})
    save(client, url, "part_a", {"a2": "agree"})
    save(client, url, "taking_part", {"took_part": "no"})
    assert client.get(f"{url}/sections/part_a").status_code == 404
    check = client.get(f"{url}/check")
    assert "Helping us improve" not in check.text
    client.post(f"{url}/submit", data={"revision": revision_of(check.text)})
    assert {a.item_id for a in stored(db)} == {"took_part"}


def test_whole_board_self_assessment(client: Any, db: Any, board_link: LinkFixture) -> None:
    from sqlalchemy import select

    from valuedcare.models import ResponseScore

    _, questionnaire = get_latest_questionnaire("board-self-assessment")
    url = board_link.url
    start(client, url)
    for number, section in enumerate(questionnaire.sections):
        answers = board_answers(questionnaire, section.id, level=1 + number % 5)
        answers[f"{section.items[0].id}__target"] = "5"
        answers[f"{section.items[0].id}__comment"] = "Board minutes"
        assert save(client, url, section.id, answers).status_code == 302
    check = client.get(f"{url}/check")
    assert "Expected in 12 months: Leading" in check.text
    assert "Evidence (optional): Board minutes" in check.text
    sent = client.post(f"{url}/submit", data={"revision": revision_of(check.text)})
    assert sent.location.endswith("/confirmation")
    [response] = all_responses(db)
    assert response.status == "submitted" and response.lens == "board"
    scores = db.session.scalars(
        select(ResponseScore).where(ResponseScore.response_id == response.id)
    ).all()
    assert sorted(score.score for score in scores) == sorted(
        float(1 + n % 5) for n in range(len(questionnaire.sections))
    )
    # The board member's link leads back to the same, now read-only, response.
    again = client.post(f"{url}/start")
    assert again.status_code == 302
    assert len(all_responses(db)) == 1


def test_save_and_come_back_later_with_the_resume_code(
    client: Any, app: Any, db: Any, ebe_link: LinkFixture
) -> None:
    url = ebe_link.url
    start(client, url)
    later = save(client, url, "taking_part", {"took_part": "no"}, action="later")
    assert later.location.endswith(f"{url}/saved")
    saved = client.get(f"{url}/saved").text
    code = saved.split('id="resume-code">')[1].split("<")[0]
    assert len(code) == 9 and code[4] == "-"
    assert url in saved

    other_device = app.test_client()
    assert other_device.get(f"{url}/tasks").status_code == 302  # nothing in its session
    wrong = other_device.post(f"{url}/resume", data={"code": "ZZZZ-ZZZZ"})
    assert wrong.status_code == 200
    assert "We could not find answers with this code" in wrong.text
    assert "<title>Error: " in wrong.text
    resumed = other_device.post(f"{url}/resume", data={"code": code.lower()})
    assert resumed.location.endswith(f"{url}/tasks")
    page = other_device.get(f"{url}/sections/taking_part").text
    assert 'value="no" checked' in page
    assert len(all_responses(db)) == 1


def test_a_new_start_on_a_shared_device_makes_a_new_draft(
    client: Any, db: Any, ebe_link: LinkFixture
) -> None:
    url = ebe_link.url
    start(client, url)
    save(client, url, "taking_part", {"took_part": "no"})
    check = client.get(f"{url}/check")
    client.post(f"{url}/submit", data={"revision": revision_of(check.text)})
    start(client, url)
    assert client.get(f"{url}/tasks").status_code == 200
    assert [r.status for r in all_responses(db)] == ["submitted", "draft"]


def test_partner_sector_question_follows_the_type_of_organisation(
    client: Any, db: Any, partner_link: LinkFixture
) -> None:
    url = partner_link.url
    start(client, url)
    assert "Your sector" not in client.get(f"{url}/tasks").text
    save(client, url, "your_organisation", {"p0_type": "police"})
    sector = client.get(f"{url}/sections/your_sector").text
    assert 'name="p11_police"' in sector and 'name="p11_housing"' not in sector
    save(client, url, "your_sector", {"p11_police": "agree", "p11_housing": "agree"})
    assert {a.item_id for a in stored(db)} == {"p0_type", "p11_police"}
    save(client, url, "your_organisation", {"p0_type": "housing"})
    check = client.get(f"{url}/check")
    assert "#question-p11_housing" in check.text and "#question-p11_police" not in check.text
    client.post(f"{url}/submit", data={"revision": revision_of(check.text)})
    assert {a.item_id for a in stored(db)} == {"p0_type"}
    [response] = all_responses(db)
    assert response.status == "submitted" and response.lens == "partner"


def test_skipping_the_role_question_keeps_the_care_questions(
    client: Any, db: Any, ebe_link: LinkFixture
) -> None:
    url = ebe_link.url
    start(client, url)

    after = save(client, url, "your_role", {})  # skipped: "you can skip any question"

    assert after.location.endswith(f"{url}/sections/taking_part")
    page = client.get(f"{url}/sections/your_care")
    assert page.status_code == 200
    assert 'name="listened_to_actual"' in page.text
    assert client.get(f"{url}/sections/their_care").status_code == 404
