"""Signing in and out, and password links: the steps behind the auth routes.

Everything a user is told is the same whether or not an account exists (no account enumeration);
the audit log records what actually happened, with a hash of the email address instead of the
address when nobody signed in.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import current_app, url_for

from valuedcare import mail
from valuedcare.account_rules import normalise_email
from valuedcare.auth.session import SignedInUser
from valuedcare.data import api_tokens, audit, users


def sign_in(email: str, password: str) -> SignedInUser | None:
    """Check the credentials and record the attempt; returns the user on success."""
    outcome = users.authenticate(email, password)
    if outcome.account is None:
        audit.record(
            "sign_in_failed",
            actor_id=None,
            target_type="user" if outcome.user_id else None,
            target_id=outcome.user_id,
            email_hash=users.email_fingerprint(email),
            reason=outcome.reason,
        )
        return None
    user = SignedInUser.from_account(outcome.account)
    audit.record(
        "sign_in",
        actor=user,
        organisation_id=user.organisation_id,
        target_type="user",
        target_id=user.id,
    )
    return user


def sign_out_everywhere(user: SignedInUser) -> None:
    """End every session of ``user`` (this one included) and record it."""
    users.end_all_sessions(user.id)
    audit.record(
        "sign_out_everywhere",
        actor=user,
        organisation_id=user.organisation_id,
        target_type="user",
        target_id=user.id,
    )


def reset_max_age() -> int:
    return int(current_app.config.get("PASSWORD_RESET_MAX_AGE", 3600))


def invitation_max_age() -> int:
    return int(current_app.config.get("INVITATION_MAX_AGE", 7 * 24 * 3600))


def request_password_reset(email: str) -> None:
    """Email a reset link when an active account has this address; otherwise send nothing.

    Either way the attempt is recorded (with a hash of the address) and the caller tells the user
    the same thing.
    """
    user_id = users.find_active_user_id(email)
    token = users.make_password_token(user_id) if user_id is not None else None
    audit.record(
        "password_reset_requested",
        actor_id=None,
        target_type="user" if user_id else None,
        target_id=user_id,
        email_hash=users.email_fingerprint(email),
        account_found=token is not None,
    )
    if token is None:
        return
    link = url_for("auth.reset_password", token=token, _external=True)
    minutes = reset_max_age() // 60
    service = current_app.config.get("SERVICE_NAME", "Valued care self-assessment")
    mail.send_account_email(
        mail.PASSWORD_RESET,
        normalise_email(email),
        {"service": service, "link": link, "minutes": minutes},
    )


def account_for_token(token: str) -> users.Account | None:
    """The account a reset or invitation link was made for, while the link is valid."""
    return users.read_password_token(token, reset_max_age(), "reset") or users.read_password_token(
        token, invitation_max_age(), "invitation"
    )


def reset_password(account: users.Account, password: str) -> None:
    """Set the new password, ending every session and revoking every API token (whoever had the
    old password may have made one), and record it."""
    users.set_password(account.id, password)
    revoked = api_tokens.revoke_all_tokens(account.id)
    audit.record(
        "password_reset",
        actor=account,
        organisation_id=account.organisation_id,
        target_type="user",
        target_id=account.id,
        api_tokens_revoked=revoked,
    )


def safe_next_url(target: str | None) -> str | None:
    """``target`` when it is a path on this site (never another host); otherwise None."""
    if not target:
        return None
    target = target.strip()
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    if "\\" in target or any(ord(char) < 32 for char in target):
        return None
    return target
