"""The improvement plan in a real browser: an improvement lead opens the report, makes an action
from a suggested priority, updates its status twice, and a board member reads the plan on a page.
axe-core on every new page, at 1280 and at 320 px."""

from __future__ import annotations

import re
from datetime import date, timedelta
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import Page, expect

from tests.e2e.conftest import RequestLog, assert_accessible, sign_in_browser


@pytest.fixture
def trust(factories: Any, db: Any) -> Any:
    from types import SimpleNamespace

    from valuedcare.data.scores import store_response_scores

    organisation = factories.organisation(code="PLANE", name="Plan Browser Trust")
    assessment = factories.assessment(
        organisation, factories.cycle(label="2025/26", status="closed")
    )
    for level in (1, 2, 2):
        response = factories.response(
            assessment,
            answers={"ebe1": (level, float(level), False, 4), "cul1": (3, 3.0, False, 3)},
        )
        store_response_scores(response.id)
    people = SimpleNamespace(
        organisation=organisation,
        assessment=assessment,
        lead=factories.user(organisation, role="organisation_admin", name="Lee Lead"),
        board=factories.user(organisation, role="board_member", name="Bea Board"),
    )
    db.session.commit()
    return people


def fill_due_date(page: Page, day: date) -> None:
    group = page.get_by_role("group", name="Due date")
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def _fits(page: Page, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_a_lead_plans_from_a_suggestion_and_a_board_member_reads_the_plan(
    page: Page,
    app: Flask,
    live_server: str,
    trust: Any,
    request_log: RequestLog,
    console_errors: list[str],
) -> None:
    sign_in_browser(page, app, live_server, trust.lead)
    page.goto(f"{live_server}/reports/assessments/{trust.assessment.id}")
    expect(page.get_by_role("heading", name="Suggested priorities")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=re.compile(r"Make an action from this\W+suggestion 1$")).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Add an action")
    expect(page.get_by_text("From the 2025/26 report's suggested priorities")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Add to the plan").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    assert_accessible(page)
    page.get_by_label("What will be done").fill(
        "Set up a co-production group for the crisis pathway"
    )
    page.get_by_label("Someone without an account (name their role)").check()
    page.get_by_label("Role of the owner").fill("Head of patient experience")
    fill_due_date(page, date.today() + timedelta(days=120))
    page.get_by_label("4 Embedded").check()
    page.get_by_role("button", name="Add to the plan").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Set up a co-production group")
    assert_accessible(page)

    for status, note in (("On track", "Group meets monthly"), ("At risk", "Two members left")):
        page.get_by_role("link", name="Add a progress update").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Add a progress update")
        assert_accessible(page)
        page.get_by_label(status, exact=True).check()
        page.get_by_label("Progress note").fill(note)
        page.get_by_role("button", name="Add the update").click()
        expect(page.locator(".nhsuk-summary-list")).to_contain_text(status)
    expect(page.get_by_text("Group meets monthly")).to_be_visible()
    expect(page.get_by_text("Two members left")).to_be_visible()

    sign_in_browser(page, app, live_server, trust.board)
    page.goto(f"{live_server}/")
    page.locator("#maincontent").get_by_role("link", name="Improvement plan").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Improvement plan")
    plan = page.locator("#experts_by_experience + dl + div table")
    expect(plan).to_contain_text("Set up a co-production group")
    expect(plan).to_contain_text("At risk")
    expect(page.get_by_role("link", name="Add an action")).to_have_count(0)
    assert_accessible(page)
    action_url = page.get_by_role(
        "link", name=re.compile("Set up a co-production group")
    ).get_attribute("href")

    page.set_viewport_size({"width": 320, "height": 640})
    for path in (f"/organisations/{trust.organisation.id}/plan", action_url):
        page.goto(f"{live_server}{path}")
        _fits(page, 320)
        assert_accessible(page)
    sign_in_browser(page, app, live_server, trust.lead)
    action_id = action_url.rsplit("/", 1)[1]
    for path in (
        f"/organisations/{trust.organisation.id}/plan/new",
        f"/organisations/{trust.organisation.id}/plan/new?ingredient=culture",
        f"/actions/{action_id}/edit",
        f"/actions/{action_id}/progress",
    ):
        page.goto(f"{live_server}{path}")
        _fits(page, 320)
        assert_accessible(page)
    request_log.assert_only_local()
    assert console_errors == []
