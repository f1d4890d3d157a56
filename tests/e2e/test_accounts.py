"""A platform administrator's journey in a real browser: sign in, add a cycle, change a user's
role, read the audit log and sign out. Every page passes axe-core, CSRF protection stays on, and
the audit log shows what happened.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.conftest import RequestLog, assert_accessible
from tests.integration.auth.helpers import PASSWORD, make_user

#: How long to wait for a page to answer: generous, as the machine may be busy with other tests.
WAIT = 15_000


@pytest.fixture
def people(db: Any, factories: Any) -> dict[str, Any]:
    organisation = factories.organisation(code="RXE2E", name="Elmbrook Trust (fictional)")
    admin = make_user(db, "platform_admin", email="ada.admin@example.org", name="Ada Admin")
    viewer = make_user(
        db, "viewer", organisation, email="vic.viewer@example.org", name="Vic Viewer"
    )
    return {"admin": admin, "viewer": viewer}


def _accessible(page: Page, what: str) -> None:
    """axe-core on the whole page, naming the page in a failure."""
    try:
        assert_accessible(page)
    except AssertionError as error:
        raise AssertionError(f"{what}: {error}") from None


def _sign_in(page: Page, email: str, *, go: bool = True) -> None:
    if go:
        page.goto("/account/sign-in")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_a_platform_administrator_adds_a_cycle_changes_a_role_and_signs_out(
    page: Page,
    live_server: str,
    people: dict[str, Any],
    csrf_on: None,
    request_log: RequestLog,
    console_errors: list[str],
) -> None:
    page.goto("/account/sign-in")
    expect(page).to_have_title(re.compile(r"^Sign in – "), timeout=WAIT)
    _accessible(page, "sign-in page")

    page.get_by_label("Email address").fill("ada.admin@example.org")
    page.get_by_label("Password", exact=True).fill("not the password")
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text(
        "Enter a correct email address and password", timeout=WAIT
    )
    _accessible(page, "sign-in page with an error")

    _sign_in(page, "ada.admin@example.org")
    page.get_by_role("link", name="Administration").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Administration", timeout=WAIT)
    _accessible(page, "administration start page")

    page.get_by_role("link", name="Cycles").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Cycles", timeout=WAIT)
    _accessible(page, "cycles")
    page.goto("/admin/cycles/new")
    _accessible(page, "new cycle form")
    page.get_by_role("button", name="Add cycle").click()
    expect(page).to_have_title(re.compile(r"^Error: Add a cycle – "), timeout=WAIT)
    _accessible(page, "new cycle form with errors")
    page.get_by_label("Cycle").fill("2031/32")
    for legend, (day, month, year) in [
        ("Opening date", ("1", "4", "2031")),
        ("Closing date", ("31", "3", "2032")),
    ]:
        date_input = page.get_by_role("group", name=legend)
        date_input.get_by_label("Day").fill(day)
        date_input.get_by_label("Month").fill(month)
        date_input.get_by_label("Year").fill(year)
    page.get_by_role("button", name="Add cycle").click()
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text(
        "Cycle 2031/32 added", timeout=WAIT
    )
    expect(page.get_by_role("table")).to_contain_text("2031/32", timeout=WAIT)

    page.goto("/admin/users")
    _accessible(page, "users")
    page.get_by_role("link", name="Vic Viewer").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Vic Viewer", timeout=WAIT)
    _accessible(page, "a user's page")
    page.get_by_label("Board member").check()
    page.get_by_role("button", name="Save role").click()
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text(
        "Vic Viewer is now", timeout=WAIT
    )
    expect(page.get_by_role("table")).to_contain_text("Board member", timeout=WAIT)

    for url, context in [
        ("/admin/organisations", "organisations"),
        ("/admin/questionnaires", "questionnaires"),
    ]:
        page.goto(url)
        _accessible(page, context)

    page.goto("/admin/audit")
    _accessible(page, "audit log")
    log = page.get_by_role("table")
    for event in ("Sign in failed", "Sign in", "Cycle created", "Role changed"):
        expect(log).to_contain_text(event, timeout=WAIT)
    expect(log).to_contain_text("old role: viewer", timeout=WAIT)
    expect(log).to_contain_text("new role: board_member", timeout=WAIT)

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("signed out", timeout=WAIT)
    _accessible(page, "signed out page")
    page.goto("/admin/audit")
    expect(page).to_have_url(f"{live_server}/account/sign-in?next=%2Fadmin%2Faudit", timeout=WAIT)

    _sign_in(page, "ada.admin@example.org", go=False)
    expect(page).to_have_url(f"{live_server}/admin/audit", timeout=WAIT)
    expect(page.get_by_role("table")).to_contain_text("Sign out", timeout=WAIT)
    assert console_errors == []
    request_log.assert_only_local()
