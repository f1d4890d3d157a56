"""The account rules in the data layer: who may have which role, what a password must be, who
manages whom and who may read reports."""

from __future__ import annotations

import pytest

from tests.integration.auth.helpers import make_user
from valuedcare.account_rules import password_problem
from valuedcare.data import users
from valuedcare.data.scope import Scope


def test_create_user_refuses_impossible_accounts(db, factories):
    organisation = factories.organisation()
    cases = [
        (("a@example.org", "owner", organisation.id, None), "Unknown role"),
        (("a@example.org", "platform_admin", organisation.id, None), "does not belong"),
        (("a@example.org", "viewer", None, None), "Choose the organisation"),
        (("not-an-address", "viewer", organisation.id, None), "correct format"),
        (("a@example.org", "viewer", organisation.id, "too short"), "12 characters or more"),
    ]
    for arguments, message in cases:
        with pytest.raises(users.AccountError, match=message):
            users.create_user(*arguments)


def test_an_invited_account_has_no_password_and_cannot_sign_in(db, factories):
    organisation = factories.organisation()
    user = users.create_user("Board@Example.org", "board_member", organisation.id, None, name=" B ")
    assert user.email == "board@example.org" and user.name == "B"
    from valuedcare.models import User

    assert db.session.get(User, user.id).password_hash is None
    assert user.active and user.session_version == 1
    outcome = users.authenticate("board@example.org", "")
    assert outcome.account is None and outcome.reason == "wrong_password"


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("x" * 11, "Password must be 12 characters or more"),
        ("x" * 12, None),
        ("x" * 257, "Password must be 256 characters or fewer"),
        ("Me@Example.org", "Password must not be your email address"),
    ],
)
def test_password_rules(password, problem):
    assert password_problem(password, "me@example.org") == problem


def test_organisation_admins_manage_only_their_own_organisations_non_admin_users(db, factories):
    home, other = factories.organisation(), factories.organisation()
    lead = make_user(db, "organisation_admin", home)
    colleague = make_user(db, "viewer", home)
    stranger = make_user(db, "viewer", other)
    admin = make_user(db, "platform_admin")
    scope = Scope(user_id=lead.id, role="organisation_admin", organisation_id=home.id)

    managed = {user.id for user, _ in users.list_users(scope)}

    assert managed == {lead.id, colleague.id}
    assert users.get_user(scope, stranger.id) is None and users.get_user(scope, admin.id) is None
    assert users.change_role(scope, stranger.id, "board_member") is None
    assert users.set_active(scope, stranger.id, False) is None
    assert users.assignable_roles(scope) == ("organisation_admin", "board_member", "viewer")
    with pytest.raises(users.AccountError):
        users.change_role(scope, colleague.id, "platform_admin")
    viewer_scope = Scope(user_id=colleague.id, role="viewer", organisation_id=home.id)
    assert users.list_users(viewer_scope) == [] and users.assignable_roles(viewer_scope) == ()


def test_a_role_change_ends_the_users_sessions(db, factories):
    organisation = factories.organisation()
    colleague = make_user(db, "viewer", organisation)
    admin_scope = Scope(user_id=None, role="platform_admin", organisation_id=None)

    assert users.change_role(admin_scope, colleague.id, "board_member") == (
        "viewer",
        "board_member",
    )
    assert colleague.session_version == 2
    assert users.change_role(admin_scope, colleague.id, "board_member") == (
        "board_member",
        "board_member",
    )
    assert colleague.session_version == 2  # no change, sessions kept


@pytest.mark.parametrize(
    ("role", "cycle_is_open", "allowed"),
    [
        ("platform_admin", True, True),
        ("organisation_admin", True, True),
        ("viewer", True, False),
        ("viewer", False, True),
        ("board_member", True, False),
        ("board_member", False, True),
        ("none", False, False),
    ],
)
def test_who_may_read_reports(role, cycle_is_open, allowed):
    scope = Scope(user_id=1, role=role, organisation_id=1)
    assert users.can_view_reports(scope, cycle_is_open) is allowed


def test_email_fingerprints_are_truncated_sha256_of_the_normalised_address():
    import hashlib

    expected = hashlib.sha256(b"someone@example.org").hexdigest()[:16]
    assert users.email_fingerprint(" SomeOne@Example.org ") == expected
