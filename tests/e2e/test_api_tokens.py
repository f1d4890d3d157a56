"""The API tokens pages in a real browser: create, copy once, revoke; axe-core finds nothing."""

from __future__ import annotations

import re
from typing import Any

from flask import Flask
from playwright.sync_api import Page, expect

from tests.e2e.conftest import RequestLog, assert_accessible, sign_in_browser


def test_create_copy_and_revoke_a_token(
    page: Page,
    app: Flask,
    live_server: str,
    factories: Any,
    db: Any,
    request_log: RequestLog,
    console_errors: list[str],
) -> None:
    user = factories.user(factories.organisation(), role="viewer")
    db.session.commit()
    sign_in_browser(page, app, live_server, user)

    page.goto(f"{live_server}/api/tokens")
    expect(page.get_by_text("You have no API tokens.")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("button", name="Create token").click()
    expect(page).to_have_title(re.compile(r"^Error: API tokens"))
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Enter a name for the token")
    assert_accessible(page)

    page.get_by_label("Token name").fill("Power BI board dashboard")
    page.get_by_role("button", name="Create token").click()
    expect(page.get_by_role("heading", name="Token created")).to_be_visible()
    token = page.get_by_label("Your API token").input_value()
    assert re.fullmatch(r"vc_[A-Za-z0-9_-]{43}", token)
    assert_accessible(page)

    page.get_by_role("button", name="Back to your tokens").click()
    expect(page.locator("table")).to_contain_text("Power BI board dashboard")
    assert token not in page.content()
    assert_accessible(page)

    page.get_by_role("button", name="Revoke token Power BI board dashboard").click()
    expect(page.locator(".nhsuk-notification-banner--success")).to_contain_text("revoked")
    expect(page.locator("table")).to_contain_text("Revoked")
    assert_accessible(page)
    request_log.assert_only_local()
    assert console_errors == []
