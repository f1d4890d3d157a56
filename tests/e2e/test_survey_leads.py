"""An improvement lead's invitation pages in a real browser: create an anonymous link, invite a
board member, close a link and read the response rates; axe-core on each page."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import Page, expect

from tests.e2e.conftest import RequestLog, assert_accessible, sign_in_browser


@pytest.fixture
def assessment(factories: Any, db: Any) -> Any:
    assessment = factories.assessment(cycle=factories.cycle(label="2026/27", status="open"))
    db.session.commit()
    return assessment


@pytest.fixture
def lead(page: Page, app: Flask, live_server: str, factories: Any, db: Any, assessment: Any) -> Any:
    from valuedcare.models import Organisation

    user = factories.user(
        db.session.get(Organisation, assessment.organisation_id), role="organisation_admin"
    )
    db.session.commit()
    sign_in_browser(page, app, live_server, user)
    return user


def test_lead_invitation_pages(
    page: Page,
    live_server: str,
    assessment: Any,
    lead: Any,
    request_log: RequestLog,
    console_errors: list[str],
) -> None:
    page.goto(f"{live_server}/invitations")
    expect(page.get_by_role("heading", level=1)).to_have_text("Invitations")
    assert_accessible(page)
    base = f"{live_server}/assessments/{assessment.id}"
    page.goto(f"{base}/invitations")
    expect(page.get_by_role("heading", level=1)).to_have_text("Invitations")
    assert_accessible(page)

    page.get_by_role("button", name="Create an anonymous link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Create an anonymous link")
    assert_accessible(page)
    page.get_by_role("button", name="Create link").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    assert_accessible(page)
    page.get_by_label("Experts by experience", exact=True).check()
    page.get_by_label("Name for this link").fill("Carers' forum")
    page.get_by_role("button", name="Create link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Link created")
    assert_accessible(page)
    link = page.locator("#link-url").inner_text()
    assert link.startswith(f"{live_server}/r/")

    page.goto(f"{base}/invitations/board")
    expect(page.get_by_role("heading", level=1)).to_have_text("Invite a board member")
    assert_accessible(page)
    page.get_by_label("Board member's name").fill("Dr A. Chair")
    page.get_by_label("Email address (optional)").fill("chair@example.org")
    page.get_by_role("button", name="Create invitation").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Link created")
    expect(page.locator("#emailed-to")).to_contain_text("chair@example.org")
    assert_accessible(page)

    page.goto(f"{base}/invitations")
    expect(page.locator("tbody tr")).to_have_count(2)
    expect(page.locator("tbody")).to_contain_text("Waiting to send")
    page.get_by_role("button", name="Email again to Dr A. Chair").click()
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text("will be emailed again")
    assert_accessible(page)
    page.get_by_role("button", name="Close link Carers' forum").click()
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text(
        "Link “Carers' forum” closed"
    )
    expect(page.locator("tbody")).to_contain_text("Closed")
    assert_accessible(page)

    page.goto(f"{base}/response-rates")
    expect(page.get_by_role("heading", level=1)).to_have_text("Response rates")
    assert_accessible(page)
    assert console_errors == []
