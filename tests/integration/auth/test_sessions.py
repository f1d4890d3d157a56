"""Sessions: signing out everywhere, inactivity expiry after 30 minutes, and the header's notice
of when the session will end."""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

import pytest
from itsdangerous import TimestampSigner

from tests.integration.auth.helpers import (
    audit_events,
    make_user,
    sign_in,
    sign_in_with_form,
    stored_session,
)
from valuedcare.auth.navigation import clock_time
from valuedcare.auth.session import SESSION_KEY, parse_session_id


def test_signing_out_everywhere_ends_every_session_of_that_user(app, db):
    user = make_user(db, "viewer", email="viewer@example.org")
    laptop, phone = app.test_client(), app.test_client()
    sign_in_with_form(laptop, "viewer@example.org")
    sign_in_with_form(phone, "viewer@example.org")
    assert phone.get("/account/").status_code == 200

    response = laptop.post("/account/sign-out-everywhere")

    assert response.status_code == 302 and response.headers["Location"] == "/account/signed-out"
    assert phone.get("/account/").status_code == 302
    assert laptop.get("/account/").status_code == 302
    assert audit_events(db, "sign_out_everywhere")[-1].actor_id == user.id
    # Signing in again works and gives a session of the new version.
    sign_in_with_form(phone, "viewer@example.org")
    assert phone.get("/account/").status_code == 200


def test_a_session_of_an_older_version_is_refused(client, db):
    user = make_user(db, "viewer")
    user.session_version = 3
    db.session.commit()
    values = stored_session(user)
    with client.session_transaction() as session:
        session.update(values)
        session["_user_id"] = f"{user.id}:2"
    assert client.get("/account/").status_code == 302
    with client.session_transaction() as session:
        session.update(values)
        session["_user_id"] = f"{user.id}:3"
    assert client.get("/account/").status_code == 200


def _session_cookie_value(client) -> str:
    cookie = client.get_cookie("session")
    assert cookie is not None
    return cookie.value


def _replay(app, cookie: str):
    """A new browser that only has a copy of ``cookie``."""
    thief = app.test_client()
    thief.set_cookie("session", cookie)
    return thief.get("/account/")


def test_a_copied_cookie_is_signed_out_when_its_session_signs_out(app, client, db):
    make_user(db, "viewer", email="viewer@example.org")
    sign_in_with_form(client, "viewer@example.org")
    copied = _session_cookie_value(client)
    assert _replay(app, copied).status_code == 200

    assert client.post("/account/sign-out").status_code == 302

    replayed = _replay(app, copied)
    assert replayed.status_code == 302
    assert replayed.headers["Location"].startswith("/account/sign-in")


def test_signing_out_leaves_the_users_other_sessions_signed_in(app, db):
    make_user(db, "viewer", email="viewer@example.org")
    laptop, phone = app.test_client(), app.test_client()
    sign_in_with_form(laptop, "viewer@example.org")
    sign_in_with_form(phone, "viewer@example.org")

    laptop.post("/account/sign-out")

    assert laptop.get("/account/").status_code == 302
    assert phone.get("/account/").status_code == 200


def test_a_cookie_without_a_stored_session_is_refused(app, client, db):
    """A cookie that names a user but no session started by signing in (forged with a leaked
    key, or signed before sessions were stored) is signed out."""
    user = make_user(db, "viewer")
    with client.session_transaction() as session:
        session["_user_id"] = f"{user.id}:1"
        session["_fresh"] = True
    assert client.get("/account/").status_code == 302
    with client.session_transaction() as session:
        session["_user_id"] = f"{user.id}:1"
        session[SESSION_KEY] = "made-up"
    assert client.get("/account/").status_code == 302


def test_another_users_session_key_does_not_sign_in(app, client, db):
    victim = make_user(db, "viewer")
    attacker = make_user(db, "viewer")
    values = stored_session(attacker)
    with client.session_transaction() as session:
        session.update(values)
        session["_user_id"] = f"{victim.id}:1"
    assert client.get("/account/").status_code == 302


@pytest.mark.parametrize("how", ["deactivation", "password_reset", "role_change"])
def test_copied_cookies_stop_working_when_the_account_changes(app, client, db, how):
    from valuedcare.data import users
    from valuedcare.data.scope import Scope

    user = make_user(db, "viewer", email="viewer@example.org")
    sign_in_with_form(client, "viewer@example.org")
    copied = _session_cookie_value(client)
    admin = Scope(user_id=0, role="platform_admin", organisation_id=None)
    if how == "deactivation":
        users.set_active(admin, user.id, False)
    elif how == "password_reset":
        users.set_password(user.id, "a brand new passphrase")
    else:
        users.change_role(admin, user.id, "board_member")
    db.session.commit()
    assert _replay(app, copied).status_code == 302
    if how == "deactivation":
        users.set_active(admin, user.id, True)
        db.session.commit()
        assert _replay(app, copied).status_code == 302


def test_a_deactivated_users_session_stops_working(client, db):
    user = make_user(db, "viewer")
    sign_in(client, user)
    assert client.get("/account/").status_code == 200
    user.active = False
    db.session.commit()
    assert client.get("/account/").status_code == 302


@pytest.mark.parametrize(
    ("value", "expected"),
    [("7", (7, 1)), ("7:3", (7, 3)), ("x", None), ("7:x", None), ("", None), ("-1:2", None)],
)
def test_session_ids_carry_a_version(value, expected):
    assert parse_session_id(value) == expected


def _session_cookie(app, user, signed_seconds_ago: int) -> str:
    """A session cookie for ``user`` as Flask would have signed it that many seconds ago."""
    key = stored_session(user)[SESSION_KEY]
    serializer = app.session_interface.get_signing_serializer(app)
    past = int(time.time()) - signed_seconds_ago
    original = TimestampSigner.get_timestamp
    TimestampSigner.get_timestamp = lambda self: past  # type: ignore[method-assign]
    try:
        return serializer.dumps(
            {"_user_id": f"{user.id}:1", "_fresh": True, "_permanent": True, SESSION_KEY: key}
        )
    finally:
        TimestampSigner.get_timestamp = original  # type: ignore[method-assign]


def test_a_session_ends_after_30_minutes_without_a_request(app, client, db):
    user = make_user(db, "viewer")

    client.set_cookie("session", _session_cookie(app, user, 29 * 60))
    assert client.get("/account/").status_code == 200

    client.set_cookie("session", _session_cookie(app, user, 31 * 60))
    response = client.get("/account/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/account/sign-in")


def _cookie_expiry(response) -> datetime:
    header = next(h for h in response.headers.getlist("Set-Cookie") if h.startswith("session="))
    return parsedate_to_datetime(re.search(r"Expires=([^;]+)", header)[1])


def test_every_request_renews_the_30_minutes(client, db):
    make_user(db, "viewer", email="viewer@example.org")
    before = datetime.now(UTC).replace(microsecond=0)

    signed_in = sign_in_with_form(client, "viewer@example.org")
    later = client.get("/account/")

    after = datetime.now(UTC) + timedelta(seconds=1)
    for response in (signed_in, later):
        expires = _cookie_expiry(response)
        assert before + timedelta(minutes=30) <= expires <= after + timedelta(minutes=30)
        cookie = next(h for h in response.headers.getlist("Set-Cookie") if h.startswith("session="))
        assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_pages_say_when_the_session_will_end_without_javascript(client, db):
    user = make_user(db, "viewer")
    sign_in(client, user)
    before = datetime.now(UTC) + timedelta(minutes=30)
    page = client.get("/account/").get_data(as_text=True)
    after = datetime.now(UTC) + timedelta(minutes=30)

    notice = re.search(r'id="session-notice"[^>]*>([^<]+)<', page)[1]
    expected = {f"You will be signed out at {clock_time(t)} if inactive" for t in (before, after)}
    assert notice in expected
    assert 'data-session-seconds="1800"' in page
    assert 'data-session-warning-seconds="1500"' in page
    assert '<script src="/account/session-timeout.js" defer></script>' in page


def test_visitors_get_no_session_notice(client, db):
    page = client.get("/").get_data(as_text=True)
    assert "session-notice" not in page and "session-timeout.js" not in page


def test_the_session_timeout_script_is_served_as_javascript(client, db):
    response = client.get("/account/session-timeout.js")
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    script = response.get_data(as_text=True)
    assert "data-session-warning-seconds" in script and "showModal" in script


def test_keeping_the_session_alive_says_when_it_now_ends(client, db):
    assert client.get("/account/session").status_code == 302
    sign_in(client, make_user(db, "viewer"))
    before = datetime.now(UTC) + timedelta(minutes=30)
    data = client.get("/account/session").get_json()
    after = datetime.now(UTC) + timedelta(minutes=30)
    assert before <= datetime.fromisoformat(data["ends_at"]) <= after
    assert data["ends_at_text"] in {clock_time(before), clock_time(after)}


@pytest.mark.parametrize(
    ("moment", "text"),
    [
        (datetime(2027, 1, 15, 9, 0, tzinfo=UTC), "9am"),
        (datetime(2027, 1, 15, 15, 15, tzinfo=UTC), "3:15pm"),
        (datetime(2027, 1, 15, 0, 5, tzinfo=UTC), "12:05am"),
        (datetime(2027, 1, 15, 12, 0, tzinfo=UTC), "12pm"),
        (datetime(2027, 7, 1, 13, 30, tzinfo=UTC), "2:30pm"),  # British Summer Time
    ],
)
def test_clock_times_are_uk_times_in_nhs_style(moment, text):
    assert clock_time(moment) == text
