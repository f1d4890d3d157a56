"""Action notes: an improvement lead turns a gap into an owned, dated action."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from valuedcare.data.scope import Scope
from valuedcare.extensions import db
from valuedcare.models import ActionNote, Assessment


def get_assessment(scope: Scope, assessment_id: int) -> Assessment | None:
    statement = select(Assessment).where(Assessment.id == assessment_id)
    return db.session.scalars(scope.apply(statement, Assessment.organisation_id)).first()


def list_notes(scope: Scope, assessment_id: int) -> list[ActionNote]:
    statement = (
        select(ActionNote)
        .join(Assessment, Assessment.id == ActionNote.assessment_id)
        .where(ActionNote.assessment_id == assessment_id)
        .order_by(ActionNote.due_on.is_(None), ActionNote.due_on, ActionNote.id)
    )
    return list(db.session.scalars(scope.apply(statement, Assessment.organisation_id)))


def add_note(
    scope: Scope,
    assessment_id: int,
    *,
    ingredient: str,
    text: str,
    owner: str | None,
    due_on: date | None,
) -> ActionNote | None:
    """Add a note to a visible assessment; None when the assessment is not visible."""
    if get_assessment(scope, assessment_id) is None:
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
    return note


def delete_note(scope: Scope, note_id: int) -> ActionNote | None:
    """Delete a visible note; returns it (detached) or None when not visible."""
    statement = (
        select(ActionNote)
        .join(Assessment, Assessment.id == ActionNote.assessment_id)
        .where(ActionNote.id == note_id)
    )
    note = db.session.scalars(scope.apply(statement, Assessment.organisation_id)).first()
    if note is not None:
        db.session.delete(note)
        db.session.flush()
    return note
