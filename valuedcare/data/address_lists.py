"""Address lists of anonymous links: each person's own single-use link, kept apart from answers.

A lead uploads email addresses and mobile numbers for an anonymous (experts by experience or
partner) link. Each person gets an ``InvitationRecipient`` row (address or number, its channel
and a random nonce) and an ``UnusedLink`` row
(the hash of their token, made again from the nonce and the secret key, so the token itself is
never stored), and an invitation in the outbox. Their answers go to the anonymous link, like
anyone else's: the response row says nothing of the list.

**Separation.** When a person sends their answers, their ``UnusedLink`` row is deleted in the same
transaction (``use_up``). That is the only trace of use: there is no "used at", no order and no
key from the response to the list, and a lead sees counts of people and messages only, never
which links have been used. Reminders go to the people whose row is still there.

**Deletion.** The list (addresses, unused links and the messages sent to them, whose references
name the person) is deleted when the cycle closes, when the link is closed, after the link's
closing date, or when the lead asks; one address can also be removed on request. The audit log
records counts, never an address.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import joinedload

from valuedcare.address_lists import EMAIL, SMS, Contact, check_contact
from valuedcare.data import outbox
from valuedcare.data.invitations import (
    ANONYMOUS,
    _invitation_row,
    derived_token,
    hash_token,
    link_invitation,
    new_nonce,
)
from valuedcare.data.records import AddressListSummary
from valuedcare.data.scope import Scope
from valuedcare.extensions import db
from valuedcare.formatting import nhs_date
from valuedcare.models import (
    Assessment,
    Cycle,
    Invitation,
    InvitationRecipient,
    OutboxMessage,
    UnusedLink,
)
from valuedcare.reminders import days_left, days_phrase, schedule_point

ANONYMOUS_INVITATION = "anonymous_invitation"
ANONYMOUS_REMINDER = "anonymous_reminder"
#: The message of each kind, by channel: email, or a text message to a mobile number.
INVITATIONS = {EMAIL: ANONYMOUS_INVITATION, SMS: "anonymous_invitation_sms"}
REMINDERS = {EMAIL: ANONYMOUS_REMINDER, SMS: "anonymous_reminder_sms"}
#: Rows written by one statement when a list is saved.
BATCH = 1000


class AddressListError(ValueError):
    """The list cannot be used as asked (the message says why, in plain words)."""


@dataclass(frozen=True)
class Added:
    """What saving a list did: people added (and sent an invitation), and addresses skipped
    because they were already on the list."""

    added: int
    already: int


def _closes_on(invitation: Invitation) -> date:
    """The last day a person's link works: the link's closing date, else the cycle's."""
    cycle_closes = invitation.assessment.cycle.closes_on
    return invitation.closes_on or cycle_closes


def _closed_because(invitation: Invitation, today: date) -> str | None:
    if invitation.closed_at is not None:
        return "This link is closed, so its address list has been deleted"
    if not invitation.assessment.cycle.is_open:
        return "The cycle is not open: addresses can only be added while it is open"
    if invitation.closes_on is not None and invitation.closes_on < today:
        return "This link's closing date has passed"
    return None


def _anonymous_link(scope: Scope, invitation_id: int) -> Invitation | None:
    invitation = _invitation_row(scope, invitation_id)
    if invitation is None or invitation.kind != ANONYMOUS:
        return None
    return invitation


def summary(scope: Scope, invitation_id: int, today: date) -> AddressListSummary | None:
    """The list of a visible anonymous link, as counts; None when not visible or not anonymous."""
    invitation = _anonymous_link(scope, invitation_id)
    if invitation is None:
        return None
    people = db.session.scalar(
        select(func.count(InvitationRecipient.id)).where(
            InvitationRecipient.invitation_id == invitation.id
        )
    )
    states = dict(
        db.session.execute(
            select(OutboxMessage.status, func.count(OutboxMessage.id))
            .join(InvitationRecipient, InvitationRecipient.id == OutboxMessage.recipient_id)
            .where(
                InvitationRecipient.invitation_id == invitation.id,
                OutboxMessage.template.in_(INVITATIONS.values()),
            )
            .group_by(OutboxMessage.status)
        ).all()
    )
    waiting = db.session.scalar(
        select(func.count(OutboxMessage.id))
        .join(InvitationRecipient, InvitationRecipient.id == OutboxMessage.recipient_id)
        .where(
            InvitationRecipient.invitation_id == invitation.id,
            # Invitations only: how many reminders wait would say how many links are unused.
            OutboxMessage.template.in_(INVITATIONS.values()),
            OutboxMessage.status.in_((outbox.QUEUED, outbox.SENDING, outbox.UNCERTAIN)),
        )
    )
    return AddressListSummary(
        invitation=link_invitation(invitation),
        people=int(people or 0),
        sent=int(states.get(outbox.SENT, 0)) + int(states.get(outbox.DELIVERED, 0)),
        delivered=int(states.get(outbox.DELIVERED, 0)),
        failed=int(states.get(outbox.FAILED, 0)),
        waiting=int(waiting or 0),
        closes_on=_closes_on(invitation),
        closed_because=_closed_because(invitation, today),
    )


def _message_fields(invitation: Invitation, link: str) -> dict[str, str]:
    return {
        "organisation": invitation.assessment.organisation.name,
        "questionnaire": invitation.questionnaire_version.title,
        "link": link,
        "closes_on": nhs_date(_closes_on(invitation)),
    }


def add_addresses(
    scope: Scope,
    invitation_id: int,
    contacts: Sequence[Contact],
    link_for: Callable[[str], str],
    today: date,
) -> Added | None:
    """Give each new person their own single-use link and queue their invitation (an email, or
    a text message to a mobile number), all in the caller's transaction (so a failure saves none
    of them). People already on the list are skipped (addresses compared without regard to
    case). None when the link is not visible; ``AddressListError`` when the link or its cycle
    is closed."""
    invitation = _anonymous_link(scope, invitation_id)
    if invitation is None:
        return None
    problem = _closed_because(invitation, today)
    if problem:
        raise AddressListError(problem)
    existing = {
        (channel, address.casefold())
        for channel, address in db.session.execute(
            select(InvitationRecipient.channel, InvitationRecipient.address).where(
                InvitationRecipient.invitation_id == invitation.id
            )
        )
    }
    new: list[Contact] = []
    for contact in contacts:
        key = (contact.channel, contact.address.casefold())
        if key not in existing:
            existing.add(key)
            new.append(contact)
    organisation_id = invitation.assessment.organisation_id
    for start in range(0, len(new), BATCH):
        recipients = [
            InvitationRecipient(
                invitation_id=invitation.id,
                channel=contact.channel,
                address=contact.address,
                nonce=new_nonce(),
            )
            for contact in new[start : start + BATCH]
        ]
        db.session.add_all(recipients)
        db.session.flush()
        tokens = {r.id: derived_token("recipient", r.id, r.nonce) for r in recipients}
        db.session.execute(
            insert(UnusedLink),
            [
                {
                    "token_hash": hash_token(tokens[r.id]),
                    "recipient_id": r.id,
                    "invitation_id": invitation.id,
                }
                for r in recipients
            ],
        )
        outbox.enqueue_many(
            [
                {
                    "reference": f"anonymous-invitation:{r.id}",
                    "template": INVITATIONS[r.channel],
                    "channel": r.channel,
                    "recipient": r.address,
                    "personalisation": _message_fields(invitation, link_for(tokens[r.id])),
                    "organisation_id": organisation_id,
                    "recipient_id": r.id,
                }
                for r in recipients
            ]
        )
    return Added(added=len(new), already=len(contacts) - len(new))


def use_up(single_use_hash: str) -> bool:
    """Spend a person's single-use link, in the transaction that sends their answers: delete its
    row, so that nothing keeps when it was used. False when it was already spent (by another
    browser at the same moment): the caller must not send the answers then."""
    result = db.session.execute(
        delete(UnusedLink)
        .where(UnusedLink.token_hash == single_use_hash)
        .execution_options(synchronize_session=False)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]


def _delete_recipients(recipient_ids: Sequence[int]) -> int:
    """Delete these people: their messages (queued ones are never sent; sent ones are named by
    the person in their reference), their unused links and their addresses."""
    deleted = 0
    for start in range(0, len(recipient_ids), BATCH):
        ids = list(recipient_ids[start : start + BATCH])
        db.session.execute(
            delete(OutboxMessage)
            .where(OutboxMessage.recipient_id.in_(ids))
            .execution_options(synchronize_session=False)
        )
        db.session.execute(
            delete(UnusedLink)
            .where(UnusedLink.recipient_id.in_(ids))
            .execution_options(synchronize_session=False)
        )
        result = db.session.execute(
            delete(InvitationRecipient)
            .where(InvitationRecipient.id.in_(ids))
            .execution_options(synchronize_session=False)
        )
        deleted += int(result.rowcount or 0)  # type: ignore[attr-defined]
    return deleted


def _recipients_of(invitation_ids: Sequence[int]) -> list[int]:
    if not invitation_ids:
        return []
    return list(
        db.session.scalars(
            select(InvitationRecipient.id).where(
                InvitationRecipient.invitation_id.in_(invitation_ids)
            )
        )
    )


def delete_list(scope: Scope, invitation_id: int) -> int | None:
    """Delete a visible anonymous link's whole list (the people's links stop working); how many
    addresses were deleted, or None when the link is not visible."""
    invitation = _anonymous_link(scope, invitation_id)
    if invitation is None:
        return None
    return _delete_recipients(_recipients_of([invitation.id]))


def remove_address(scope: Scope, invitation_id: int, address: str) -> bool | None:
    """Delete one person from a visible link's list (they asked to be removed), by their email
    address or mobile number, however it is typed: whether they were on it, or None when the
    link is not visible."""
    invitation = _anonymous_link(scope, invitation_id)
    if invitation is None:
        return None
    contact, _problem = check_contact(address.strip())
    if contact is None:
        return False
    ids = list(
        db.session.scalars(
            select(InvitationRecipient.id).where(
                InvitationRecipient.invitation_id == invitation.id,
                InvitationRecipient.channel == contact.channel,
                func.lower(InvitationRecipient.address) == contact.address.lower(),
            )
        )
    )
    return _delete_recipients(ids) > 0


def delete_for_cycle(cycle_id: int) -> tuple[int, int]:
    """Delete every address list of a cycle (it has closed): (lists, addresses) deleted."""
    rows = db.session.execute(
        select(InvitationRecipient.id, InvitationRecipient.invitation_id)
        .join(Invitation, Invitation.id == InvitationRecipient.invitation_id)
        .join(Assessment, Assessment.id == Invitation.assessment_id)
        .where(Assessment.cycle_id == cycle_id)
    ).all()
    return len({row.invitation_id for row in rows}), _delete_recipients([row.id for row in rows])


def delete_expired(today: date) -> tuple[int, int]:
    """Delete the lists of links that are closed or whose closing date has passed, in any cycle
    (lists, addresses): their links no longer work, so their addresses are not needed."""
    rows = db.session.execute(
        select(InvitationRecipient.id, InvitationRecipient.invitation_id)
        .join(Invitation, Invitation.id == InvitationRecipient.invitation_id)
        .join(Assessment, Assessment.id == Invitation.assessment_id)
        .join(Cycle, Cycle.id == Assessment.cycle_id)
        .where(
            Invitation.closed_at.is_not(None)
            | (Invitation.closes_on < today)
            | (Cycle.status != "open")
        )
    ).all()
    return len({row.invitation_id for row in rows}), _delete_recipients([row.id for row in rows])


def enqueue_reminders(
    today: date, schedule: tuple[int, ...], link_for: Callable[[str], str]
) -> int:
    """Queue a reminder to every person on an address list whose link is still unused, where a
    point of the schedule (days before the link closes: its closing date, else the cycle's) is
    due ``today``; each point once per person. People whose invitation could not be delivered
    are not reminded. Returns how many were queued."""
    links = db.session.scalars(
        select(Invitation)
        .join(Assessment, Assessment.id == Invitation.assessment_id)
        .join(Cycle, Cycle.id == Assessment.cycle_id)
        .where(
            Cycle.status == "open",
            Invitation.kind == ANONYMOUS,
            Invitation.closed_at.is_(None),
            select(UnusedLink.token_hash).where(UnusedLink.invitation_id == Invitation.id).exists(),
        )
        .options(
            joinedload(Invitation.assessment).joinedload(Assessment.cycle),
            joinedload(Invitation.assessment).joinedload(Assessment.organisation),
            joinedload(Invitation.questionnaire_version),
        )
        .order_by(Invitation.id)
    ).all()
    queued = 0
    for invitation in links:
        closes = _closes_on(invitation)
        point = schedule_point(closes, today, schedule)
        if point is None:
            continue
        undelivered = (
            select(OutboxMessage.id)
            .where(
                OutboxMessage.recipient_id == InvitationRecipient.id,
                OutboxMessage.template.in_(INVITATIONS.values()),
                OutboxMessage.status == outbox.FAILED,
            )
            .exists()
        )
        recipients = db.session.scalars(
            select(InvitationRecipient)
            .join(UnusedLink, UnusedLink.recipient_id == InvitationRecipient.id)
            .where(InvitationRecipient.invitation_id == invitation.id, ~undelivered)
            .order_by(InvitationRecipient.id)
        ).all()
        suffix = f":{closes.isoformat()}:{point}"
        references = {f"anonymous-reminder:{r.id}{suffix}": r for r in recipients}
        done = set(
            db.session.scalars(
                select(OutboxMessage.reference)
                .join(InvitationRecipient, InvitationRecipient.id == OutboxMessage.recipient_id)
                .where(
                    InvitationRecipient.invitation_id == invitation.id,
                    OutboxMessage.template.in_(REMINDERS.values()),
                )
            )
        )
        fields_left = days_phrase(days_left(closes, today))
        messages = []
        for reference, r in references.items():
            if reference in done:
                continue
            fields = _message_fields(
                invitation, link_for(derived_token("recipient", r.id, r.nonce))
            )
            fields["days_left"] = fields_left
            messages.append(
                {
                    "reference": reference,
                    "template": REMINDERS[r.channel],
                    "channel": r.channel,
                    "recipient": r.address,
                    "personalisation": fields,
                    "organisation_id": invitation.assessment.organisation_id,
                    "recipient_id": r.id,
                }
            )
        queued += outbox.enqueue_many(messages)
    return queued


__all__ = [
    "ANONYMOUS_INVITATION",
    "ANONYMOUS_REMINDER",
    "AddressListError",
    "Added",
    "add_addresses",
    "delete_expired",
    "delete_for_cycle",
    "delete_list",
    "enqueue_reminders",
    "remove_address",
    "summary",
    "use_up",
]
