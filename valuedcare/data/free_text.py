"""Free text from experts by experience and partners: a lead's review before any report shows it.

Comments can hold names or details that identify someone, so none is shown until a lead has
reviewed it: approved (shown as written), redacted (shown with phrases replaced by "[removed]") or
withheld (never shown). No review row means "waiting for review", so a comment is never shown by
default.

What a reviewer sees is kept to what the review needs:
- comments of a lens only once that lens has ``min_respondents`` released responses (so the
  report could show them), plus, at once, any comment holding a risk phrase, so that a
  disclosure of harm is read promptly;
- the question and the text; never the response, its time, its team or its other answers;
  ordered by lens, question and text, never by when it was written; referred to by an opaque
  reference (an HMAC of the answer and field), so that page source does not give the order in
  which answers were saved.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import func, select

from valuedcare.data.questionnaires import get_questionnaire
from valuedcare.data.records import AssessmentInfo, FreeText
from valuedcare.disclosure import ANONYMOUS_LENSES, DisclosureRules
from valuedcare.extensions import db
from valuedcare.models import Answer, FreeTextReview, Response
from valuedcare.models.base import utcnow
from valuedcare.questionnaire.risk_words import RiskWords

PENDING = "pending"
APPROVED = "approved"
REDACTED = "redacted"
WITHHELD = "withheld"
SHOWN = (APPROVED, REDACTED)
REMOVED = "[removed]"
VALUE = "value"
COMMENT = "comment"


class ReviewError(ValueError):
    """A review decision that cannot be applied (the message says why, for the lead)."""


@dataclass(frozen=True)
class CommentForReview:
    """One comment as the review page shows it."""

    ref: str
    lens: str
    item_id: str
    question: str
    text: str
    shown_text: str | None
    status: str
    risk: tuple[str, ...]


@dataclass(frozen=True)
class _Piece:
    answer_id: int
    field: str
    lens: str
    released: bool
    rank: tuple[int, int]
    item_id: str
    question: str
    text: str


def _reference(secret: str, answer_id: int, field: str) -> str:
    digest = hmac.new(secret.encode(), f"{answer_id}:{field}".encode(), hashlib.sha256)
    return digest.hexdigest()[:24]


def _released_counts(assessment_id: int) -> dict[str, int]:
    statement = (
        select(Response.lens, func.count(Response.id))
        .where(
            Response.assessment_id == assessment_id,
            Response.status == "submitted",
            Response.released_at.is_not(None),
            Response.lens.in_(ANONYMOUS_LENSES),
        )
        .group_by(Response.lens)
    )
    return {lens: int(count) for lens, count in db.session.execute(statement).all()}


def _pieces(assessment_id: int, lenses: Iterable[str]) -> list[_Piece]:
    """Every free-text answer and comment of the assessment's submitted responses in
    ``lenses``."""
    statement = (
        select(
            Answer.id,
            Answer.item_id,
            Answer.value,
            Answer.comment,
            Response.lens,
            Response.released_at,
            Response.questionnaire_version_id,
        )
        .join(Response, Response.id == Answer.response_id)
        .where(
            Response.assessment_id == assessment_id,
            Response.status == "submitted",
            Response.lens.in_(list(lenses)),
        )
    )
    items: dict[int, dict] = {}
    pieces = []
    for row in db.session.execute(statement).all():
        version = items.get(row.questionnaire_version_id)
        if version is None:
            version = items[row.questionnaire_version_id] = {
                item.id: (position, item)
                for position, item in enumerate(
                    get_questionnaire(row.questionnaire_version_id).items()
                )
            }
        found = version.get(row.item_id)
        if found is None:
            continue
        position, item = found
        rank = (ANONYMOUS_LENSES.index(row.lens), position)
        texts = []
        if item.kind.free_text and isinstance(row.value, str) and row.value.strip():
            texts.append((VALUE, row.value.strip()))
        if row.comment and row.comment.strip():
            texts.append((COMMENT, row.comment.strip()))
        for field, text in texts:
            pieces.append(
                _Piece(
                    row.id,
                    field,
                    row.lens,
                    row.released_at is not None,
                    rank,
                    item.id,
                    item.text,
                    text,
                )
            )
    return pieces


def _reviews(pieces: list[_Piece]) -> dict[tuple[int, str], FreeTextReview]:
    ids = sorted({piece.answer_id for piece in pieces})
    found: dict[tuple[int, str], FreeTextReview] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        for review in db.session.scalars(
            select(FreeTextReview).where(FreeTextReview.answer_id.in_(chunk))
        ):
            found[(review.answer_id, review.field)] = review
    return found


def _reviewable(
    info: AssessmentInfo, rules: DisclosureRules, words: RiskWords
) -> list[tuple[_Piece, FreeTextReview | None, tuple[str, ...]]]:
    counts = _released_counts(info.assessment_id)
    reportable = {
        lens for lens in ANONYMOUS_LENSES if not rules.hides_respondents(lens, counts.get(lens, 0))
    }
    pieces = _pieces(info.assessment_id, ANONYMOUS_LENSES)
    reviews = _reviews(pieces)
    listed = []
    for piece in pieces:
        risk = words.find(piece.text)
        if risk or (piece.released and piece.lens in reportable):
            listed.append((piece, reviews.get((piece.answer_id, piece.field)), risk))
    listed.sort(key=lambda entry: (not entry[2], entry[0].rank, entry[0].text.casefold()))
    return listed


def list_for_review(
    info: AssessmentInfo, *, rules: DisclosureRules, words: RiskWords, secret: str
) -> list[CommentForReview]:
    """The comments a lead may review now (see the module's docstring): those holding a risk
    phrase first, then by lens, question and text."""
    return [
        CommentForReview(
            _reference(secret, piece.answer_id, piece.field),
            piece.lens,
            piece.item_id,
            piece.question,
            piece.text,
            review.shown_text if review is not None else None,
            review.status if review is not None else PENDING,
            risk,
        )
        for piece, review, risk in _reviewable(info, rules, words)
    ]


def redact(text: str, phrase: str) -> str:
    """``text`` with every occurrence of ``phrase`` (ignoring case) replaced by "[removed]"."""
    cleaned = phrase.strip()
    if not cleaned:
        raise ReviewError("Enter the words to remove")
    pattern = re.compile(re.escape(cleaned), re.IGNORECASE)
    if not pattern.search(text):
        raise ReviewError("The words to remove are not in the comment as it is shown")
    return pattern.sub(REMOVED, text)


def review(
    info: AssessmentInfo,
    ref: str,
    decision: str,
    *,
    phrase: str | None,
    user_id: int | None,
    secret: str,
) -> tuple[str, str]:
    """Apply a lead's decision to the comment ``ref`` of this assessment; returns (lens, new
    status). ``decision``: approve, redact (``phrase`` is removed from the text as now shown)
    or withhold. Raises ``LookupError`` for an unknown reference and ``ReviewError`` for a
    redaction that does not apply."""
    pieces = _pieces(info.assessment_id, ANONYMOUS_LENSES)
    piece = next(
        (p for p in pieces if hmac.compare_digest(_reference(secret, p.answer_id, p.field), ref)),
        None,
    )
    if piece is None:
        raise LookupError(ref)
    existing = db.session.scalars(
        select(FreeTextReview).where(
            FreeTextReview.answer_id == piece.answer_id, FreeTextReview.field == piece.field
        )
    ).first()
    if decision == "approve":
        status, shown = APPROVED, piece.text
    elif decision == "redact":
        current = existing.shown_text if existing and existing.shown_text else piece.text
        status, shown = REDACTED, redact(current, phrase or "")
    elif decision == "withhold":
        status, shown = WITHHELD, None
    else:
        raise ReviewError("Choose approve, remove words or withhold")
    if existing is None:
        existing = FreeTextReview(answer_id=piece.answer_id, field=piece.field)
        db.session.add(existing)
    existing.status = status
    existing.shown_text = shown
    existing.reviewed_by_id = user_id
    existing.reviewed_at = utcnow()
    db.session.flush()
    return piece.lens, status


def published_comments(info: AssessmentInfo, *, rules: DisclosureRules) -> list[FreeText]:
    """The comments the report shows: released responses of lenses with at least
    ``rules.min_respondents`` of them, approved or redacted by a lead (as redacted), ordered by
    lens, question and text."""
    counts = _released_counts(info.assessment_id)
    lenses = [
        lens for lens in ANONYMOUS_LENSES if not rules.hides_respondents(lens, counts.get(lens, 0))
    ]
    if not lenses:
        return []
    pieces = [piece for piece in _pieces(info.assessment_id, lenses) if piece.released]
    reviews = _reviews(pieces)
    shown = []
    for piece in pieces:
        review = reviews.get((piece.answer_id, piece.field))
        if review is None or review.status not in SHOWN or not review.shown_text:
            continue
        shown.append(
            (
                (piece.rank, review.shown_text.casefold()),
                FreeText(piece.lens, piece.item_id, piece.question, review.shown_text),
            )
        )
    shown.sort(key=lambda pair: pair[0])
    return [text for _, text in shown]


def waiting_for_review(
    info: AssessmentInfo, *, rules: DisclosureRules, words: RiskWords
) -> tuple[int, int]:
    """(comments waiting for review, of which hold a risk phrase) among those a lead may
    review now."""
    waiting = [risk for _, review, risk in _reviewable(info, rules, words) if review is None]
    return len(waiting), sum(1 for risk in waiting if risk)


def review_fingerprint(assessment_id: int) -> tuple[int, str]:
    """How many review decisions an assessment's comments have and when the latest was made:
    part of the key of a cached report, so any decision gives a new key."""
    count, latest = db.session.execute(
        select(func.count(FreeTextReview.id), func.max(FreeTextReview.reviewed_at))
        .join(Answer, Answer.id == FreeTextReview.answer_id)
        .join(Response, Response.id == Answer.response_id)
        .where(Response.assessment_id == assessment_id)
    ).one()
    return int(count or 0), str(latest)
