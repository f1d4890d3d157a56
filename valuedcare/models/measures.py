"""Outcome measures' monthly values per team, the uploads that brought them, and every value an
upload replaced (kept, never overwritten in place)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from valuedcare.models.base import Base, utcnow


class MeasureUpload(Base):
    """One file (or one typed-in month) of values. It is ``pending`` while its preview is shown,
    then ``confirmed`` (its rows stored) or ``cancelled``. The checked rows wait in ``rows`` so
    that confirming stores exactly what the preview showed, once."""

    __tablename__ = "measure_uploads"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    filename: Mapped[str] = mapped_column(String(200))
    status: Mapped[str] = mapped_column(String(10), default="pending")
    measure_set_version: Mapped[int] = mapped_column(Integer)
    rows: Mapped[list] = mapped_column(JSON, default=list)
    added: Mapped[int] = mapped_column(Integer, default=0)
    replaced: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    confirmed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class MeasureValue(Base):
    """A measure's value for one team and month (the first of the month). One row per
    organisation, measure, team and month: a later upload of the same month replaces it, and the
    replaced value moves to ``measure_value_history``."""

    __tablename__ = "measure_values"
    __table_args__ = (
        UniqueConstraint("organisation_id", "measure", "team", "month"),
        Index(
            "ix_measure_values_organisation_measure_month", "organisation_id", "measure", "month"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    measure: Mapped[str] = mapped_column(String(64))
    team: Mapped[str] = mapped_column(String(100))
    month: Mapped[date] = mapped_column(Date)
    value: Mapped[float] = mapped_column(Float)
    numerator: Mapped[float | None] = mapped_column(Float)
    denominator: Mapped[float | None] = mapped_column(Float)
    upload_id: Mapped[int | None] = mapped_column(ForeignKey("measure_uploads.id"))


class MeasureValueHistory(Base):
    """A value as it was before an upload replaced it, with the upload that replaced it."""

    __tablename__ = "measure_value_history"

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    measure: Mapped[str] = mapped_column(String(64))
    team: Mapped[str] = mapped_column(String(100))
    month: Mapped[date] = mapped_column(Date)
    value: Mapped[float] = mapped_column(Float)
    numerator: Mapped[float | None] = mapped_column(Float)
    denominator: Mapped[float | None] = mapped_column(Float)
    upload_id: Mapped[int | None] = mapped_column(ForeignKey("measure_uploads.id"))
    replaced_by_id: Mapped[int] = mapped_column(ForeignKey("measure_uploads.id"))
    replaced_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
