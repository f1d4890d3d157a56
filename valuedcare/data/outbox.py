"""The outbox: messages queued in the same transaction as what caused them.

``enqueue`` adds a message to the caller's transaction; ``flask outbox send`` delivers it later.
Each message has a unique ``reference``, so queuing the same message twice (a double click, two
reminder runs) adds it once.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from valuedcare.extensions import db
from valuedcare.models import OutboxMessage

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
    is already queued (or sent), in which case nothing is added."""
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
    try:
        with db.session.begin_nested():
            db.session.add(message)
    except IntegrityError:  # queued by someone else between the check and the insert
        return False
    return True
