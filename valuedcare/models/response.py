"""Invitations, responses, answers and the per-response ingredient scores stored at submission."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship
from sqlalchemy.sql.expression import false

from valuedcare.models.base import Base, utcnow
from valuedcare.models.organisation import Assessment
from valuedcare.models.questionnaire import QuestionnaireVersion


class Invitation(Base):
    """A link to answer: individual (a named board member) or anonymous and reusable."""

    __tablename__ = "invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id"), index=True)
    questionnaire_version_id: Mapped[int] = mapped_column(ForeignKey("questionnaire_versions.id"))
    lens: Mapped[str] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(12))
    label: Mapped[str] = mapped_column(String(200))
    email: Mapped[str | None] = mapped_column(String(254))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    team: Mapped[str | None] = mapped_column(String(100))
    # How many people the lead expects to answer through an anonymous link (for a response rate)
    expected: Mapped[int | None] = mapped_column(Integer)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    closed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    #: Random; with the application's secret key it gives this link's token again, so that a
    #: board member's reminder (or a resent invitation) carries the same link. None for links
    #: whose token was random and shown once.
    token_nonce: Mapped[str | None] = mapped_column(String(32))
    #: The hash of an anonymous link's short code (a shorter token for posters and QR codes).
    short_code_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    #: An anonymous link's optional cap on sent responses, and its optional last day.
    max_responses: Mapped[int | None] = mapped_column(Integer)
    closes_on: Mapped[date | None] = mapped_column(Date)

    assessment: Mapped[Assessment] = relationship()
    questionnaire_version: Mapped[QuestionnaireVersion] = relationship()


class Response(Base):
    """One person's answers to one questionnaire version (anonymous for non-board lenses)."""

    __tablename__ = "responses"

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id"), index=True)
    invitation_id: Mapped[int | None] = mapped_column(ForeignKey("invitations.id"), index=True)
    questionnaire_version_id: Mapped[int] = mapped_column(ForeignKey("questionnaire_versions.id"))
    lens: Mapped[str] = mapped_column(String(32))
    team: Mapped[str | None] = mapped_column(String(100))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    status: Mapped[str] = mapped_column(String(10), default="draft")
    resume_code_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(
        DateTime(timezone=True), default=utcnow, onupdate=utcnow
    )
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # When an anonymous response joined the published figures (at a cycle's close, see
    # data.releases); None until then. Board responses are named and need no release.
    released_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revision: Mapped[int] = mapped_column(Integer, default=1)

    __mapper_args__ = {"version_id_col": revision}

    assessment: Mapped[Assessment] = relationship()
    questionnaire_version: Mapped[QuestionnaireVersion] = relationship()
    answers: Mapped[list[Answer]] = relationship(
        back_populates="response", cascade="all, delete-orphan", passive_deletes=True
    )

    @property
    def is_submitted(self) -> bool:
        return self.status == "submitted"


class Answer(Base):
    """One answer: the raw value, its 1-5 score, "don't know", the target level and a comment."""

    __tablename__ = "answers"
    __table_args__ = (UniqueConstraint("response_id", "item_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    response_id: Mapped[int] = mapped_column(ForeignKey("responses.id", ondelete="CASCADE"))
    item_id: Mapped[str] = mapped_column(String(64))
    value: Mapped[Any] = mapped_column(JSON, nullable=True)
    score: Mapped[float | None] = mapped_column(Float)
    not_known: Mapped[bool] = mapped_column(Boolean, default=False)
    target: Mapped[int | None] = mapped_column(SmallInteger)
    comment: Mapped[str | None] = mapped_column(Text)

    response: Mapped[Response] = relationship(back_populates="answers")


class FreeTextReview(Base):
    """A lead's decision on one anonymous free-text answer (``field`` "value") or comment
    ("comment") before the report may show it: approved, redacted (``shown_text`` is what is
    shown) or withheld. No row means not reviewed yet, so nothing is shown."""

    __tablename__ = "free_text_reviews"
    __table_args__ = (UniqueConstraint("answer_id", "field"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    answer_id: Mapped[int] = mapped_column(ForeignKey("answers.id", ondelete="CASCADE"))
    field: Mapped[str] = mapped_column(String(8))
    status: Mapped[str] = mapped_column(String(10))
    shown_text: Mapped[str | None] = mapped_column(Text)
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reviewed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)


class ResponseScore(Base):
    """A submitted response's score for one ingredient, kept so reports never rescan answers.

    Organisation, cycle, lens and team are copied from the response so that reports and
    benchmarks aggregate from this one table.
    """

    __tablename__ = "response_scores"
    __table_args__ = (
        Index("ix_response_scores_cycle_lens", "cycle_id", "lens", "ingredient"),
        Index("ix_response_scores_organisation_cycle", "organisation_id", "cycle_id"),
    )

    response_id: Mapped[int] = mapped_column(
        ForeignKey("responses.id", ondelete="CASCADE"), primary_key=True
    )
    ingredient: Mapped[str] = mapped_column(String(40), primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    cycle_id: Mapped[int] = mapped_column(ForeignKey("cycles.id"))
    lens: Mapped[str] = mapped_column(String(32))
    team: Mapped[str | None] = mapped_column(String(100))
    score: Mapped[float | None] = mapped_column(Float)
    items_scored: Mapped[int] = mapped_column(Integer)
    items_not_known: Mapped[int] = mapped_column(Integer)
    # True when the score may feed published figures: board lenses always, anonymous lenses once
    # their response is released (copied from responses.released_at, like lens and team).
    released: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
