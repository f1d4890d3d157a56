"""Messages waiting to be sent, and the people an anonymous link is sent to.

``OutboxMessage``: one email or text message, written in the same transaction as what caused it
and delivered later by ``flask outbox send``. Its ``reference`` is unique, so the same message
cannot be queued twice, and it is the reference the provider is given, so a message whose
sending timed out can be looked up before it is tried again. Once a message has been handed to
the provider its recipient and personalisation (which hold the address and the link) are
cleared.

``InvitationRecipient`` and ``UnusedLink``: the address list of an anonymous link. Each person
has their own single-use link; the service keeps only the ``UnusedLink`` rows of links not yet
used. Using a link deletes its row, so nothing records when a link was used, or in which order,
and no column joins a person to a response. Both tables are emptied when the cycle closes.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from valuedcare.models.base import Base, utcnow


class OutboxMessage(Base):
    __tablename__ = "outbox_messages"
    __table_args__ = (Index("ix_outbox_messages_status_due", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    #: Unique: queuing the same message twice is refused by the database.
    reference: Mapped[str] = mapped_column(String(120), unique=True)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    #: The board member's invitation an email is about (None for anonymous invitations).
    invitation_id: Mapped[int | None] = mapped_column(
        ForeignKey("invitations.id", ondelete="SET NULL"), index=True
    )
    #: The address-list entry an anonymous invitation or reminder is for (deleted at close).
    recipient_id: Mapped[int | None] = mapped_column(
        ForeignKey("invitation_recipients.id", ondelete="SET NULL"), index=True
    )
    channel: Mapped[str] = mapped_column(String(8))  # "email" or "sms"
    template: Mapped[str] = mapped_column(String(40))
    #: Cleared once the provider has the message.
    recipient: Mapped[str | None] = mapped_column(String(254))
    personalisation: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(12), default="queued")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    claimed_by: Mapped[str | None] = mapped_column(String(64))
    claimed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    provider: Mapped[str | None] = mapped_column(String(12))
    provider_id: Mapped[str | None] = mapped_column(String(64))
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )


class InvitationRecipient(Base):
    """One address on an anonymous link's list. No timestamp: the list is one upload."""

    __tablename__ = "invitation_recipients"

    id: Mapped[int] = mapped_column(primary_key=True)
    invitation_id: Mapped[int] = mapped_column(
        ForeignKey("invitations.id", ondelete="CASCADE"), index=True
    )
    channel: Mapped[str] = mapped_column(String(8))  # "email" or "sms"
    address: Mapped[str] = mapped_column(String(254))
    #: Random; with the application's secret key it gives the person's single-use token, so a
    #: reminder can carry the same link without the token being stored.
    nonce: Mapped[str] = mapped_column(String(32))


class UnusedLink(Base):
    """A single-use link not yet used. Using it deletes the row: no "used at", no order."""

    __tablename__ = "unused_links"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    recipient_id: Mapped[int] = mapped_column(
        ForeignKey("invitation_recipients.id", ondelete="CASCADE"), unique=True
    )
    invitation_id: Mapped[int] = mapped_column(
        ForeignKey("invitations.id", ondelete="CASCADE"), index=True
    )
