"""The trust report and the moderation page in a real browser: the radar draws with the app's own
Vega under the Content-Security-Policy, axe-core finds no violations, and no request leaves the app.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import Page, expect

from tests.e2e.conftest import RequestLog, assert_accessible, sign_in_browser
from tests.integration.reports.trust_fixture import TrustFixture, build_trust


@pytest.fixture
def trust(factories: Any, db: Any) -> TrustFixture:
    trust = build_trust(factories)
    db.session.commit()
    return trust


@pytest.fixture
def lead(page: Page, app: Flask, live_server: str, factories: Any, db: Any, trust: TrustFixture):
    from valuedcare.models import Organisation

    user = factories.user(
        db.session.get(Organisation, trust.organisation_id), role="organisation_admin"
    )
    db.session.commit()
    sign_in_browser(page, app, live_server, user)
    return user


def test_report_page_draws_the_radar_and_passes_axe(
    page: Page,
    live_server: str,
    trust: TrustFixture,
    lead: Any,
    request_log: RequestLog,
    console_errors: list[str],
) -> None:
    response = page.goto(f"{live_server}/reports/assessments/{trust.assessment_id}")
    assert response is not None and response.status == 200
    chart = page.locator("[data-vega-spec]")
    expect(chart).to_have_attribute("data-vega-state", "rendered", timeout=15_000)
    expect(chart.locator("svg")).to_have_count(1)
    expect(page.locator("#scores-table")).to_contain_text("fewer than 5 responses")
    assert_accessible(page)
    assert console_errors == []
    assert "/assets/vendor/vega.min.js" in request_log.paths()
    assert f"/reports/assessments/{trust.assessment_id}/radar.json" in request_log.paths()


#: Elements wider than the window: their tag, class and right edge (nothing may pass it).
OVERFLOWING = """() => [...document.querySelectorAll('body *')]
  .filter(each => !each.closest('.app-table-scroll, .app-chart, .nhsuk-u-visually-hidden'))
  .filter(each => each.getBoundingClientRect().right > document.documentElement.clientWidth + 0.5)
  .map(each => each.tagName + '.' + each.className + ' ' + each.getBoundingClientRect().right)"""


@pytest.mark.parametrize("width", [320, 1280])
def test_the_report_opens_with_its_summary_and_fits_the_window(
    page: Page, live_server: str, trust: TrustFixture, lead: Any, width: int
) -> None:
    """At 320 and 1280 px: the summary comes first, no element passes the window's edge (wide
    tables scroll inside their own labelled box), an ingredient opens from the keyboard, and
    axe-core finds nothing, with every ingredient open."""
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server}/reports/assessments/{trust.assessment_id}")
    headings = page.locator("main h2").all_inner_texts()
    assert headings[0] == "Summary", headings
    summary = page.locator(".app-summary li")
    expect(summary.first).to_contain_text("Responses:")
    expect(page.get_by_role("navigation", name="On this page")).to_be_visible()
    culture = page.locator("details#ingredient-culture")
    expect(culture).not_to_have_attribute("open", "")
    culture.locator("summary").focus()
    page.keyboard.press("Enter")
    expect(culture).to_have_attribute("open", "")
    expect(culture.locator("table caption")).to_contain_text("Culture: scores by group")
    page.evaluate("document.querySelectorAll('details').forEach(each => { each.open = true; })")
    assert page.evaluate(OVERFLOWING) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert_accessible(page)


def test_moderation_page_and_its_errors_pass_axe(
    page: Page,
    live_server: str,
    trust: TrustFixture,
    lead: Any,
    request_log: RequestLog,
    console_errors: list[str],
) -> None:
    url = (
        f"{live_server}/reports/assessments/{trust.assessment_id}/moderation/experts_by_experience"
    )
    response = page.goto(url)
    assert response is not None and response.status == 200
    assert_accessible(page)
    page.select_option("#level_ebe1", "1")  # members said 4, 2, 4: a rationale is needed
    page.get_by_role("button", name="Save and return to all ingredients").click()
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("Give the reason for agreeing level 1 for statement EBE1")
    expect(page).to_have_title(re.compile(r"^Error: "))
    assert_accessible(page)
    assert console_errors == []


def test_board_paper_cover_sheet_and_its_errors_pass_axe(
    page: Page,
    live_server: str,
    trust: TrustFixture,
    lead: Any,
    console_errors: list[str],
) -> None:
    report = f"{live_server}/reports/assessments/{trust.assessment_id}"
    page.goto(report)
    page.get_by_role("link", name="fill in its cover sheet").click()
    expect(page.locator("h1")).to_contain_text("Board paper cover sheet")
    assert_accessible(page)
    page.get_by_label("Meeting (optional)").fill("Trust board meeting in public")
    page.fill("#meeting_on-day", "31")
    page.fill("#meeting_on-month", "2")
    page.fill("#meeting_on-year", "2027")
    page.get_by_label("To discuss").check()
    page.get_by_role("button", name="Save the cover sheet").click()
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_contain_text("Date of the meeting must be a real date")
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.get_by_label("Meeting (optional)")).to_have_value("Trust board meeting in public")
    assert_accessible(page)
    page.fill("#meeting_on-day", "28")
    page.get_by_role("button", name="Save the cover sheet").click()
    expect(page.locator(".nhsuk-error-summary")).to_have_count(0)
    expect(page.get_by_label("To discuss")).to_be_checked()
    assert_accessible(page)
    assert console_errors == []
