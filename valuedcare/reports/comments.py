"""Reviewing comments from experts by experience and partners before the report shows them.

Who: organisation administrators (their own organisation) and platform administrators. See
``valuedcare.data.free_text`` for what the page shows and why.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import current_app
from wtforms import HiddenField, StringField
from wtforms.validators import DataRequired, Length, Optional

from valuedcare.data import audit, free_text
from valuedcare.data.free_text import CommentForReview, ReviewError
from valuedcare.data.records import AssessmentInfo
from valuedcare.disclosure import DisclosureRules
from valuedcare.forms.base import BaseForm
from valuedcare.risk import risk_words

DECISIONS = ("approve", "redact", "withhold")


class ReviewForm(BaseForm):
    ref = HiddenField(validators=[DataRequired(), Length(max=64)])
    decision = HiddenField(validators=[DataRequired()])
    phrase = StringField(
        "Words to remove",
        validators=[Optional(), Length(max=200, message="Enter 200 characters or fewer")],
    )


@dataclass(frozen=True)
class ReviewPage:
    info: AssessmentInfo
    comments: tuple[CommentForReview, ...]

    @property
    def waiting(self) -> int:
        return sum(1 for comment in self.comments if comment.status == free_text.PENDING)

    @property
    def at_risk(self) -> int:
        return sum(
            1 for comment in self.comments if comment.risk and comment.status == free_text.PENDING
        )


def _secret() -> str:
    return str(current_app.config["SECRET_KEY"])


def _rules() -> DisclosureRules:
    return DisclosureRules.from_config(current_app.config)


def review_page(info: AssessmentInfo) -> ReviewPage:
    comments = free_text.list_for_review(info, rules=_rules(), words=risk_words(), secret=_secret())
    return ReviewPage(info, tuple(comments))


def waiting(info: AssessmentInfo) -> tuple[int, int]:
    """(comments waiting for review, of which may show a risk of harm)."""
    return free_text.waiting_for_review(info, rules=_rules(), words=risk_words())


def decide(info: AssessmentInfo, form: ReviewForm, user_id: int) -> str:
    """Apply the posted decision; returns the message for the lead. Raises ``ReviewError``
    (shown on the page) or ``LookupError`` (404)."""
    decision = form.decision.data
    if decision not in DECISIONS:
        raise ReviewError("Choose approve, remove words or withhold")
    lens, status = free_text.review(
        info,
        form.ref.data,
        decision,
        phrase=form.phrase.data,
        user_id=user_id,
        secret=_secret(),
    )
    audit.record(
        "comment_reviewed",
        organisation_id=info.organisation_id,
        target_type="assessment",
        target_id=str(info.assessment_id),
        detail={"decision": status, "lens": lens},
    )
    return {
        free_text.APPROVED: "Comment approved: the report shows it as written.",
        free_text.REDACTED: "Words removed: the report shows the comment without them.",
        free_text.WITHHELD: "Comment withheld: the report will never show it.",
    }[status]
