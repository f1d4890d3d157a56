"""Accounts for tests: users with real passwords, signed in through the sign-in form or the
session cookie, and a look at the audit log."""

from __future__ import annotations

from typing import Any

PASSWORD = "correct horse battery staple"


def make_user(
    db: Any,
    role: str = "viewer",
    organisation: Any = None,
    *,
    email: str | None = None,
    name: str = "",
    password: str | None = PASSWORD,
) -> Any:
    """A committed user made by ``create_user`` (argon2 password hash and all). A user other than
    a platform administrator without an ``organisation`` gets a new organisation of their own."""
    from valuedcare.data.users import create_user
    from valuedcare.models import Organisation, User

    if organisation is None and role != "platform_admin":
        number = make_user.counter
        organisation = Organisation(
            code=f"ACC{number:04d}",
            name=f"Account Trust {number}",
            region="London",
            peer_group="Mental health trust",
        )
        db.session.add(organisation)
        db.session.flush()

    email = email or f"{role}.{make_user.counter}@example.org"
    make_user.counter += 1
    account = create_user(
        email, role, organisation.id if organisation is not None else None, password, name=name
    )
    db.session.commit()
    return db.session.get(User, account.id)  # the stored row, for tests that look inside it


make_user.counter = 1  # type: ignore[attr-defined]


def sign_in_with_form(client: Any, email: str, password: str = PASSWORD, **query: str) -> Any:
    """POST the sign-in form (CSRF is off in the test configuration); returns the response."""
    url = "/account/sign-in"
    if query:
        url += "?" + "&".join(f"{key}={value}" for key, value in query.items())
    return client.post(url, data={"email": email, "password": password})


def stored_session(user: Any) -> dict[str, str]:
    """Start a stored (server-side) session for ``user`` and commit; returns the cookie's values
    that sign them in, as signing in through the form would."""
    from valuedcare.auth.session import SESSION_KEY
    from valuedcare.data.user_sessions import start_session
    from valuedcare.extensions import db

    key = start_session(user.id)
    db.session.commit()
    return {"_user_id": f"{user.id}:{user.session_version or 1}", SESSION_KEY: key}


def sign_in(client: Any, user: Any) -> None:
    """Put ``user``'s signed-in session straight into the test client's cookie."""
    values = stored_session(user)
    with client.session_transaction() as session:
        session.update(values)
        session["_fresh"] = True
        session.permanent = True


def audit_events(db: Any, action: str | None = None) -> list[Any]:
    """Audit events, oldest first, optionally of one action."""
    from sqlalchemy import select

    from valuedcare.models import AuditEvent

    statement = select(AuditEvent).order_by(AuditEvent.id)
    if action:
        statement = statement.where(AuditEvent.action == action)
    db.session.expire_all()
    return list(db.session.scalars(statement))


def main_content(html: str) -> str:
    """The page's <main> element only."""
    return html[html.index("<main") : html.index("</main>")]
