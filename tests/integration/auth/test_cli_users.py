"""``flask users create``: the first administrator, from the command line."""

from __future__ import annotations

from sqlalchemy import select

from tests.integration.auth.helpers import audit_events, sign_in_with_form


def _user(db, email: str):
    from valuedcare.models import User

    db.session.expire_all()
    return db.session.scalars(select(User).where(User.email == email)).first()


def test_creates_a_platform_administrator_who_can_sign_in(runner, client, db):
    result = runner.invoke(
        args=[
            "users",
            "create",
            "--email",
            "Admin@Example.org",
            "--role",
            "platform_admin",
            "--name",
            "Ada Admin",
            "--password-stdin",
        ],
        input="a long admin passphrase\n",
    )

    assert result.exit_code == 0, result.output
    assert "Created admin@example.org (platform_admin)." in result.output
    user = _user(db, "admin@example.org")
    assert user.name == "Ada Admin" and user.organisation_id is None
    assert user.password_hash.startswith("$argon2id$")
    assert (
        sign_in_with_form(client, "admin@example.org", "a long admin passphrase").status_code == 302
    )
    event = audit_events(db, "user_created")[-1]
    assert event.target_id == str(user.id) and event.detail["via"] == "command line"


def test_prompts_twice_for_the_password_without_echo(runner, db):
    result = runner.invoke(
        args=["users", "create", "--email", "a@example.org", "--role", "platform_admin"],
        input="a long admin passphrase\na long admin passphrase\n",
    )
    assert result.exit_code == 0, result.output
    assert "a long admin passphrase" not in result.output
    assert "Repeat for confirmation" in result.output


def test_an_organisation_role_needs_a_known_organisation_code(runner, db, factories):
    organisation = factories.organisation(code="RX4")
    db.session.commit()
    base = ["users", "create", "--email", "lead@example.org", "--role", "organisation_admin"]

    missing = runner.invoke(args=base + ["--password-stdin"], input="a long lead passphrase\n")
    unknown = runner.invoke(
        args=base + ["--organisation", "ZZ9", "--password-stdin"], input="a long lead passphrase\n"
    )
    created = runner.invoke(
        args=base + ["--organisation", "rx4", "--password-stdin"], input="a long lead passphrase\n"
    )

    assert missing.exit_code == 1 and "Choose the organisation" in missing.output
    assert unknown.exit_code == 1 and "no organisation with the code 'ZZ9'" in unknown.output
    assert created.exit_code == 0, created.output
    assert _user(db, "lead@example.org").organisation_id == organisation.id


def test_refuses_a_short_password_a_taken_address_and_an_unknown_role(runner, db):
    args = [
        "users",
        "create",
        "--email",
        "a@example.org",
        "--role",
        "platform_admin",
        "--password-stdin",
    ]

    short = runner.invoke(args=args, input="short\n")
    assert short.exit_code == 1 and "Password must be 12 characters or more" in short.output
    assert _user(db, "a@example.org") is None

    assert runner.invoke(args=args, input="a long admin passphrase\n").exit_code == 0
    taken = runner.invoke(args=args, input="another long passphrase\n")
    assert taken.exit_code == 1 and "already exists" in taken.output

    role = runner.invoke(args=["users", "create", "--email", "b@example.org", "--role", "owner"])
    assert role.exit_code == 2 and "'owner' is not one of" in role.output
