"""The board paper's cover sheet: what only a person can write (the meeting, its date, the purpose,
the recommendation, the level of assurance, the strategic objectives and risks it links to), one
per assessment."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, DateTime, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from valuedcare.models.base import Base, utcnow


class BoardPaperCover(Base):
    """The cover sheet an improvement lead fills for one assessment's board paper. Every part is
    optional: the paper says "To be completed by the improvement lead" for what is missing."""

    __tablename__ = "board_paper_covers"

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id"), unique=True)
    meeting: Mapped[str | None] = mapped_column(String(200))
    meeting_on: Mapped[date | None] = mapped_column(Date)
    purpose: Mapped[str | None] = mapped_column(String(20))
    executive_summary: Mapped[str | None] = mapped_column(Text)
    recommendation: Mapped[str | None] = mapped_column(Text)
    assurance: Mapped[str | None] = mapped_column(String(20))
    strategic_objectives: Mapped[str | None] = mapped_column(Text)
    risks: Mapped[str | None] = mapped_column(Text)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
