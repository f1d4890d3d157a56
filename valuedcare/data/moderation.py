"""The board's agreed position: members' answers to moderate, and the one agreed response.

The agreed position is stored as one submitted ``Response`` with lens ``board_agreed`` per
assessment, answered against the board questionnaire: each statement's agreed level is the answer's
value and score, the target its target, and the rationale its comment. Its ingredient scores are
stored like any response's (``store_response_scores``), so it appears in reports and exports as
its own lens.
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import delete, select
from sqlalchemy.orm.exc import StaleDataError

from valuedcare.data import transaction
from valuedcare.data.questionnaires import get_questionnaire
from valuedcare.data.records import AgreedAnswer, AgreedPosition, AssessmentInfo, MemberAnswer
from valuedcare.data.scores import store_response_scores
from valuedcare.extensions import db
from valuedcare.models import Answer, QuestionnaireVersion, Response
from valuedcare.models.base import utcnow
from valuedcare.questionnaire import Questionnaire
from valuedcare.scoring.columns import BOARD, BOARD_AGREED


class StaleAgreedPosition(Exception):
    """Someone else saved the agreed position after this form was opened."""


def get_board_questionnaire(info: AssessmentInfo) -> tuple[int, Questionnaire] | None:
    """The board questionnaire version to moderate: the newest one members answered, else the
    newest board questionnaire loaded; None when there is none."""
    version_id = db.session.scalar(
        select(Response.questionnaire_version_id)
        .where(Response.assessment_id == info.assessment_id, Response.lens == BOARD)
        .order_by(Response.questionnaire_version_id.desc())
        .limit(1)
    )
    if version_id is None:
        version_id = db.session.scalar(
            select(QuestionnaireVersion.id)
            .where(QuestionnaireVersion.lens == BOARD, QuestionnaireVersion.kind == "questionnaire")
            .order_by(QuestionnaireVersion.id.desc())
            .limit(1)
        )
    if version_id is None:
        return None
    return version_id, get_questionnaire(version_id)


def list_member_answers(info: AssessmentInfo) -> list[MemberAnswer]:
    """Every answer of the submitted board-member responses of this assessment.

    Rows are ordered by statement and then by level, never by member, so answers cannot be tied
    to one another.
    """
    statement = (
        select(Answer.item_id, Answer.score, Answer.not_known, Answer.target, Answer.comment)
        .join(Response, Response.id == Answer.response_id)
        .where(
            Response.assessment_id == info.assessment_id,
            Response.lens == BOARD,
            Response.status == "submitted",
        )
    )
    rows = db.session.execute(statement).all()
    answers = [
        MemberAnswer(r.item_id, r.score, bool(r.not_known), r.target, r.comment) for r in rows
    ]
    answers.sort(key=lambda a: (a.item_id, a.score is None, a.score or 0, a.comment or ""))
    return answers


def _agreed_response(info: AssessmentInfo) -> Response | None:
    return db.session.scalars(
        select(Response)
        .where(Response.assessment_id == info.assessment_id, Response.lens == BOARD_AGREED)
        .order_by(Response.id)
        .limit(1)
    ).first()


def get_agreed_position(info: AssessmentInfo) -> AgreedPosition | None:
    """The agreed position recorded for this assessment, or None."""
    response = _agreed_response(info)
    if response is None:
        return None
    answers = {
        answer.item_id: AgreedAnswer(int(answer.score), answer.target, answer.comment)
        for answer in response.answers
        if answer.score is not None
    }
    return AgreedPosition(response.id, response.revision, answers)


def save_agreed_position(
    info: AssessmentInfo,
    version_id: int,
    decisions: Mapping[str, AgreedAnswer],
    *,
    expected_revision: int | None,
    user_id: int | None,
) -> int:
    """Create or replace the agreed response with ``decisions`` (statement id -> agreed answer).

    ``expected_revision`` is the revision the form was built from (None when there was no agreed
    position yet); if the stored revision differs, ``StaleAgreedPosition`` is raised and nothing
    changes. Returns the response id. Adds and flushes; the request commits.
    """
    questionnaire = get_questionnaire(version_id)
    response = _claim_agreed_response(info, version_id, expected_revision, user_id)
    db.session.execute(delete(Answer).where(Answer.response_id == response.id))
    db.session.expire(response, ["answers"])
    for item_id, decision in decisions.items():
        db.session.add(
            Answer(
                response_id=response.id,
                item_id=item_id,
                value=decision.level,
                score=questionnaire.item(item_id).score_for(decision.level),
                not_known=False,
                target=decision.target,
                comment=decision.rationale or None,
            )
        )
    db.session.flush()
    store_response_scores(response.id)
    return response.id


def _claim_agreed_response(
    info: AssessmentInfo, version_id: int, expected_revision: int | None, user_id: int | None
) -> Response:
    """The agreed response, created or updated (which raises its revision), if nobody else
    saved since ``expected_revision``; else ``StaleAgreedPosition``."""
    response = _agreed_response(info)
    current = response.revision if response is not None else None
    if current != expected_revision:
        raise StaleAgreedPosition()
    if response is None:
        response = Response(assessment_id=info.assessment_id, lens=BOARD_AGREED)
        db.session.add(response)
    response.questionnaire_version_id = version_id
    response.status = "submitted"
    response.submitted_at = utcnow()
    response.user_id = user_id
    try:
        db.session.flush()  # the UPDATE checks the revision it read (optimistic locking)
    except StaleDataError as error:
        transaction.rollback()
        raise StaleAgreedPosition() from error
    return response


__all__ = [
    "AgreedAnswer",
    "AgreedPosition",
    "MemberAnswer",
    "StaleAgreedPosition",
    "get_agreed_position",
    "get_board_questionnaire",
    "list_member_answers",
    "save_agreed_position",
]
