"""Keeping experts by experience safe, and reviewing comments, in a real browser: the help panel on
every page (also at 320 px and without JavaScript), a comment that trips the risk check shows the
help again, and a lead reviews comments before the report shows them; axe-core on each page.

The tests find the questionnaire's free-text question from the stored questionnaire, so they
follow the questionnaire's wording from version to version."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import assert_accessible, sign_in_browser
from tests.integration.survey.links import LinkFixture, make_link

HELP = "If you need help now"
DISCLOSURE = "Some days I want to end it all and nobody asked how I was"


def _free_text_item(slug: str = "experts-by-experience") -> tuple[str, str]:
    """(section id, item id) of the questionnaire's first free-text question."""
    from valuedcare.data.questionnaires import get_latest_questionnaire

    questionnaire = get_latest_questionnaire(slug)[1]
    for section in questionnaire.sections:
        for item in section.items:
            if item.kind.free_text and section.show_if is None and item.show_if is None:
                return section.id, item.id
    raise AssertionError(f"{slug} has no free-text question")


@pytest.fixture
def ebe_link(factories: Any, db: Any) -> LinkFixture:
    assessment = factories.assessment(cycle=factories.cycle(label="2026/27", status="open"))
    db.session.commit()
    return make_link(db, assessment, "experts_by_experience", label="Carers' forum")


def test_help_is_on_every_page_and_a_worrying_comment_shows_it_again(
    page: Page, live_server: str, ebe_link: LinkFixture
) -> None:
    section, item = _free_text_item()
    link = live_server + ebe_link.url
    page.goto(link)
    expect(page.get_by_role("complementary", name=HELP)).to_be_visible()
    expect(page.locator("main")).to_contain_text("will not affect your care")
    assert_accessible(page)
    page.get_by_role("button", name="Start now").click()
    expect(page.get_by_role("complementary", name=HELP)).to_be_visible()
    page.goto(f"{link}/sections/{section}")
    expect(page.get_by_role("complementary", name=HELP)).to_be_visible()
    page.locator(f"#{item}").fill(DISCLOSURE)
    page.get_by_role("button", name="Save and continue").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you for telling us")
    expect(page.get_by_role("complementary", name=HELP)).to_contain_text("116 123")
    assert_accessible(page)
    page.set_viewport_size({"width": 320, "height": 640})
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 320, f"the help page scrolls sideways at 320 px ({width} px wide)"
    page.get_by_role("link", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).not_to_have_text("Thank you for telling us")


def test_the_help_works_without_javascript(
    browser: Browser, live_server: str, ebe_link: LinkFixture
) -> None:
    section, item = _free_text_item()
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(live_server + ebe_link.url)
        page.get_by_role("button", name="Start now").click()
        page.goto(f"{live_server}{ebe_link.url}/sections/{section}")
        page.locator(f"#{item}").fill(DISCLOSURE)
        page.get_by_role("button", name="Save and continue").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Thank you for telling us")
        expect(page.get_by_role("complementary", name=HELP)).to_contain_text("NHS 111")
    finally:
        context.close()


@pytest.fixture
def reviewed_trust(page: Page, app: Flask, live_server: str, factories: Any, db: Any) -> Any:
    from valuedcare.models import Organisation

    _, item = _free_text_item()
    assessment = factories.assessment(cycle=factories.cycle(label="2025/26", status="closed"))
    texts = [
        "Nurse Jones on the ward was kind to me",
        "Evening appointments would help",
        "Letters came late",
        "More peer support groups please",
        "Parking was hard",
    ]
    for text in texts:
        factories.response(
            assessment, lens="experts_by_experience", answers={item: (text, None, False, None)}
        )
    user = factories.user(
        db.session.get(Organisation, assessment.organisation_id), role="organisation_admin"
    )
    db.session.commit()
    sign_in_browser(page, app, live_server, user)
    return assessment


def test_a_lead_reviews_comments_before_the_report_shows_them(
    page: Page, live_server: str, reviewed_trust: Any
) -> None:
    report = f"{live_server}/reports/assessments/{reviewed_trust.id}"
    page.goto(report)
    expect(page.locator("main")).to_contain_text("5 comments are waiting for review")
    expect(page.locator("main")).not_to_contain_text("Evening appointments would help")
    page.get_by_role("link", name="Review comments").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Review comments")
    assert_accessible(page)

    page.get_by_role("button", name="Remove these words from comment 4").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    assert_accessible(page)
    page.get_by_label("Words to remove from comment 4").fill("Nurse Jones")
    page.get_by_role("button", name="Remove these words from comment 4").click()
    expect(page.locator("main")).to_contain_text("Words removed")
    page.get_by_role("button", name="Approve comment 1").click()
    expect(page.locator("main")).to_contain_text("Comment approved")

    page.goto(report)
    main = page.locator("main")
    expect(main).to_contain_text("Evening appointments would help")
    expect(main).to_contain_text("[removed] on the ward was kind to me")
    expect(main).not_to_contain_text("Nurse Jones")
    expect(main).not_to_contain_text("Letters came late")
    assert_accessible(page)


@pytest.mark.parametrize("slug", ["experts-by-experience", "experts-by-experience-easy-read"])
def test_an_expert_by_experience_completes_each_questionnaire(
    page: Page, live_server: str, factories: Any, db: Any, slug: str
) -> None:
    from tests.integration.survey.links import LEAD_SCOPE
    from valuedcare.data import invitations
    from valuedcare.data.questionnaires import get_latest_questionnaire

    questionnaire = get_latest_questionnaire(slug)[1]
    assessment = factories.assessment(cycle=factories.cycle(label="2026/27", status="open"))
    _, token = invitations.create_anonymous_link(
        LEAD_SCOPE, assessment.id, lens="experts_by_experience", label="Group", questionnaire=slug
    )
    db.session.commit()
    page.goto(f"{live_server}/r/{token}")
    expect(page.get_by_role("heading", level=1)).to_have_text(questionnaire.title)
    page.get_by_role("button", name="Start now").click()
    page.locator(".nhsuk-task-list__link").first.click()
    page.locator("input[type=radio]").first.check()  # the first question: who is answering
    for _ in range(len(questionnaire.sections) + 1):
        heading = page.get_by_role("heading", level=1).inner_text()
        if heading == "Check your answers before sending them":
            break
        expect(page.get_by_role("complementary", name=HELP)).to_be_visible()
        assert_accessible(page)
        page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Check your answers before sending them"
    )
    assert_accessible(page)
    page.get_by_role("button", name="Send answers").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Answers sent")
    assert_accessible(page)

    from sqlalchemy import select

    from valuedcare.models import Response

    db.session.expire_all()
    [response] = db.session.scalars(select(Response)).all()
    assert response.status == "submitted"
    assert response.questionnaire_version.slug == slug
