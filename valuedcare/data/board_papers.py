"""The board paper's cover sheet: read and saved for one assessment (one sheet each).

The assessment comes as an ``AssessmentInfo`` the caller found through the user's scope, so a
cover sheet is only ever read or written for an assessment the user may see.
"""

from __future__ import annotations

from dataclasses import fields

from sqlalchemy import select

from valuedcare.data.records import AssessmentInfo, CoverSheet
from valuedcare.extensions import db
from valuedcare.models import BoardPaperCover
from valuedcare.models.base import utcnow

_WRITTEN = tuple(each.name for each in fields(CoverSheet) if each.name != "updated_at")


def _row(info: AssessmentInfo) -> BoardPaperCover | None:
    return db.session.scalars(
        select(BoardPaperCover).where(BoardPaperCover.assessment_id == info.assessment_id)
    ).first()


def get_cover_sheet(info: AssessmentInfo) -> CoverSheet:
    """The assessment's cover sheet; an empty one when the lead has written nothing yet."""
    row = _row(info)
    if row is None:
        return CoverSheet()
    return CoverSheet(**{name: getattr(row, name) for name in _WRITTEN}, updated_at=row.updated_at)


def save_cover_sheet(info: AssessmentInfo, sheet: CoverSheet, user_id: int | None) -> None:
    """Create or replace the assessment's cover sheet. Adds and flushes; the request commits."""
    row = _row(info)
    if row is None:
        row = BoardPaperCover(assessment_id=info.assessment_id)
        db.session.add(row)
    for name in _WRITTEN:
        setattr(row, name, getattr(sheet, name))
    row.updated_by_id = user_id
    row.updated_at = utcnow()
    db.session.flush()
