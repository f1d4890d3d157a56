"""Accounts: creating users, checking passwords, roles, sessions and password-reset tokens.

Password hashes never leave this module: callers get an ``Account`` (a frozen copy of what the rest
of the application may know about a user) or an ORM ``User`` for the administration pages, and
password-reset links are made and checked here because they are bound to the current hash.

Roles (``valuedcare.models.ROLES``): ``platform_admin`` (every organisation), ``organisation_admin``
(their organisation), ``board_member`` and ``viewer``. Only platform administrators have no
organisation. Email addresses are stored in lower case.
"""

from __future__ import annotations

import hashlib

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import func, select

from valuedcare.account_rules import looks_like_email, normalise_email, password_problem
from valuedcare.caching import Rule, memoize
from valuedcare.data.records import Account, SignInOutcome
from valuedcare.data.scope import Scope
from valuedcare.data.user_sessions import end_user_sessions
from valuedcare.extensions import db
from valuedcare.models import ROLES, Organisation, User
from valuedcare.models.base import utcnow

PLATFORM_ADMIN = "platform_admin"
ORGANISATION_ADMIN = "organisation_admin"
BOARD_MEMBER = "board_member"
#: Roles an organisation administrator may give to people in their own organisation.
ORGANISATION_ROLES = ("organisation_admin", "board_member", "viewer")
RUNS_CYCLES = (PLATFORM_ADMIN, ORGANISATION_ADMIN)
"""Roles that read a cycle's report while it is open."""

_hasher = PasswordHasher()


class AccountError(ValueError):
    """A user cannot be created or changed as asked (the message says why, in plain words)."""


def email_fingerprint(email: str) -> str:
    """A truncated SHA-256 of the normalised address (16 hex characters), for the audit log."""
    return hashlib.sha256(normalise_email(email).encode()).hexdigest()[:16]


def hash_password(password: str) -> str:
    """An argon2id hash of ``password``."""
    return _hasher.hash(password)


@memoize("timing-equaliser hash", rule=Rule.DEPLOY, size=1)
def _dummy_hash() -> str:
    return _hasher.hash("not a real password: equalises the time taken for unknown accounts")


def _verify(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _dummy_hash(), password) and bool(password_hash)
    except (VerificationError, InvalidHashError):
        return False


def _to_account(user: User, organisation_name: str | None) -> Account:
    return Account(
        id=user.id,
        email=user.email,
        name=user.name,
        role=user.role,
        organisation_id=user.organisation_id,
        organisation_name=organisation_name,
        active=user.active,
        session_version=user.session_version,
        last_sign_in_at=user.last_sign_in_at,
    )


def _check_role(role: str, organisation_id: int | None) -> None:
    if role not in ROLES:
        raise AccountError(f"Unknown role {role!r}: choose one of {', '.join(ROLES)}")
    if role == PLATFORM_ADMIN and organisation_id is not None:
        raise AccountError("A platform administrator does not belong to an organisation")
    if role != PLATFORM_ADMIN and organisation_id is None:
        raise AccountError("Choose the organisation this person belongs to")


def email_is_taken(email: str) -> bool:
    """Whether an account (active or not) already uses this address."""
    statement = select(User.id).where(User.email == normalise_email(email))
    return db.session.scalar(statement) is not None


def create_user(
    email: str, role: str, organisation_id: int | None, password: str | None, name: str = ""
) -> Account:
    """Add an account and flush; returns the new account.

    ``password`` None creates an account that cannot sign in until a password is set through a
    password link (an invitation). Raises ``AccountError`` for an unknown role, a missing or
    unexpected organisation, an address already in use or an unacceptable password.
    """
    _check_role(role, organisation_id)
    if not looks_like_email(email):
        raise AccountError("Enter an email address in the correct format, like name@example.org")
    if email_is_taken(email):
        raise AccountError("An account with this email address already exists")
    if password is not None:
        problem = password_problem(password, email)
        if problem:
            raise AccountError(problem)
    user = User(
        email=normalise_email(email),
        name=name.strip(),
        role=role,
        organisation_id=organisation_id,
        password_hash=hash_password(password) if password is not None else None,
        active=True,
        session_version=1,
    )
    db.session.add(user)
    db.session.flush()
    return _account_of(user)


def get_account(user_id: int) -> Account | None:
    """The account with this id, with its organisation's name; None when there is none."""
    row = db.session.execute(
        select(User, Organisation.name)
        .outerjoin(Organisation, Organisation.id == User.organisation_id)
        .where(User.id == user_id)
    ).first()
    return _to_account(row[0], row[1]) if row is not None else None


def _user_by_email(email: str) -> User | None:
    statement = select(User).where(User.email == normalise_email(email))
    return db.session.scalars(statement).first()


def authenticate(email: str, password: str) -> SignInOutcome:
    """Check an email address and password; on success record the time of sign-in.

    Unknown accounts take as long as wrong passwords (a dummy hash is checked), so response
    times do not reveal which addresses have accounts. Rehashes when argon2's parameters changed.
    """
    user = _user_by_email(email)
    if user is None:
        _verify(None, password)
        return SignInOutcome(None, "unknown_account")
    if not _verify(user.password_hash, password):
        return SignInOutcome(None, "wrong_password", user.id)
    if not user.active:
        return SignInOutcome(None, "inactive", user.id)
    if _hasher.check_needs_rehash(user.password_hash or ""):
        user.password_hash = hash_password(password)
    user.last_sign_in_at = utcnow()
    db.session.flush()
    return SignInOutcome(get_account(user.id), "ok", user.id)


def _end_sessions(user: User) -> None:
    """End every signed-in session of ``user``: the stored sessions, and (for sessions signed
    before they were stored) the session version."""
    user.session_version = (user.session_version or 1) + 1
    end_user_sessions(user.id)


def end_all_sessions(user_id: int) -> None:
    """Invalidate every session of this user ("sign out everywhere")."""
    user = db.session.get(User, user_id)
    if user is not None:
        _end_sessions(user)


# Password links (reset and invitation) -------------------------------------------------------


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"password-{purpose}")


def _hash_fingerprint(user: User) -> str:
    """Changes whenever the password changes, so a used link stops working."""
    return hashlib.sha256((user.password_hash or "no password").encode()).hexdigest()[:20]


def make_password_token(user_id: int, purpose: str = "reset") -> str | None:
    """A signed, URL-safe token letting the holder set this user's password once.

    ``purpose`` is "reset" or "invitation" (each is checked with its own salt). None when the user
    does not exist or is inactive.
    """
    user = db.session.get(User, user_id)
    if user is None or not user.active:
        return None
    return _serializer(purpose).dumps({"u": user.id, "h": _hash_fingerprint(user)})


def read_password_token(token: str, max_age: int, purpose: str = "reset") -> Account | None:
    """The account a password token was made for, if it is genuine, younger than ``max_age``
    seconds and not yet used (the password has not changed since); otherwise None."""
    try:
        payload = _serializer(purpose).loads(token, max_age=max_age)
    except BadSignature:
        return None
    if not isinstance(payload, dict) or not isinstance(payload.get("u"), int):
        return None
    user = db.session.get(User, payload["u"])
    if user is None or not user.active or payload.get("h") != _hash_fingerprint(user):
        return None
    return get_account(user.id)


def set_password(user_id: int, password: str) -> None:
    """Store a new password and end every existing session. Raises ``AccountError`` when the
    password is not acceptable."""
    user = db.session.get(User, user_id)
    if user is None:
        raise AccountError("There is no such account")
    problem = password_problem(password, user.email)
    if problem:
        raise AccountError(problem)
    user.password_hash = hash_password(password)
    _end_sessions(user)


def find_active_user_id(email: str) -> int | None:
    """The id of the active account with this address, or None."""
    user = _user_by_email(email)
    return user.id if user is not None and user.active else None


# Administration -------------------------------------------------------------------------------


def _managed_users(scope: Scope):
    """Users this scope may manage: every user for a platform administrator; the organisation's
    users (never platform administrators) for an organisation administrator; nobody else."""
    statement = select(User)
    if scope.is_platform_admin:
        return statement
    if scope.role != ORGANISATION_ADMIN or scope.organisation_id is None:
        return statement.where(User.id.is_(None))
    return statement.where(
        User.organisation_id == scope.organisation_id, User.role != PLATFORM_ADMIN
    )


def list_users(scope: Scope) -> list[tuple[Account, str | None]]:
    """(user, organisation name) for every user the scope may manage, by organisation then name."""
    statement = (
        _managed_users(scope)
        .add_columns(Organisation.name)
        .outerjoin(Organisation, Organisation.id == User.organisation_id)
        .order_by(Organisation.name.is_(None).desc(), Organisation.name, func.lower(User.name))
    )
    return [(_to_account(row[0], row[1]), row[1]) for row in db.session.execute(statement).all()]


def get_user(scope: Scope, user_id: int) -> Account | None:
    """The user with this id when the scope may manage them; otherwise None."""
    user = _managed_row(scope, user_id)
    return None if user is None else _account_of(user)


def _managed_row(scope: Scope, user_id: int) -> User | None:
    return db.session.scalars(_managed_users(scope).where(User.id == user_id)).first()


def _account_of(user: User) -> Account:
    return _to_account(user, user.organisation.name if user.organisation is not None else None)


def assignable_roles(scope: Scope) -> tuple[str, ...]:
    """The roles this scope may give: all of them for a platform administrator."""
    if scope.is_platform_admin:
        return ROLES
    return ORGANISATION_ROLES if scope.role == ORGANISATION_ADMIN else ()


def change_role(scope: Scope, user_id: int, role: str) -> tuple[str, str] | None:
    """Give a managed user another role; returns (old role, new role), or None when the scope
    may not manage them. Moving a user to or from platform administrator is not done here
    (their organisation would change): raises ``AccountError``. Ends the user's sessions."""
    user = _managed_row(scope, user_id)
    if user is None:
        return None
    if role not in assignable_roles(scope):
        raise AccountError("You cannot give this role")
    if PLATFORM_ADMIN in (role, user.role) and role != user.role:
        raise AccountError("Create a separate account for a platform administrator")
    old = user.role
    if old != role:
        user.role = role
        _end_sessions(user)
    return old, role


def set_active(scope: Scope, user_id: int, active: bool) -> Account | None:
    """Deactivate (ending every session) or reactivate a managed user; None if not managed."""
    user = _managed_row(scope, user_id)
    if user is None:
        return None
    if user.active != active:
        user.active = active
        _end_sessions(user)
    return _account_of(user)


def can_view_reports(scope: Scope, cycle_is_open: bool) -> bool:
    """Whether this scope's role may read its organisation's report for a cycle.

    One rule (the README's roles table): while a cycle is open its report is a working document
    for the people running it (improvement leads and platform administrators); viewers and board
    members read it once the cycle has closed, all at the same time.
    """
    if scope.role not in ROLES:
        return False
    return not cycle_is_open or scope.role in RUNS_CYCLES
