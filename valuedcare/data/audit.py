"""The audit log: who did what and when.

``record(...)`` is called for sign-ins and failed sign-ins, role and account changes, cycle
changes, organisation changes, submissions, exports and deletions. It adds one ``AuditEvent`` and
flushes (the request's single commit keeps it; a failed request rolls it back with the change it
describes).

What is never recorded: answer content (values, comments, free text), passwords, tokens, resume
codes, email addresses of people who failed to sign in (a truncated SHA-256 instead), and anything
that could identify an anonymous respondent. ``record`` refuses detail keys that suggest any of
these, and keeps only short scalar values.

Actions recorded by this part of the application: sign_in, sign_in_failed, sign_out,
sign_out_everywhere, password_reset_requested, password_reset, user_created, user_invited,
role_changed, user_deactivated, user_reactivated, organisation_created, organisation_updated,
cycle_created, cycle_opened, cycle_closed, cycle_reopened. Other parts record submission, export
and deletion events with their own action names.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy import func, select

from valuedcare.data import transaction
from valuedcare.data.records import AuditPage, AuditRow
from valuedcare.extensions import db
from valuedcare.models import AuditEvent, Organisation

#: Detail keys that would carry answer content, secrets or identifying data.
FORBIDDEN_DETAIL_KEYS = frozenset(
    {
        "answer",
        "answers",
        "comment",
        "comments",
        "value",
        "values",
        "free_text",
        "text",
        "password",
        "password_hash",
        "token",
        "resume_code",
        "email",
        "ip",
        "ip_address",
        "user_agent",
    }
)
MAX_DETAIL_TEXT = 300
PER_PAGE = 50

Scalar = str | int | float | bool | None


def _clean_value(key: str, value: Any) -> Scalar | list[Scalar]:
    if isinstance(value, list | tuple):
        return [_clean_scalar(key, each) for each in value][:20]
    return _clean_scalar(key, value)


def _clean_scalar(key: str, value: Any) -> Scalar:
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, str):
        return value[:MAX_DETAIL_TEXT]
    raise TypeError(f"audit detail {key!r} must be a short scalar, not {type(value).__name__}")


def clean_detail(detail: Mapping[str, Any]) -> dict[str, Any]:
    """The detail as stored: short scalars only. Raises ``ValueError`` for a forbidden key (answer
    content, secrets, identifying data) and ``TypeError`` for a nested or unknown value."""
    cleaned: dict[str, Any] = {}
    for key, value in detail.items():
        if key.lower() in FORBIDDEN_DETAIL_KEYS:
            raise ValueError(f"the audit log never records {key!r}")
        cleaned[key] = _clean_value(key, value)
    return cleaned


def _current_actor() -> Any:
    """The signed-in user of the current request, if any."""
    try:
        from flask_login import current_user
    except ImportError:  # pragma: no cover - Flask-Login is a dependency
        return None
    try:
        return current_user if current_user.is_authenticated else None
    except (AttributeError, RuntimeError):  # outside a request or without a user loader
        return None


def record(
    action: str,
    *,
    actor: Any = None,
    actor_id: int | None = None,
    organisation_id: int | None = None,
    target_type: str | None = None,
    target_id: str | int | None = None,
    detail: Mapping[str, Any] | None = None,
    **fields: Any,
) -> None:
    """Add an audit event and flush.

    ``actor``: the user who acted (anything with ``id`` and ``email``); by default the signed-in
    user of the current request, or nobody (an anonymous respondent or the system). ``actor_id``
    alone may be given instead. ``detail`` and any further keyword arguments are merged into
    the event's detail (short scalars only; see ``clean_detail``).
    """
    actor = actor if actor is not None else (None if actor_id else _current_actor())
    merged = {
        key: value
        for key, value in clean_detail({**(detail or {}), **fields}).items()
        if value is not None
    }
    event = AuditEvent(
        action=action[:64],
        actor_id=getattr(actor, "id", None) or actor_id,
        actor_label=(getattr(actor, "email", None) or "")[:254],
        organisation_id=organisation_id,
        target_type=target_type,
        target_id=None if target_id is None else str(target_id)[:64],
        detail=merged,
    )
    db.session.add(event)
    db.session.flush()


def list_actions() -> list[str]:
    """Every action name recorded so far, alphabetically (for the filter)."""
    statement = select(AuditEvent.action).distinct().order_by(AuditEvent.action)
    return list(db.session.scalars(statement))


def list_events(page: int = 1, action: str | None = None, per_page: int = PER_PAGE) -> AuditPage:
    """A page of events, newest first, optionally only one action. Platform administrators only:
    the caller checks the role. A page past the end gives the last page."""
    base = select(AuditEvent, Organisation.name).outerjoin(
        Organisation, Organisation.id == AuditEvent.organisation_id
    )
    count = select(func.count(AuditEvent.id))
    if action:
        base = base.where(AuditEvent.action == action)
        count = count.where(AuditEvent.action == action)
    total = db.session.scalar(count) or 0
    pages = max(1, -(-total // per_page))
    page = min(max(1, page), pages)
    statement = (
        base.order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        .limit(per_page)
        .offset((page - 1) * per_page)
    )
    rows = [
        AuditRow(
            id=event.id,
            at=event.at,
            actor_label=event.actor_label,
            action=event.action,
            organisation_name=name,
            target_type=event.target_type,
            target_id=event.target_id,
            detail=dict(event.detail or {}),
        )
        for event, name in db.session.execute(statement).all()
    ]
    return AuditPage(rows=rows, page=page, pages=pages, total=total)


def record_refusal(action: str, **arguments: Any) -> None:
    """Record a refused request and commit it at once.

    A refused request answers 4xx, and the request's single commit is skipped for those; the
    refusal itself must still be kept. Call this before anything else in the request changes.
    """
    transaction.rollback()
    record(action, **arguments)
    transaction.commit_now()
