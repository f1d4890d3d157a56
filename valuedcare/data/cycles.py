"""Assessment cycles: created, opened, closed and reopened by platform administrators.

A cycle is global (every organisation assesses itself in the same cycles). Its status is one of:

- ``draft``: created, not yet open; nobody can respond;
- ``open``: responses are being collected; board members cannot see their report yet;
- ``closed``: no more responses; reports are final and board members may read them.

Closing and opening may happen more than once; reopening a closed cycle needs a reason, kept in
``status_reason`` and in the audit log.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from valuedcare.data.records import CycleRecord
from valuedcare.data.to_records import cycle_record
from valuedcare.extensions import db
from valuedcare.models import Assessment, Cycle

DRAFT = "draft"
OPEN = "open"
CLOSED = "closed"
STATUS_LABELS = {DRAFT: "Not open yet", OPEN: "Open", CLOSED: "Closed"}

#: (from status, to status) -> audit action. Anything else is refused.
TRANSITIONS = {
    (DRAFT, OPEN): "cycle_opened",
    (OPEN, CLOSED): "cycle_closed",
    (CLOSED, OPEN): "cycle_reopened",
}


class CycleError(ValueError):
    """The cycle cannot change as asked (the message says why, in plain words)."""


def list_cycles() -> list[tuple[CycleRecord, int]]:
    """(cycle, number of organisations with an assessment in it), newest first."""
    assessments = (
        select(Assessment.cycle_id, func.count(Assessment.id).label("assessments"))
        .group_by(Assessment.cycle_id)
        .subquery()
    )
    statement = (
        select(Cycle, func.coalesce(assessments.c.assessments, 0))
        .outerjoin(assessments, assessments.c.cycle_id == Cycle.id)
        .order_by(Cycle.opens_on.desc(), Cycle.label.desc())
    )
    return [(cycle_record(row[0]), int(row[1])) for row in db.session.execute(statement).all()]


def get_cycle(cycle_id: int) -> CycleRecord | None:
    row = db.session.get(Cycle, cycle_id)
    return None if row is None else cycle_record(row)


def label_is_taken(label: str) -> bool:
    return db.session.scalar(select(Cycle.id).where(Cycle.label == label.strip())) is not None


def create_cycle(label: str, opens_on: date, closes_on: date) -> CycleRecord:
    """Add a cycle in ``draft`` and flush. Raises ``CycleError`` for a label in use or dates in
    the wrong order."""
    if label_is_taken(label):
        raise CycleError("A cycle with this label already exists")
    if closes_on <= opens_on:
        raise CycleError("The closing date must be after the opening date")
    cycle = Cycle(label=label.strip(), opens_on=opens_on, closes_on=closes_on, status=DRAFT)
    db.session.add(cycle)
    db.session.flush()
    return cycle_record(cycle)


def change_status(cycle_id: int, status: str, reason: str | None = None) -> tuple[CycleRecord, str]:
    """Move a cycle to ``status``; returns (cycle, audit action name).

    Raises ``LookupError`` when there is no such cycle and ``CycleError`` for a move that is not
    allowed (see ``TRANSITIONS``) or a reopening without a reason.
    """
    cycle = db.session.get(Cycle, cycle_id)
    if cycle is None:
        raise LookupError(f"no cycle {cycle_id}")
    action = TRANSITIONS.get((cycle.status, status))
    if action is None:
        raise CycleError(
            f"A cycle that is {STATUS_LABELS.get(cycle.status, cycle.status).lower()} "
            f"cannot become {STATUS_LABELS.get(status, status).lower()}"
        )
    reason = (reason or "").strip()
    if action == "cycle_reopened" and not reason:
        raise CycleError("Enter why the cycle is being reopened")
    cycle.status = status
    cycle.status_reason = reason or None
    db.session.flush()
    return cycle_record(cycle), action
