"""Action notes: an improvement lead turns a gap into an owned, dated action."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from valuedcare.data.records import ActionNoteRecord, AssessmentRecord
from valuedcare.data.scope import Scope
from valuedcare.data.to_records import assessment_record, note_record
from valuedcare.extensions import db
from valuedcare.models import ActionNote, Assessment


def _assessment_row(scope: Scope, assessment_id: int) -> Assessment | None:
    statement = select(Assessment).where(Assessment.id == assessment_id)
    return db.session.scalars(scope.apply(statement, Assessment.organisation_id)).first()


def get_assessment(scope: Scope, assessment_id: int) -> AssessmentRecord | None:
    row = _assessment_row(scope, assessment_id)
    return None if row is None else assessment_record(row)


def list_notes(scope: Scope, assessment_id: int) -> list[ActionNoteRecord]:
    statement = (
        select(ActionNote)
        .join(Assessment, Assessment.id == ActionNote.assessment_id)
        .where(ActionNote.assessment_id == assessment_id)
        .order_by(ActionNote.due_on.is_(None), ActionNote.due_on, ActionNote.id)
    )
    rows = db.session.scalars(scope.apply(statement, Assessment.organisation_id))
    return [note_record(row) for row in rows]


def add_note(
    scope: Scope,
    assessment_id: int,
    *,
    ingredient: str,
    text: str,
    owner: str | None,
    due_on: date | None,
) -> ActionNoteRecord | None:
    """Add a note to a visible assessment; None when the assessment is not visible."""
    if _assessment_row(scope, assessment_id) is None:
        return None
    note = ActionNote(
        assessment_id=assessment_id,
        ingredient=ingredient,
        text=text,
        owner=owner or None,
        due_on=due_on,
        created_by_id=scope.user_id,
    )
    db.session.add(note)
    db.session.flush()
    return note_record(note)


def delete_note(scope: Scope, note_id: int) -> ActionNoteRecord | None:
    """Delete a visible note; returns what it was, or None when not visible."""
    statement = (
        select(ActionNote)
        .join(Assessment, Assessment.id == ActionNote.assessment_id)
        .where(ActionNote.id == note_id)
    )
    note = db.session.scalars(scope.apply(statement, Assessment.organisation_id)).first()
    if note is None:
        return None
    record = note_record(note)
    db.session.delete(note)
    db.session.flush()
    return record
