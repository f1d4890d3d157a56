"""The moderation meeting in a real browser: a lead works from the task list, agrees every
statement of one ingredient with the keyboard, and each page (the task list, the ingredient page
and the presenting view) passes axe-core and fits 320 px without scrolling sideways.
"""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import Page, expect

from tests.e2e.conftest import assert_accessible, sign_in_browser
from tests.integration.reports.trust_fixture import TrustFixture, build_trust

WIDE, NARROW = 1280, 320
#: Experts by experience: the level each statement is agreed at (members' medians 4 and 2.5;
#: nobody answered the others, so no rationale is needed).
LEVELS = {"ebe1": 4, "ebe2": 2, "ebe3": 3, "ebe4": 3, "ebe5": 2, "ebe6": 3}


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


def _status(page: Page, title: str):
    item = page.locator(".nhsuk-task-list__item").filter(has_text=title)
    return item.locator(".nhsuk-task-list__status")


def _check_widths(page: Page, heading: str) -> None:
    """axe-core at both widths, and nothing wider than the viewport at 320 px."""
    for width in (WIDE, NARROW):
        page.set_viewport_size({"width": width, "height": 900})
        expect(page.locator("h1")).to_contain_text(heading)
        assert_accessible(page)
    fits = page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert fits, f"{page.url} scrolls sideways at {NARROW} px"
    page.set_viewport_size({"width": WIDE, "height": 900})


def test_a_lead_agrees_an_ingredient_with_the_keyboard(
    page: Page, live_server: str, trust: TrustFixture, lead: Any, console_errors: list[str]
) -> None:
    page.set_viewport_size({"width": WIDE, "height": 900})
    page.goto(f"{live_server}/reports/assessments/{trust.assessment_id}/moderation")
    expect(page.locator("h1")).to_contain_text("Agree the board's position")
    expect(_status(page, "Experts by experience")).to_have_text("In progress")
    _check_widths(page, "Agree the board's position")

    page.get_by_role("link", name="Experts by experience").focus()
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_contain_text("Experts by experience")
    _check_widths(page, "Experts by experience")

    for item_id, level in LEVELS.items():
        page.locator(f"#level_{item_id}").focus()
        page.keyboard.press("Home")  # "Not agreed yet"
        for _ in range(level):
            page.keyboard.press("ArrowDown")
        expect(page.locator(f"#level_{item_id}")).to_have_value(str(level))
    page.get_by_role("button", name="Save and return to all ingredients").focus()
    page.keyboard.press("Enter")
    expect(page.locator("h1")).to_contain_text("Agree the board's position")
    expect(page.locator("main")).to_contain_text("Experts by experience: 6 of 6 statements agreed.")
    expect(_status(page, "Experts by experience")).to_have_text("Agreed")
    expect(_status(page, "Culture")).to_have_text("In progress")
    assert console_errors == []


def test_the_presenting_view_is_large_read_only_and_fits(
    page: Page, live_server: str, trust: TrustFixture, lead: Any, console_errors: list[str]
) -> None:
    page.set_viewport_size({"width": WIDE, "height": 900})
    page.goto(
        f"{live_server}/reports/assessments/{trust.assessment_id}/moderation/experts_by_experience"
    )
    expect(page.locator("h1")).to_contain_text("Experts by experience")
    page.get_by_role("link", name="Present the statements to discuss on a shared screen").click()
    expect(page.locator("h1")).to_contain_text("statements to discuss")
    expect(page.locator("main form")).to_have_count(0)
    expect(page.locator("main h2")).to_have_count(2)  # ebe1 (spread) and ebe2 (don't know)
    expect(page.get_by_role("table", name="Members' levels for EBE1")).to_be_visible()
    _check_widths(page, "statements to discuss")
    assert console_errors == []
