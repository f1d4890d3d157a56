"""What makes an acceptable email address and password (pure).

One home for the rules, used by the sign-in and account forms (to tell people at once) and by
``data.users`` (which refuses anything else, whoever calls it: a form, the command line).
"""

from __future__ import annotations

import re

MIN_PASSWORD_LENGTH = 12
MAX_PASSWORD_LENGTH = 256
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")


def normalise_email(email: str) -> str:
    """The stored form of an email address: trimmed and lower case."""
    return email.strip().lower()


def looks_like_email(email: str) -> bool:
    """Whether ``email`` has the shape of an email address (something@domain.tld)."""
    email = email.strip()
    return len(email) <= 254 and _EMAIL.fullmatch(email) is not None


def password_problem(password: str, email: str = "") -> str | None:
    """Why ``password`` is not acceptable (a sentence for the user), or None when it is."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"Password must be {MIN_PASSWORD_LENGTH} characters or more"
    if len(password) > MAX_PASSWORD_LENGTH:
        return f"Password must be {MAX_PASSWORD_LENGTH} characters or fewer"
    if email and password.strip().lower() == normalise_email(email):
        return "Password must not be your email address"
    return None


__all__ = [
    "MAX_PASSWORD_LENGTH",
    "MIN_PASSWORD_LENGTH",
    "looks_like_email",
    "normalise_email",
    "password_problem",
]
