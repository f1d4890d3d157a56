"""Password reset: a signed link that expires, works once, and never tells anyone whether an
account exists. Mail goes through SMTP when configured, otherwise to the log."""

from __future__ import annotations

import logging
import re
import time

import pytest
from itsdangerous import TimestampSigner

from tests.integration.auth.helpers import (
    PASSWORD,
    audit_events,
    main_content,
    make_user,
    sign_in,
    sign_in_with_form,
)

NEW_PASSWORD = "a brand new long passphrase"
LINK = re.compile(r"http://localhost(/account/password-reset/[A-Za-z0-9_.\-]+)")


def _request_reset(client, caplog, email: str):
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="valuedcare.mail"):
        response = client.post("/account/password-reset", data={"email": email})
    links = LINK.findall(caplog.text)
    return response, links


def test_a_reset_link_is_sent_to_an_existing_account(client, db, caplog):
    user = make_user(db, "viewer", email="viewer@example.org")

    response, links = _request_reset(client, caplog, "Viewer@example.org")

    assert response.status_code == 302
    assert response.headers["Location"] == "/account/password-reset/sent"
    assert len(links) == 1
    assert "Email to viewer@example.org" in caplog.text
    assert "within 60 minutes" in caplog.text
    event = audit_events(db, "password_reset_requested")[-1]
    assert event.detail["account_found"] is True and event.target_id == str(user.id)
    assert "viewer@example.org" not in str(event.detail)


def test_the_answer_is_the_same_whether_or_not_the_account_exists(client, db, caplog):
    make_user(db, "viewer", email="viewer@example.org")

    known, known_links = _request_reset(client, caplog, "viewer@example.org")
    known_page = main_content(client.get(known.headers["Location"]).get_data(as_text=True))
    unknown, unknown_links = _request_reset(client, caplog, "nobody@example.org")
    unknown_page = main_content(client.get(unknown.headers["Location"]).get_data(as_text=True))

    assert known.headers["Location"] == unknown.headers["Location"]
    assert known_page.replace("viewer@example.org", "E") == unknown_page.replace(
        "nobody@example.org", "E"
    )
    assert "If nobody@example.org has an account, we have sent a link to it" in unknown_page
    assert unknown_links == [] and len(known_links) == 1
    assert audit_events(db, "password_reset_requested")[-1].detail["account_found"] is False


def test_an_invalid_address_is_an_error_on_the_form(client, db):
    response = client.post("/account/password-reset", data={"email": "not an address"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<title>Error: Reset your password" in page
    assert "Enter an email address in the correct format" in page


def test_following_the_link_sets_a_new_password_and_ends_old_sessions(app, client, db, caplog):
    user = make_user(db, "viewer", email="viewer@example.org")
    elsewhere = app.test_client()
    sign_in(elsewhere, user)
    _, [link] = _request_reset(client, caplog, "viewer@example.org")

    assert "Choose a new password" in client.get(link).get_data(as_text=True)
    response = client.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})

    assert response.status_code == 302 and response.headers["Location"] == "/account/sign-in"
    assert sign_in_with_form(client, "viewer@example.org", PASSWORD).status_code == 200
    assert sign_in_with_form(client, "viewer@example.org", NEW_PASSWORD).status_code == 302
    assert elsewhere.get("/account/").status_code == 302
    assert audit_events(db, "password_reset")[-1].target_id == str(user.id)


def test_a_password_reset_revokes_the_accounts_api_tokens(app, client, db, caplog):
    """Someone who learnt the old password may have made a token: after a reset it gets 401."""
    from valuedcare.data.api_tokens import create_token

    owner = make_user(db, "viewer", email="viewer@example.org")
    other = make_user(db, "viewer", email="other@example.org")
    stolen, _ = create_token(owner.id, "Made with the old password")
    unrelated, _ = create_token(other.id, "Someone else's")
    db.session.commit()
    api = app.test_client()
    assert api.get("/api/v1/cycles", headers={"Authorization": f"Bearer {stolen}"}).status_code == (
        200
    )

    _, [link] = _request_reset(client, caplog, "viewer@example.org")
    client.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})

    refused = api.get("/api/v1/cycles", headers={"Authorization": f"Bearer {stolen}"})
    assert refused.status_code == 401 and refused.mimetype == "application/json"
    kept = api.get("/api/v1/cycles", headers={"Authorization": f"Bearer {unrelated}"})
    assert kept.status_code == 200
    assert audit_events(db, "password_reset")[-1].detail["api_tokens_revoked"] == 1


@pytest.mark.parametrize(
    ("password", "confirm", "message"),
    [
        ("short pass", "short pass", "Password must be 12 characters or more"),
        (NEW_PASSWORD, NEW_PASSWORD + "x", "The passwords do not match"),
        ("viewer@example.org", "viewer@example.org", "Password must not be your email address"),
        ("", "", "Enter a new password"),
    ],
)
def test_an_unacceptable_new_password_is_refused(client, db, caplog, password, confirm, message):
    make_user(db, "viewer", email="viewer@example.org")
    _, [link] = _request_reset(client, caplog, "viewer@example.org")

    response = client.post(link, data={"password": password, "confirm": confirm})

    page = response.get_data(as_text=True)
    assert response.status_code == 200 and message in page and "<title>Error: " in page
    if password:
        assert f'value="{password}"' not in page  # passwords are never echoed back
    assert sign_in_with_form(client, "viewer@example.org", PASSWORD).status_code == 302


def test_a_link_works_only_once(client, db, caplog):
    make_user(db, "viewer", email="viewer@example.org")
    _, [link] = _request_reset(client, caplog, "viewer@example.org")
    client.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})

    again = client.get(link)
    assert again.status_code == 404
    assert "This link has expired" in again.get_data(as_text=True)
    second = client.post(link, data={"password": "yet another passphrase", "confirm": "x"})
    assert second.status_code == 404


def test_a_link_expires_after_an_hour(app, client, db):
    from valuedcare.data.users import make_password_token

    user = make_user(db, "viewer")
    original = TimestampSigner.get_timestamp
    TimestampSigner.get_timestamp = lambda self: int(time.time()) - 3601  # type: ignore[method-assign]
    try:
        old_token = make_password_token(user.id)
    finally:
        TimestampSigner.get_timestamp = original  # type: ignore[method-assign]
    fresh_token = make_password_token(user.id)

    assert client.get(f"/account/password-reset/{old_token}").status_code == 404
    assert client.get(f"/account/password-reset/{fresh_token}").status_code == 200


def test_a_tampered_link_or_one_for_a_deactivated_account_does_not_work(client, db):
    from valuedcare.data.users import make_password_token

    user = make_user(db, "viewer")
    token = make_password_token(user.id)
    assert client.get(f"/account/password-reset/{token}x").status_code == 404
    assert client.get("/account/password-reset/not-a-token").status_code == 404
    user.active = False
    db.session.commit()
    assert client.get(f"/account/password-reset/{token}").status_code == 404
    assert make_password_token(user.id) is None


def test_with_a_mail_server_the_link_is_sent_by_smtp(app, client, db, smtp_server):
    make_user(db, "viewer", email="viewer@example.org")

    client.post("/account/password-reset", data={"email": "viewer@example.org"})

    [message] = smtp_server.to("viewer@example.org")
    assert message["From"] == app.config["MAIL_SENDER"]
    assert message["Subject"].startswith("Reset your password")
    assert LINK.search(message.get_payload(decode=True).decode())


def test_with_only_a_notify_key_the_link_is_sent_through_notify_and_not_stored(
    client, db, fake_notify, caplog
):
    from valuedcare.models import OutboxMessage

    make_user(db, "viewer", email="viewer@example.org")
    with caplog.at_level(logging.INFO):
        client.post("/account/password-reset", data={"email": "viewer@example.org"})
    [message] = fake_notify.messages_to("viewer@example.org")
    link = LINK.search(message.personalisation["link"])
    assert link and message.personalisation["minutes"] == "60"
    assert db.session.query(OutboxMessage).count() == 0, "an account link is never stored"
    assert link.group(1) not in caplog.text
    assert client.get(link.group(1)).status_code == 200


def test_a_revoked_notify_key_is_logged_without_the_link_and_the_answer_is_unchanged(
    app, client, db, fake_notify, caplog, monkeypatch
):
    from tests.fakes.notify import REVOKED_KEY

    monkeypatch.setitem(app.config, "NOTIFY_API_KEY", REVOKED_KEY)
    make_user(db, "viewer", email="viewer@example.org")
    with caplog.at_level(logging.INFO):
        answer = client.post("/account/password-reset", data={"email": "viewer@example.org"})
    assert answer.status_code == 302
    assert fake_notify.messages == []
    assert "The password_reset email was not sent: GOV.UK Notify refused the API key" in (
        caplog.text
    )
    assert "/account/password-reset/" not in caplog.text.replace("POST /account/password-reset", "")
    assert "viewer@example.org" not in caplog.text


def test_in_production_without_a_provider_the_link_is_not_logged(app, db, caplog, monkeypatch):
    from valuedcare import mail

    monkeypatch.setitem(app.config, "ENV_NAME", "production")
    with app.test_request_context(), caplog.at_level(logging.INFO, logger="valuedcare.mail"):
        sent = mail.send_account_email(
            mail.PASSWORD_RESET,
            "a@example.org",
            {"service": "Service", "link": "http://x/secret-link", "minutes": 60},
        )
    assert sent is False
    assert "secret-link" not in caplog.text and "a@example.org" not in caplog.text
    assert "No mail provider is configured" in caplog.text
