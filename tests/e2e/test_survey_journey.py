"""The respondent journey in a real browser: a whole board self-assessment, a whole experts-by-
experience questionnaire with a save-and-return on a fresh browser context, a validation error
round trip, keyboard-only and no-JavaScript answering; axe-core on every page of the journey."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import RequestLog, assert_accessible
from tests.integration.survey.links import LinkFixture, make_link


@pytest.fixture
def assessment(factories: Any, db: Any) -> Any:
    assessment = factories.assessment(cycle=factories.cycle(label="2026/27", status="open"))
    db.session.commit()
    return assessment


@pytest.fixture
def board_link(db: Any, assessment: Any) -> LinkFixture:
    return make_link(db, assessment, "board", name="Dr A. Chair")


@pytest.fixture
def ebe_link(db: Any, assessment: Any) -> LinkFixture:
    return make_link(db, assessment, "experts_by_experience", label="Carers' forum")


def _board_questionnaire() -> Any:
    from valuedcare.data.questionnaires import get_latest_questionnaire

    return get_latest_questionnaire("board-self-assessment")[1]


def _responses(db: Any) -> list[Any]:
    from sqlalchemy import select

    from valuedcare.models import Response

    db.session.expire_all()
    return list(db.session.scalars(select(Response)))


def test_whole_board_self_assessment(
    page: Page,
    live_server: str,
    db: Any,
    board_link: LinkFixture,
    request_log: RequestLog,
    console_errors: list[str],
) -> None:
    questionnaire = _board_questionnaire()
    page.goto(live_server + board_link.url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Board self-assessment")
    assert_accessible(page)
    page.get_by_role("button", name="Start now").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your progress")
    expect(page.locator(".nhsuk-task-list__item")).to_have_count(10)
    assert_accessible(page)

    for number, section in enumerate(questionnaire.sections):
        if number == 0:
            page.get_by_role("link", name=section.title).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(section.title)
        assert_accessible(page)
        level = 1 + number % 5
        for item in section.items:
            page.locator(f"#{item.id}" if level == 1 else f"#{item.id}-{level}").check()
        first = section.items[0].id
        page.locator(f"#{first}__target-5").check()
        page.locator(f"#{first}__comment").fill("Board minutes, March")
        page.get_by_role("button", name="Save and continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Check your answers before sending them"
    )
    expect(page.locator("main")).to_contain_text("Expected in 12 months: Leading")
    assert_accessible(page)
    page.get_by_role("button", name="Send answers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Answers sent")
    assert_accessible(page)
    [response] = _responses(db)
    assert response.status == "submitted"
    assert console_errors == []


def test_experts_by_experience_with_save_and_return_on_another_device(
    page: Page,
    browser: Browser,
    live_server: str,
    db: Any,
    ebe_link: LinkFixture,
    request_log: RequestLog,
) -> None:
    link = live_server + ebe_link.url
    page.goto(link)
    assert_accessible(page)
    page.get_by_role("button", name="Start now").click()
    page.get_by_role("link", name="Who is answering").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Who is answering")
    assert_accessible(page)
    page.get_by_label("I use, or have used, services").check()
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Helping to improve services")
    assert_accessible(page)
    page.get_by_label("Yes").check()
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Helping us improve")
    assert_accessible(page)
    page.get_by_label("Filling in surveys").check()
    page.get_by_label("Peer support").check()
    page.get_by_role("button", name="Save and come back later").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your answers have been saved")
    assert_accessible(page)
    code = page.locator("#resume-code").inner_text()
    assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}", code)

    other = browser.new_context()
    try:
        phone = other.new_page()
        phone.set_viewport_size({"width": 320, "height": 640})
        phone.goto(link)
        phone.get_by_label("Resume code").fill(code.lower())
        phone.get_by_role("button", name="Continue with my code").click()
        expect(phone.get_by_role("heading", level=1)).to_have_text("Your progress")
        expect(phone.locator(".nhsuk-task-list__item").first).to_contain_text("Completed")
        phone.get_by_role("link", name="Helping us improve").click()
        expect(phone.get_by_label("Peer support")).to_be_checked()
        phone.locator("#a3-2").check()
        phone.get_by_role("button", name="Save and continue").click()
        # The care pairs, then the other sections: answer one question of the first pair and
        # skip the rest.
        expect(phone.get_by_role("heading", level=1)).to_contain_text("Your care")
        assert_accessible(phone)
        phone.locator("#help_quickly_actual-4").check()
        phone.get_by_role("button", name="Save and continue").click()
        for title in (
            "Crisis care and feeling safe",
            "What you think of our services",
            "Overall",
            "The services you used",
        ):
            expect(phone.get_by_role("heading", level=1)).to_have_text(title)
            assert_accessible(phone)
            phone.get_by_role("button", name="Save and continue").click()
        heading = phone.get_by_role("heading", level=1)
        expect(heading).to_have_text("Check your answers before sending them")
        assert_accessible(phone)
        expect(phone.locator("main")).to_contain_text("Filling in surveys, Peer support")
        phone.get_by_role("button", name="Send answers").click()
        expect(phone.get_by_role("heading", level=1)).to_have_text("Answers sent")
        assert_accessible(phone)
        width = phone.evaluate("document.documentElement.scrollWidth")
        assert width <= 320, f"the page scrolls sideways at 320 px ({width} px wide)"
    finally:
        other.close()
    [response] = _responses(db)
    assert response.status == "submitted" and response.lens == "experts_by_experience"


def test_validation_error_round_trip(
    page: Page,
    live_server: str,
    db: Any,
    board_link: LinkFixture,
    request_log: RequestLog,
) -> None:
    page.goto(f"{live_server}{board_link.url}")
    page.get_by_role("button", name="Start now").click()
    page.get_by_role("link", name="Experts by experience").click()
    page.locator("#ebe1-4").check()
    page.locator("#ebe1__comment").fill("x" * 2001)
    page.get_by_role("button", name="Save and continue").click()
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(summary).to_contain_text("Evidence must be 2,000 characters or fewer")
    expect(page.locator("#ebe1-4")).to_be_checked()  # the answer given is kept
    assert_accessible(page)
    summary.get_by_role("link").filter(has_text="Select a level").first.click()
    expect(page.locator("#ebe2")).to_be_focused()
    page.locator("#ebe1__comment").fill("Board minutes")
    for item in _board_questionnaire().sections[0].items:
        page.locator(f"#{item.id}-3" if item.id != "ebe1" else "#ebe1-4").check()
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Understanding the national picture")
    expect(page).not_to_have_title(re.compile(r"^Error: "))


def test_keyboard_only_and_without_javascript(
    browser: Browser, live_server: str, db: Any, ebe_link: LinkFixture
) -> None:
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(live_server + ebe_link.url)
        page.get_by_role("button", name="Start now").focus()
        page.keyboard.press("Enter")
        expect(page.get_by_role("heading", level=1)).to_have_text("Your progress")
        page.get_by_role("link", name="Helping to improve services").focus()
        page.keyboard.press("Enter")
        page.locator("#took_part").focus()
        page.keyboard.press("Space")
        expect(page.locator("#took_part")).to_be_checked()
        page.get_by_role("button", name="Save and continue").focus()
        page.keyboard.press("Enter")
        expect(page.get_by_role("heading", level=1)).to_have_text("Helping us improve")
    finally:
        context.close()
    from tests.integration.survey.journey_helpers import stored

    assert [(a.item_id, a.value) for a in stored(db)] == [("took_part", "yes")]


def test_closed_link_page(
    page: Page, live_server: str, db: Any, ebe_link: LinkFixture, request_log: RequestLog
) -> None:
    from tests.integration.survey.links import LEAD_SCOPE
    from valuedcare.data import invitations

    invitations.close_invitation(LEAD_SCOPE, ebe_link.invitation_id)
    db.session.commit()
    response = page.goto(live_server + ebe_link.url)
    assert response is not None and response.status == 410
    expect(page.get_by_role("heading", level=1)).to_have_text("This survey link has been closed")
    assert_accessible(page)
