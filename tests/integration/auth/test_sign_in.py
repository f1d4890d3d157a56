"""Signing in and out: the right person gets in, nobody learns which accounts exist, and every
attempt is in the audit log without the address or the password."""

from __future__ import annotations

import hashlib
import json

import pytest

from tests.integration.auth.helpers import (
    PASSWORD,
    audit_events,
    main_content,
    make_user,
    sign_in_with_form,
)


def test_a_user_signs_in_and_reaches_their_areas(client, db, factories):
    organisation = factories.organisation(name="Northfield Trust (fictional)")
    user = make_user(db, "viewer", organisation, email="viewer@example.org", name="Vic Viewer")

    response = sign_in_with_form(client, "viewer@example.org")

    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    page = client.get("/").get_data(as_text=True)
    assert "Your areas" in page and "Vic Viewer" in page and "Northfield Trust" in page
    event = audit_events(db, "sign_in")[-1]
    assert event.actor_id == user.id and event.actor_label == "viewer@example.org"
    assert event.organisation_id == organisation.id
    db.session.refresh(user)
    assert user.last_sign_in_at is not None


def test_email_addresses_are_not_case_sensitive(client, db):
    make_user(db, "platform_admin", email="admin@example.org")
    assert sign_in_with_form(client, "  Admin@Example.ORG ").status_code == 302


def _form_error_page(response) -> str:
    """The main content with the echoed email value removed (it differs between attempts)."""
    html = main_content(response.get_data(as_text=True))
    return "".join(part.split('"', 1)[-1] for part in html.split('value="'))


def test_wrong_password_unknown_account_and_inactive_account_look_the_same(client, db):
    make_user(db, "viewer", email="known@example.org")
    inactive = make_user(db, "viewer", email="gone@example.org")
    inactive.active = False
    db.session.commit()

    wrong = sign_in_with_form(client, "known@example.org", "not the password at all")
    unknown = sign_in_with_form(client, "nobody@example.org", "not the password at all")
    gone = sign_in_with_form(client, "gone@example.org", PASSWORD)

    for response in (wrong, unknown, gone):
        assert response.status_code == 200
        page = response.get_data(as_text=True)
        assert "<title>Error: Sign in" in page
        assert "Enter a correct email address and password" in page
        assert 'href="#email"' in page
    assert _form_error_page(wrong) == _form_error_page(unknown) == _form_error_page(gone)
    assert client.get("/account/").status_code == 302


def test_failed_sign_ins_record_a_hash_of_the_address_and_never_the_password(client, db):
    user = make_user(db, "viewer", email="known@example.org")

    sign_in_with_form(client, "Known@example.org", "a wrong secret value")
    sign_in_with_form(client, "stranger@example.org", "another wrong secret")

    failed = audit_events(db, "sign_in_failed")
    assert [event.detail["reason"] for event in failed] == ["wrong_password", "unknown_account"]
    expected = hashlib.sha256(b"known@example.org").hexdigest()[:16]
    assert failed[0].detail["email_hash"] == expected
    assert failed[0].target_id == str(user.id) and failed[1].target_id is None
    stored = json.dumps([[e.actor_label, e.detail, e.target_id] for e in audit_events(db)])
    for secret in ("known@example.org", "stranger@example.org", "wrong secret", "Known@"):
        assert secret not in stored
    assert all(event.actor_id is None for event in failed)


def test_the_password_hash_is_argon2id_and_not_the_password(db):
    user = make_user(db, "viewer")
    assert user.password_hash.startswith("$argon2id$")
    assert PASSWORD not in user.password_hash


def test_a_page_that_needs_signing_in_sends_visitors_to_sign_in_and_back(client, db):
    make_user(db, "platform_admin", email="admin@example.org")

    response = client.get("/admin/cycles")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/account/sign-in?next=")

    signed_in = sign_in_with_form(client, "admin@example.org", next="/admin/cycles")
    assert signed_in.headers["Location"] == "/admin/cycles"


@pytest.mark.parametrize(
    "target",
    ["https://evil.example/", "//evil.example/path", "/\\evil.example", "javascript:alert(1)"],
)
def test_sign_in_never_redirects_to_another_site(client, db, target):
    make_user(db, "viewer", email="viewer@example.org")
    response = client.post(
        "/account/sign-in",
        query_string={"next": target},
        data={"email": "viewer@example.org", "password": PASSWORD},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_signing_out_ends_the_session_and_is_recorded(client, db):
    user = make_user(db, "viewer", email="viewer@example.org")
    sign_in_with_form(client, "viewer@example.org")
    assert client.get("/account/").status_code == 200

    response = client.post("/account/sign-out")

    assert response.status_code == 302 and response.headers["Location"] == "/account/signed-out"
    assert "You have signed out" in client.get("/account/signed-out").get_data(as_text=True)
    assert client.get("/account/").status_code == 302
    assert audit_events(db, "sign_out")[-1].actor_id == user.id


def test_signing_out_needs_a_post(client, db):
    make_user(db, "viewer", email="viewer@example.org")
    sign_in_with_form(client, "viewer@example.org")
    assert client.get("/account/sign-out").status_code == 405
    assert client.get("/account/").status_code == 200


def test_a_signed_in_user_visiting_sign_in_goes_home(client, db):
    make_user(db, "viewer", email="viewer@example.org")
    sign_in_with_form(client, "viewer@example.org")
    response = client.get("/account/sign-in")
    assert response.status_code == 302 and response.headers["Location"] == "/"


def test_the_sign_in_page_explains_an_inactivity_sign_out(client, db):
    page = client.get("/account/sign-in?expired=1").get_data(as_text=True)
    assert "You were signed out because you did nothing for 30 minutes" in page
    assert "did nothing" not in client.get("/account/sign-in").get_data(as_text=True)


def test_the_start_page_invites_visitors_to_sign_in_and_links_areas_by_role(client, db, factories):
    visitor = client.get("/").get_data(as_text=True)
    assert 'href="/account/sign-in"' in visitor and "Your areas" not in visitor

    organisation = factories.organisation()
    make_user(db, "organisation_admin", organisation, email="lead@example.org")
    sign_in_with_form(client, "lead@example.org")
    lead = main_content(client.get("/").get_data(as_text=True))
    assert 'href="/reports/"' in lead and 'href="/admin/users"' in lead
    assert 'href="/admin/"' not in lead


def test_a_platform_administrator_sees_the_administration_area(client, db):
    make_user(db, "platform_admin", email="admin@example.org")
    sign_in_with_form(client, "admin@example.org")
    page = main_content(client.get("/").get_data(as_text=True))
    assert 'href="/admin/"' in page and "All organisations" in page


def test_a_failed_sign_in_keeps_the_address_and_never_shows_the_password(client, db):
    make_user(db, "viewer", email="viewer@example.org")

    page = client.post(
        "/account/sign-in", data={"email": "viewer@example.org", "password": "a wrong guess 123"}
    ).get_data(as_text=True)

    assert 'type="password"' in page and 'type="email"' in page
    assert "a wrong guess 123" not in page
    assert 'value="viewer@example.org"' in page
