"""The outbox: messages queued in the same transaction as what caused them.

``enqueue`` adds a message to the caller's transaction; ``flask outbox send`` delivers it later.
Each message has a unique ``reference``, so queuing the same message twice (a double click, two
reminder runs) adds it once.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from flask import g
from sqlalchemy import Table, bindparam, func, insert, select, update

from valuedcare.extensions import db
from valuedcare.models import OutboxMessage
from valuedcare.models.base import utcnow

EMAIL = "email"
SMS = "sms"
CHANNELS = (EMAIL, SMS)

QUEUED = "queued"
SENDING = "sending"
SENT = "sent"
DELIVERED = "delivered"
FAILED = "failed"
#: The provider may have the message (it timed out after sending): it is looked up by its
#: reference before any further attempt.
UNCERTAIN = "uncertain"

#: The messages the service sends, and the personalisation each needs (GOV.UK Notify templates
#: use the same names as ((placeholders))).
TEMPLATES: dict[str, tuple[str, ...]] = {
    "board_invitation": ("name", "organisation", "cycle", "link", "closes_on"),
    "board_reminder": ("name", "organisation", "cycle", "link", "closes_on", "days_left"),
    "anonymous_invitation": ("organisation", "questionnaire", "link", "closes_on"),
    "anonymous_reminder": ("organisation", "questionnaire", "link", "closes_on", "days_left"),
    "anonymous_invitation_sms": ("organisation", "link", "closes_on"),
    "anonymous_reminder_sms": ("organisation", "link", "days_left"),
}


class OutboxError(ValueError):
    """A message cannot be queued as asked."""


def enqueue(
    *,
    reference: str,
    template: str,
    recipient: str,
    personalisation: dict[str, Any],
    organisation_id: int | None,
    channel: str = EMAIL,
    invitation_id: int | None = None,
    recipient_id: int | None = None,
) -> bool:
    """Queue one message in the current transaction; False when a message with ``reference``
    is already queued (or sent), in which case nothing is added. A transaction queuing the same
    reference at the same moment as another fails with ``IntegrityError`` at the flush."""
    if channel not in CHANNELS:
        raise OutboxError(f"Unknown channel {channel!r}")
    needed = TEMPLATES.get(template)
    if needed is None:
        raise OutboxError(f"Unknown message template {template!r}")
    missing = [key for key in needed if key not in personalisation]
    if missing:
        raise OutboxError(f"The message {template!r} needs {', '.join(missing)}")
    if db.session.scalar(select(OutboxMessage.id).where(OutboxMessage.reference == reference)):
        return False
    message = OutboxMessage(
        reference=reference,
        template=template,
        channel=channel,
        recipient=recipient,
        personalisation={key: str(value) for key, value in personalisation.items()},
        organisation_id=organisation_id,
        invitation_id=invitation_id,
        recipient_id=recipient_id,
        status=QUEUED,
        attempts=0,
    )
    # Two transactions queuing the same reference at the same moment: the unique constraint
    # refuses the second at its flush, and its whole transaction rolls back (nothing half-done).
    db.session.add(message)
    db.session.flush()
    g.outbox_queued = True  # development may send it once the request has committed
    return True


def enqueue_many(messages: list[dict[str, Any]]) -> int:
    """Queue many new messages in the current transaction, in one statement: for messages whose
    references are new by construction (each names a row made in this transaction), so none is
    looked up first. Each dict has ``enqueue``'s keyword arguments. Returns how many."""
    if not messages:
        return 0
    now = utcnow()
    rows = []
    for message in messages:
        template = message["template"]
        needed = TEMPLATES.get(template)
        if needed is None:
            raise OutboxError(f"Unknown message template {template!r}")
        personalisation = message["personalisation"]
        missing = [key for key in needed if key not in personalisation]
        if missing:
            raise OutboxError(f"The message {template!r} needs {', '.join(missing)}")
        rows.append(
            {
                "reference": message["reference"],
                "template": template,
                "channel": message.get("channel", EMAIL),
                "recipient": message["recipient"],
                "personalisation": {k: str(v) for k, v in personalisation.items()},
                "organisation_id": message.get("organisation_id"),
                "invitation_id": message.get("invitation_id"),
                "recipient_id": message.get("recipient_id"),
                "status": QUEUED,
                "attempts": 0,
                "next_attempt_at": now,
                "created_at": now,
                "updated_at": now,
            }
        )
    db.session.execute(insert(OutboxMessage), rows)
    g.outbox_queued = True
    return len(rows)


# Sending ---------------------------------------------------------------------------------------
#
# A sender claims messages with a conditional UPDATE (only rows still in the status it read) and
# commits the claim before it calls the provider; two senders can read the same rows, but only
# one UPDATE changes each row, so only one sender holds it. The outcome is written in another
# commit, again only where the row is still this sender's claim.


@dataclass(frozen=True)
class Claimed:
    """A message claimed by one sender."""

    id: int
    reference: str
    channel: str
    template: str
    recipient: str
    personalisation: dict[str, str]
    attempts: int
    #: The previous attempt's outcome is unknown: look it up before sending again.
    was_uncertain: bool


def new_sender_id() -> str:
    return f"sender-{uuid.uuid4()}"


def release_stale_claims(now: datetime, stale_after: timedelta) -> int:
    """Claims left by a sender that stopped (claimed longer ago than ``stale_after``) become
    uncertain: the provider may have the message."""
    result = db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.status == SENDING, OutboxMessage.claimed_at < now - stale_after)
        .values(status=UNCERTAIN, claimed_by=None, next_attempt_at=now)
        .execution_options(synchronize_session=False)
    )
    return int(result.rowcount or 0)  # type: ignore[attr-defined]


def claim_due(sender: str, now: datetime, limit: int) -> list[Claimed]:
    """Claim up to ``limit`` due messages (queued or uncertain) for ``sender``."""
    candidates = db.session.execute(
        select(OutboxMessage.id, OutboxMessage.status)
        .where(OutboxMessage.status.in_((QUEUED, UNCERTAIN)), OutboxMessage.next_attempt_at <= now)
        .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
        .limit(limit)
    ).all()
    uncertain = {row.id for row in candidates if row.status == UNCERTAIN}
    for status in (QUEUED, UNCERTAIN):
        ids = [row.id for row in candidates if row.status == status]
        if ids:
            db.session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id.in_(ids), OutboxMessage.status == status)
                .values(
                    status=SENDING,
                    claimed_by=sender,
                    claimed_at=now,
                    attempts=OutboxMessage.attempts + 1,
                )
                .execution_options(synchronize_session=False)
            )
    if not candidates:
        return []
    rows = db.session.scalars(
        select(OutboxMessage)
        .where(
            OutboxMessage.id.in_([row.id for row in candidates]),
            OutboxMessage.claimed_by == sender,
            OutboxMessage.status == SENDING,
        )
        .order_by(OutboxMessage.id)
        .execution_options(populate_existing=True)
    ).all()
    return [
        Claimed(
            row.id,
            row.reference,
            row.channel,
            row.template,
            row.recipient or "",
            dict(row.personalisation or {}),
            row.attempts,
            row.id in uncertain,
        )
        for row in rows
    ]


def _mine(message_id: int, sender: str) -> Any:
    return update(OutboxMessage).where(
        OutboxMessage.id == message_id,
        OutboxMessage.claimed_by == sender,
        OutboxMessage.status == SENDING,
    )


def mark_sent(message_id: int, sender: str, provider: str, provider_id: str | None, now: datetime):
    """The provider has it: keep its id, and forget the address and the link."""
    mark_all_sent([(message_id, provider_id)], sender, provider, now)


def mark_retry(message_id: int, sender: str, error: str, next_attempt_at: datetime) -> None:
    db.session.execute(
        _mine(message_id, sender)
        .values(status=QUEUED, error=error, next_attempt_at=next_attempt_at, claimed_by=None)
        .execution_options(synchronize_session=False)
    )


def mark_uncertain(message_id: int, sender: str, error: str, look_up_at: datetime) -> None:
    db.session.execute(
        _mine(message_id, sender)
        .values(status=UNCERTAIN, error=error, next_attempt_at=look_up_at, claimed_by=None)
        .execution_options(synchronize_session=False)
    )


def mark_failed(message_id: int, sender: str, provider: str, error: str) -> None:
    """Refused for good: the link and address are no longer needed."""
    db.session.execute(
        _mine(message_id, sender)
        .values(
            status=FAILED,
            provider=provider,
            error=error,
            recipient=None,
            personalisation=None,
            claimed_by=None,
        )
        .execution_options(synchronize_session=False)
    )


def unclaim(message_id: int, sender: str, now: datetime) -> None:
    """Give a message back untouched (the provider's configuration was refused)."""
    db.session.execute(
        _mine(message_id, sender)
        .values(
            status=QUEUED,
            claimed_by=None,
            attempts=OutboxMessage.attempts - 1,
            next_attempt_at=now,
        )
        .execution_options(synchronize_session=False)
    )


def sent_awaiting_delivery(provider: str, since: datetime, limit: int) -> list[tuple[int, str]]:
    """(id, provider id) of messages the provider has, sent since ``since``, whose delivery is
    not yet known: oldest first."""
    rows = db.session.execute(
        select(OutboxMessage.id, OutboxMessage.provider_id)
        .where(
            OutboxMessage.status == SENT,
            OutboxMessage.provider == provider,
            OutboxMessage.provider_id.is_not(None),
            OutboxMessage.sent_at >= since,
        )
        .order_by(OutboxMessage.sent_at)
        .limit(limit)
    ).all()
    return [(row.id, str(row.provider_id)) for row in rows]


def mark_delivery(message_id: int, status: str, error: str | None) -> None:
    db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id, OutboxMessage.status == SENT)
        .values(status=status, error=error)
        .execution_options(synchronize_session=False)
    )


def counts_by_status() -> dict[str, int]:
    rows = db.session.execute(
        select(OutboxMessage.status, func.count(OutboxMessage.id)).group_by(OutboxMessage.status)
    ).all()
    return {str(status): int(count) for status, count in rows}


def mark_all_sent(
    sent: list[tuple[int, str | None]], sender: str, provider: str, now: datetime
) -> None:
    """``mark_sent`` for many (id, provider id) at once, in one statement run for each."""
    if not sent:
        return
    table = cast(Table, OutboxMessage.__table__)
    statement = (
        update(table)
        .where(
            table.c.id == bindparam("message_id"),
            table.c.claimed_by == sender,
            table.c.status == SENDING,
        )
        .values(
            status=SENT,
            provider=provider,
            provider_id=bindparam("found_id"),
            sent_at=now,
            updated_at=now,
            recipient=None,
            personalisation=None,
            error=None,
            claimed_by=None,
        )
    )
    db.session.execute(statement, [{"message_id": mid, "found_id": found} for mid, found in sent])
