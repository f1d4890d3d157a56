"""A lead makes an anonymous link for an event (a cap and a closing date), prints its poster, and
someone at the event follows the short address; axe-core on each page."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, expect

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


def test_a_poster_for_an_event_and_its_short_address(
    page: Page,
    browser: Browser,
    live_server: str,
    assessment: Any,
    lead: Any,
    request_log: RequestLog,
    console_errors: list[str],
) -> None:
    closes = assessment.cycle.closes_on
    page.goto(f"{live_server}/assessments/{assessment.id}/invitations/anonymous")
    page.get_by_label("Experts by experience", exact=True).check()
    page.get_by_label("Name for this link").fill("Summer fair")
    page.get_by_label("Stop new answers after this many (optional)").fill("0")
    page.get_by_label("Day").fill("31")
    page.get_by_label("Month").fill("2")
    page.get_by_label("Year").fill("2027")
    page.get_by_role("button", name="Create link").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("from 1 to 100,000")
    expect(page.get_by_label("Name for this link")).to_have_value("Summer fair")
    assert_accessible(page)

    page.get_by_label("Stop new answers after this many (optional)").fill("60")
    page.get_by_label("Day").fill(str(closes.day))
    page.get_by_label("Month").fill(str(closes.month))
    page.get_by_label("Year").fill(str(closes.year))
    page.get_by_role("button", name="Create link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Link created")
    page.get_by_role("link", name="print a poster with a QR code and a short address").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Poster and QR code")
    expect(page.get_by_role("img", name=re.compile("QR code that opens"))).to_be_visible()
    address = page.locator("#short-address").inner_text()
    assert re.fullmatch(rf"{re.escape(live_server)}/s/[A-Z2-9]{{4}}-[A-Z2-9]{{4}}", address)
    expect(page.locator(".app-poster")).to_contain_text("Open until")
    assert_accessible(page)
    page.emulate_media(media="print")
    expect(page.locator(".nhsuk-header")).to_be_hidden()
    expect(page.locator(".app-poster")).to_be_visible()
    page.emulate_media(media="screen")

    page.get_by_role("link", name="Back to invitations").click()
    expect(page.locator("tbody")).to_contain_text("No new answers after 60 sent")

    visitor = browser.new_context()
    try:
        phone = visitor.new_page()
        phone.goto(address.lower())
        expect(phone.get_by_role("button", name="Start now")).to_be_visible()
        assert_accessible(phone)
        phone.goto(f"{live_server}/s/ABCD-EFGH")
        expect(phone.get_by_role("heading", level=1)).to_contain_text("not")
        assert_accessible(phone)
    finally:
        visitor.close()
    request_log.assert_only_local()
    assert console_errors == []
