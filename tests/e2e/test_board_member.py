"""A board member's own path in a real browser: sign in, find "Your self-assessment" on the home
page, start it, save an answer for later, come back through the service and read what was sent.
Every page passes axe-core, with CSRF protection on as in production."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import assert_accessible
from tests.integration.auth.helpers import PASSWORD, make_user
from tests.integration.survey.links import LEAD_SCOPE

WAIT = 15_000


@pytest.fixture
def member(db: Any, factories: Any) -> dict[str, Any]:
    from valuedcare.data import invitations

    organisation = factories.organisation(code="RXBM", name="Larchfield Trust (fictional)")
    current = factories.assessment(organisation, factories.cycle(label="2026/27", status="open"))
    before = factories.assessment(organisation, factories.cycle(label="2025/26", status="closed"))
    user = make_user(db, "board_member", organisation, email="bo.member@example.org", name="Bo")
    for assessment in (current, before):
        invitation, _ = invitations.invite_board_member(
            LEAD_SCOPE, assessment.id, name="Bo Member", email="bo.member@example.org"
        )
    sent = factories.response(before, lens="board", answers={"ebe1": (2, 2.0, False, 4)})
    sent.invitation_id = invitation.id
    db.session.commit()
    return {"user": user}


def test_a_board_member_reaches_their_own_self_assessment(
    page: Page, member: dict, csrf_on: None
) -> None:
    page.set_default_timeout(WAIT)
    page.goto("/account/sign-in")
    page.get_by_label("Email address").fill("bo.member@example.org")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto("/")
    page.get_by_role("link", name="Your self-assessment").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your self-assessment")
    assert_accessible(page)

    page.get_by_role("button", name="Start your self-assessment").click()
    page.get_by_role("button", name="Start now").click()
    page.get_by_role("link", name="Experts by experience").first.click()
    page.locator("#ebe1-4").check()
    page.get_by_role("button", name="Save and come back later").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your answers have been saved")

    page.goto("/self-assessment")
    expect(page.get_by_role("button", name="Continue your self-assessment")).to_be_visible()
    page.get_by_role("link", name="View what you sent").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("What you sent")
    assert_accessible(page)
