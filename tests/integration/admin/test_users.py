"""User administration: invitations, roles and deactivation. Platform administrators manage
everyone; organisation administrators only their own organisation's users."""

from __future__ import annotations

import logging
import re

import pytest
from sqlalchemy import select

from tests.integration.auth.helpers import (
    audit_events,
    main_content,
    make_user,
    sign_in,
    sign_in_with_form,
)

LINK = re.compile(r"http://localhost(/account/password-reset/[A-Za-z0-9_.\-]+)")


def _user(db, email: str):
    from valuedcare.models import User

    db.session.expire_all()
    return db.session.scalars(select(User).where(User.email == email)).first()


def test_a_platform_administrator_invites_someone_who_then_chooses_a_password(
    app, client, db, factories, platform_admin, caplog
):
    organisation = factories.organisation(name="Invite Trust (fictional)")
    db.session.commit()
    with caplog.at_level(logging.INFO, logger="valuedcare.mail"):
        response = client.post(
            "/admin/users/new",
            data={
                "email": "New.Member@example.org",
                "name": "Nia Member",
                "role": "board_member",
                "organisation_id": str(organisation.id),
            },
        )

    assert response.status_code == 302 and response.headers["Location"] == "/admin/users"
    invited = _user(db, "new.member@example.org")
    assert invited.role == "board_member" and invited.organisation_id == organisation.id
    assert invited.password_hash is None
    assert "Ada Admin has given you an account" in caplog.text
    event = audit_events(db, "user_invited")[-1]
    assert event.target_id == str(invited.id) and event.detail == {"role": "board_member"}

    [link] = LINK.findall(caplog.text)
    newcomer = app.test_client()
    password = "my own long passphrase"
    newcomer.post(link, data={"password": password, "confirm": password})
    assert sign_in_with_form(newcomer, "new.member@example.org", password).status_code == 302


def test_a_platform_administrator_is_invited_without_an_organisation(client, db, platform_admin):
    response = client.post(
        "/admin/users/new",
        data={"email": "second@example.org", "role": "platform_admin", "organisation_id": "0"},
    )
    assert response.status_code == 302
    assert _user(db, "second@example.org").organisation_id is None


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"email": "", "role": "viewer"}, "Enter the email address"),
        ({"email": "nope", "role": "viewer"}, "Enter an email address in the correct format"),
        ({"email": "x@example.org", "role": ""}, "Select a role"),
        ({"email": "x@example.org", "role": "viewer", "organisation_id": "0"}, "Choose the org"),
        ({"email": "admin@example.org", "role": "platform_admin"}, "already exists"),
    ],
)
def test_an_invitation_with_a_problem_is_shown_again(client, db, platform_admin, data, message):
    response = client.post("/admin/users/new", data=data)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "<title>Error: Invite someone" in page
    assert message in page


def test_an_organisation_administrator_sees_only_their_own_organisations_users(
    client, db, factories, home, lead
):
    colleague = make_user(db, "viewer", home, email="colleague@example.org")
    stranger = make_user(db, "viewer", factories.organisation(), email="stranger@example.org")
    admin = make_user(db, "platform_admin", email="root@example.org")

    page = main_content(client.get("/admin/users").get_data(as_text=True))

    assert "colleague@example.org" in page and "lead@example.org" in page
    assert "stranger@example.org" not in page and "root@example.org" not in page
    assert client.get(f"/admin/users/{colleague.id}").status_code == 200
    for user in (stranger, admin):
        assert client.get(f"/admin/users/{user.id}").status_code == 404
        assert client.post(f"/admin/users/{user.id}", data={"role": "viewer"}).status_code == 404
        assert client.post(f"/admin/users/{user.id}/deactivate").status_code == 404
    assert _user(db, "stranger@example.org").active is True


def test_an_organisation_administrator_invites_only_into_their_own_organisation(
    client, db, factories, home, lead
):
    other = factories.organisation()
    db.session.commit()
    form = client.get("/admin/users/new").get_data(as_text=True)
    assert 'value="platform_admin"' not in form and 'name="organisation_id"' not in form

    client.post(
        "/admin/users/new",
        data={"email": "b@example.org", "role": "board_member", "organisation_id": str(other.id)},
    )
    refused = client.post(
        "/admin/users/new", data={"email": "p@example.org", "role": "platform_admin"}
    )

    assert _user(db, "b@example.org").organisation_id == home.id
    assert refused.status_code == 200 and "Select one of the roles shown" in refused.get_data(
        as_text=True
    )
    assert _user(db, "p@example.org") is None


def test_changing_a_role_is_recorded_and_signs_the_user_out(app, client, db, home, lead):
    colleague = make_user(db, "viewer", home, email="colleague@example.org")
    their_browser = app.test_client()
    sign_in(their_browser, colleague)

    response = client.post(f"/admin/users/{colleague.id}", data={"role": "board_member"})

    assert response.status_code == 302
    assert _user(db, "colleague@example.org").role == "board_member"
    event = audit_events(db, "role_changed")[-1]
    assert event.actor_id == lead.id and event.organisation_id == home.id
    assert event.detail == {"old_role": "viewer", "new_role": "board_member"}
    assert their_browser.get("/account/").status_code == 302


def test_deactivating_stops_sign_in_and_reactivating_allows_it(app, client, db, home, lead):
    colleague = make_user(db, "viewer", home, email="colleague@example.org")
    their_browser = app.test_client()
    sign_in(their_browser, colleague)

    client.post(f"/admin/users/{colleague.id}/deactivate")

    assert _user(db, "colleague@example.org").active is False
    assert their_browser.get("/account/").status_code == 302
    assert sign_in_with_form(their_browser, "colleague@example.org").status_code == 200
    client.post(f"/admin/users/{colleague.id}/reactivate")
    assert sign_in_with_form(their_browser, "colleague@example.org").status_code == 302
    actions = [event.action for event in audit_events(db) if event.action.startswith("user_")]
    assert actions == ["user_deactivated", "user_reactivated"]


def test_nobody_changes_their_own_role_or_deactivates_themselves(client, db, lead):
    page = client.get(f"/admin/users/{lead.id}").get_data(as_text=True)
    assert "You cannot change your own role" in page

    client.post(f"/admin/users/{lead.id}", data={"role": "viewer"})
    client.post(f"/admin/users/{lead.id}/deactivate")

    user = _user(db, "lead@example.org")
    assert user.role == "organisation_admin" and user.active is True
    assert not audit_events(db, "role_changed") and not audit_events(db, "user_deactivated")


def test_a_platform_administrators_role_is_not_changed_here(client, db, platform_admin):
    other_admin = make_user(db, "platform_admin", email="other@example.org")
    response = client.post(f"/admin/users/{other_admin.id}", data={"role": "viewer"})
    assert "Create a separate account for a platform administrator" in response.get_data(
        as_text=True
    )
    assert _user(db, "other@example.org").role == "platform_admin"


@pytest.mark.parametrize("role", ["board_member", "viewer"])
def test_board_members_and_viewers_cannot_manage_users(client, db, home, role):
    user = make_user(db, role, home)
    sign_in(client, user)
    assert client.get("/admin/users").status_code == 403
    assert client.post("/admin/users/new", data={"email": "x@example.org"}).status_code == 403
    assert (
        client.post(f"/admin/users/{user.id}", data={"role": "organisation_admin"}).status_code
        == 403
    )
    assert _user(db, user.email).role == role
