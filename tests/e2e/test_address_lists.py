"""A lead emails an anonymous link to a list of people: a list with errors is explained and
nothing is sent, the corrected list sends exactly one message per person through (a fake) GOV.UK
Notify, a person answers through their own link, and the reminder goes only to the others."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, expect

from tests.e2e.conftest import RequestLog, assert_accessible, sign_in_browser
from valuedcare.data import invitations
from valuedcare.data.scope import Scope
from valuedcare.mail.outbox import send_due
from valuedcare.mail.providers import provider_from_config

PEOPLE = ("ada@example.org", "ben@example.org", "cy@example.org")
LEAD = Scope(user_id=None, role="platform_admin", organisation_id=None)


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


def _send(app: Flask) -> None:
    """What `flask outbox send` does, run by cron in a real service."""
    with app.app_context():
        send_due(provider_from_config(app.config))


def _csv(rows: list[str]) -> dict[str, Any]:
    body = "\r\n".join(["Name,Email", *rows]) + "\r\n"
    return {"name": "carers.csv", "mimeType": "text/csv", "buffer": body.encode("utf-8")}


def test_a_list_is_fixed_sent_answered_and_only_the_rest_reminded(
    page: Page,
    browser: Browser,
    app: Flask,
    db: Any,
    runner: Any,
    live_server: str,
    assessment: Any,
    lead: Any,
    fake_notify: Any,
    request_log: RequestLog,
    console_errors: list[str],
) -> None:
    made = invitations.create_anonymous_link(
        LEAD, assessment.id, lens="experts_by_experience", label="Carers' network"
    )
    assert made is not None
    db.session.commit()
    page.goto(f"{live_server}/assessments/{assessment.id}/invitations")
    page.get_by_role("link", name="Send it to a list of people (Carers' network)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Send the link to a list of people")
    assert_accessible(page)

    page.get_by_label("Upload a list of email addresses or mobile numbers").set_input_files(
        _csv(["Ada,ada@example.org", "Ben,ben@example", "Cy,cy@example.org", "Ada,ADA@example.org"])
    )
    page.get_by_role("button", name="Check the list and send the invitations").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("The list has 2 problems")
    problems = page.locator("#problems + p + ul")
    expect(problems).to_contain_text("row 3: “ben@example” is not an email address")
    expect(problems).to_contain_text("row 5: ADA@example.org repeats row 2")
    assert_accessible(page)
    _send(app)
    assert fake_notify.messages == [], "a list with problems sends nothing"

    page.get_by_label("Upload a list of email addresses or mobile numbers").set_input_files(
        _csv(["Ada,ada@example.org", "Ben,ben@example.org", "Cy,cy@example.org"])
    )
    page.get_by_role("button", name="Check the list and send the invitations").click()
    expect(page.locator(".nhsuk-notification-banner--success")).to_contain_text(
        "Invitations are on their way to 3 people"
    )
    _send(app)
    assert sorted(m.to for m in fake_notify.messages) == sorted(PEOPLE)
    assert fake_notify.duplicates() == {}
    page.reload()
    expect(page.locator("#list-counts")).to_contain_text("People on the list")
    expect(page.locator("#list-counts")).to_contain_text("3")
    assert_accessible(page)

    ada_link = fake_notify.messages_to(PEOPLE[0])[0].personalisation["link"]
    assert ada_link.startswith(live_server)
    person = browser.new_context()
    try:
        phone = person.new_page()
        phone.goto(ada_link)
        phone.get_by_role("button", name="Start now").click()
        phone.goto(f"{ada_link}/check")
        phone.get_by_role("button", name="Send answers").click()
        expect(phone.get_by_role("heading", level=1)).to_have_text("Answers sent")
        assert_accessible(phone)
        phone.goto(ada_link)
        expect(phone.get_by_role("heading", level=1)).to_have_text(
            "This link has already been used"
        )
        assert_accessible(phone)
    finally:
        person.close()

    fake_notify.reset()
    closes = assessment.cycle.closes_on
    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(app.config, "SERVICE_URL", live_server)
        result = runner.invoke(
            args=["invitations", "remind", "--today", (closes - timedelta(days=7)).isoformat()]
        )
    assert "2 reminders to people on address lists" in result.output, result.output
    _send(app)
    assert sorted(m.to for m in fake_notify.messages) == sorted(PEOPLE[1:])
    request_log.assert_only_local()
    assert console_errors == []
