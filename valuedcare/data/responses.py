"""Responses through an invitation link: start, resume, save a section, submit.

- An individual link (a named board member) has one response; starting again returns it.
- An anonymous link starts a fresh draft each time, with a short resume code (8 characters from an
  alphabet without look-alikes) shown once; only its SHA-256 digest is stored.
- ``save_section`` upserts one answer per item (unique response_id + item_id) and bumps the
  response's ``revision`` first: a save made from an out-of-date page (a second tab, a double
  click) raises ``RevisionConflict`` instead of overwriting, and two racing saves cannot both pass
  (the revision is the ORM's version counter, checked by the UPDATE itself).
- ``submit_response`` drops answers to items hidden by ``show_if``, marks the response submitted
  and stores its ingredient scores. A submitted response is read-only.

Nothing here logs or audits answer content.
"""

from __future__ import annotations

from collections.abc import Mapping

from sqlalchemy import delete, select
from sqlalchemy.orm.exc import StaleDataError

from valuedcare.data import transaction
from valuedcare.data.questionnaires import get_questionnaire
from valuedcare.data.records import DraftResponse, LinkInvitation, Started, StoredAnswer
from valuedcare.data.scores import store_response_scores
from valuedcare.extensions import db
from valuedcare.models import Answer, Invitation, Response
from valuedcare.models.base import utcnow
from valuedcare.questionnaire import Item, Questionnaire, Section
from valuedcare.questionnaire.answers import AnswerInput, is_blank
from valuedcare.resume_codes import hash_code, is_well_formed_code, new_resume_code

DRAFT = "draft"
SUBMITTED = "submitted"


class RevisionConflict(Exception):
    """The response changed since the page was shown (another tab, or a repeated submit)."""


class ResponseLocked(Exception):
    """The response has been submitted and can no longer change."""


# Starting and finding responses ---------------------------------------------------------------


def draft_record(response: Response) -> DraftResponse:
    """The record of a response that leaves the data layer."""
    return DraftResponse(
        id=response.id,
        invitation_id=response.invitation_id,
        assessment_id=response.assessment_id,
        questionnaire_version_id=response.questionnaire_version_id,
        lens=response.lens,
        status=response.status,
        revision=response.revision,
    )


def _row(response: DraftResponse | Response) -> Response:
    row = db.session.get(Response, response.id)
    if row is None:
        raise LookupError(f"no response {response.id}")
    return row


def _new_response(invitation: LinkInvitation, resume_code_hash: str | None) -> Response:
    response = Response(
        assessment_id=invitation.assessment_id,
        invitation_id=invitation.id,
        questionnaire_version_id=invitation.questionnaire_version_id,
        lens=invitation.lens,
        team=invitation.team,
        user_id=invitation.user_id,
        status=DRAFT,
        resume_code_hash=resume_code_hash,
    )
    db.session.add(response)
    db.session.flush()
    return response


def _individual_row(invitation: LinkInvitation) -> Response | None:
    return db.session.scalars(
        select(Response).where(Response.invitation_id == invitation.id).order_by(Response.id)
    ).first()


def individual_response(invitation: LinkInvitation) -> DraftResponse | None:
    """The one response of an individual link, if it has been started."""
    row = _individual_row(invitation)
    return None if row is None else draft_record(row)


def start_response(invitation: LinkInvitation) -> Started:
    """Start answering through a link (see the module docstring)."""
    if invitation.kind == "individual":
        db.session.scalars(
            select(Invitation.id).where(Invitation.id == invitation.id).with_for_update()
        ).first()
        existing = _individual_row(invitation)
        return Started(draft_record(existing or _new_response(invitation, None)), None)
    for _ in range(5):
        code = new_resume_code()
        taken = db.session.scalar(
            select(Response.id).where(Response.resume_code_hash == hash_code(code))
        )
        if taken is None:
            return Started(draft_record(_new_response(invitation, hash_code(code))), code)
    raise RuntimeError("could not find a free resume code")  # pragma: no cover


def response_for_link(invitation: LinkInvitation, response_id: int | None) -> DraftResponse | None:
    """The response a link's holder is answering: the individual one, or the anonymous draft
    ``response_id`` (from the signed session) when it belongs to this link."""
    if invitation.kind == "individual":
        return individual_response(invitation)
    if response_id is None:
        return None
    response = db.session.get(Response, response_id)
    if response is None or response.invitation_id != invitation.id:
        return None
    return draft_record(response)


def resume_response(invitation: LinkInvitation, code: str) -> DraftResponse | None:
    """The anonymous draft of this link whose resume code is ``code``, or None."""
    if not is_well_formed_code(code):
        return None
    row = db.session.scalars(
        select(Response).where(
            Response.invitation_id == invitation.id,
            Response.resume_code_hash == hash_code(code),
        )
    ).first()
    return None if row is None else draft_record(row)


def questionnaire_of(response: DraftResponse | Response) -> Questionnaire:
    return get_questionnaire(response.questionnaire_version_id)


# Reading answers ------------------------------------------------------------------------------


def stored_answers(response: DraftResponse | Response) -> dict[str, StoredAnswer]:
    rows = db.session.scalars(select(Answer).where(Answer.response_id == response.id)).all()
    return {
        row.item_id: StoredAnswer(row.value, row.not_known, row.target, row.comment) for row in rows
    }


def raw_values(answers: Mapping[str, StoredAnswer]) -> dict[str, object]:
    """item id -> raw value, as ``Questionnaire.visible_item_ids`` wants."""
    return {item_id: answer.value for item_id, answer in answers.items()}


def is_answered(answer: StoredAnswer | None) -> bool:
    return answer is not None and answer.is_answered


def visible_sections(questionnaire: Questionnaire, visible: set[str]) -> list[Section]:
    return [s for s in questionnaire.sections if any(item.id in visible for item in s.items)]


def missing_required(
    questionnaire: Questionnaire, answers: Mapping[str, StoredAnswer]
) -> list[Item]:
    visible = questionnaire.visible_item_ids(raw_values(answers))
    return [
        item
        for item in questionnaire.items()
        if item.id in visible and item.required and not is_answered(answers.get(item.id))
    ]


# Saving ---------------------------------------------------------------------------------------


def answer_columns(item: Item, value: object) -> tuple[object, float | None, bool]:
    """(stored value, score, not_known) for a raw answer, as the reports expect.

    Maturity levels are stored as whole numbers and "don't know" as ``"dont_know"``; a scale or
    number answer as a whole number; multiple choice as a list in option order. Only ``scored``
    items get a score, so the unscored half of a pair (what people hoped for) never counts towards
    an ingredient.
    """
    value = item.kind.convert(item, value)
    not_known = item.is_not_known(value)
    score = item.score_for(value) if item.scored and not not_known else None
    return value, score, not_known


def _bump_revision(response: Response, expected_revision: int) -> None:
    """Claim the next revision, or roll the session back and raise ``RevisionConflict``."""
    if response.status != DRAFT:
        raise ResponseLocked
    if response.revision != expected_revision:
        transaction.rollback()
        raise RevisionConflict
    response.updated_at = utcnow()
    try:
        db.session.flush()  # UPDATE ... WHERE revision = expected: a racing save matches no row
    except StaleDataError as error:
        transaction.rollback()
        raise RevisionConflict from error


def save_section(
    response: DraftResponse | Response,
    section: Section,
    inputs: Mapping[str, AnswerInput],
    expected_revision: int,
) -> int:
    """Store the answers to one section's visible items; returns the new revision.

    ``inputs`` has an entry for every item shown on the page (an empty ``AnswerInput`` clears an
    earlier answer); items not in ``inputs`` keep what they had. Raises ``ResponseLocked`` after
    submission and ``RevisionConflict`` when ``expected_revision`` is out of date.
    """
    response = _row(response)
    _bump_revision(response, expected_revision)
    existing = {
        row.item_id: row
        for row in db.session.scalars(
            select(Answer).where(
                Answer.response_id == response.id,
                Answer.item_id.in_([item.id for item in section.items]),
            )
        )
    }
    for item in section.items:
        given = inputs.get(item.id)
        if given is None:
            continue
        row = existing.get(item.id)
        if given.is_empty:
            if row is not None:
                db.session.delete(row)
            continue
        if row is None:
            row = Answer(response_id=response.id, item_id=item.id)
            db.session.add(row)
        if is_blank(given.value):
            row.value, row.score, row.not_known = None, None, False
        else:
            row.value, row.score, row.not_known = answer_columns(item, given.value)
        row.target = given.target
        row.comment = given.comment or None
    db.session.flush()
    return response.revision


def matches_stored(
    section: Section, inputs: Mapping[str, AnswerInput], answers: Mapping[str, StoredAnswer]
) -> bool:
    """True when saving ``inputs`` would change nothing (a repeated "Save and continue")."""
    for item in section.items:
        given = inputs.get(item.id)
        if given is None:
            continue
        stored = answers.get(item.id)
        if given.is_empty:
            if stored is not None:
                return False
            continue
        if stored is None:
            return False
        value = None if is_blank(given.value) else answer_columns(item, given.value)[0]
        if (value, given.target, given.comment or None) != (
            stored.value,
            stored.target,
            stored.comment,
        ):
            return False
    return True


def submit_response(response: DraftResponse | Response, expected_revision: int) -> list[Item]:
    """Submit a draft: returns the required items still missing (nothing is submitted then).

    Answers to items hidden by ``show_if`` are deleted so they are never scored. Raises
    ``ResponseLocked`` when already submitted and ``RevisionConflict`` when out of date.
    """
    response = _row(response)
    if response.status != DRAFT:
        raise ResponseLocked
    questionnaire = questionnaire_of(response)
    answers = stored_answers(response)
    missing = missing_required(questionnaire, answers)
    if missing:
        return missing
    _bump_revision(response, expected_revision)
    visible = questionnaire.visible_item_ids(raw_values(answers))
    hidden = [item_id for item_id in answers if item_id not in visible]
    if hidden:
        db.session.execute(
            delete(Answer).where(Answer.response_id == response.id, Answer.item_id.in_(hidden))
        )
    response.status = SUBMITTED
    response.submitted_at = utcnow()
    db.session.flush()
    store_response_scores(response.id)
    return []


__all__ = [
    "AnswerInput",
    "ResponseLocked",
    "RevisionConflict",
    "Started",
    "StoredAnswer",
    "answer_columns",
    "individual_response",
    "is_answered",
    "matches_stored",
    "missing_required",
    "questionnaire_of",
    "raw_values",
    "response_for_link",
    "resume_response",
    "save_section",
    "stored_answers",
    "submit_response",
    "visible_sections",
]
