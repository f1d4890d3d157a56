"""The data layer behind the journey: links, starting, resuming, saving and submitting."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from sqlalchemy import select

from tests.integration.survey.links import LEAD_SCOPE, LinkFixture, make_link
from valuedcare.data import invitations, responses
from valuedcare.data.scope import Scope
from valuedcare.questionnaire.answers import AnswerInput
from valuedcare.resume_codes import CODE_ALPHABET, CODE_LENGTH, hash_code


def _invitation(token: str) -> Any:
    return invitations.find_link(token).invitation


def _row(db: Any, record: Any) -> Any:
    """The stored response behind a record (the data layer hands out records, not rows)."""
    from valuedcare.models import Response

    return db.session.get(Response, record.id)


def test_token_is_stored_only_as_its_sha256(db: Any, ebe_link: LinkFixture) -> None:
    from valuedcare.models import Invitation

    invitation = db.session.get(Invitation, ebe_link.invitation_id)
    assert invitation.token_hash == hashlib.sha256(ebe_link.token.encode()).hexdigest()
    assert ebe_link.token not in invitation.token_hash
    assert invitations.find_link(ebe_link.token).is_open


def test_link_states(db: Any, factories: Any, assessment: Any, ebe_link: LinkFixture) -> None:
    assert invitations.find_link("no-such-token").state == invitations.UNKNOWN
    assert invitations.find_link("").state == invitations.UNKNOWN
    assert invitations.find_link("x" * 500).state == invitations.UNKNOWN
    invitations.close_invitation(LEAD_SCOPE, ebe_link.invitation_id)
    assert invitations.find_link(ebe_link.token).state == invitations.LINK_CLOSED
    closed_cycle = factories.cycle(label="2019/20", status="closed")
    other = make_link(db, factories.assessment(cycle=closed_cycle), "partner")
    assert invitations.find_link(other.token).state == invitations.CYCLE_CLOSED


def test_anonymous_link_starts_a_fresh_draft_each_time(db: Any, ebe_link: LinkFixture) -> None:
    invitation = _invitation(ebe_link.token)
    first = responses.start_response(invitation)
    second = responses.start_response(invitation)
    assert first.response.id != second.response.id
    for started in (first, second):
        assert started.resume_code and len(started.resume_code) == CODE_LENGTH
        assert set(started.resume_code) <= set(CODE_ALPHABET)
        row = _row(db, started.response)
        assert row.resume_code_hash == hash_code(started.resume_code)
        assert row.user_id is None
        assert started.response.lens == "experts_by_experience"
    code = first.resume_code
    assert responses.resume_response(invitation, code).id == first.response.id
    assert responses.resume_response(invitation, f"{code[:4].lower()}-{code[4:]}").id == (
        first.response.id
    )
    assert responses.resume_response(invitation, "AAAAAAAA") is None
    assert responses.resume_response(invitation, "short") is None


def test_resume_code_only_works_on_its_own_link(db: Any, assessment: Any) -> None:
    one = make_link(db, assessment, "experts_by_experience")
    two = make_link(db, assessment, "experts_by_experience")
    started = responses.start_response(_invitation(one.token))
    assert responses.resume_response(_invitation(two.token), started.resume_code) is None


def test_individual_link_has_one_response(db: Any, board_link: LinkFixture) -> None:
    invitation = _invitation(board_link.token)
    first = responses.start_response(invitation)
    second = responses.start_response(invitation)
    assert first.response.id == second.response.id
    assert first.resume_code is None and _row(db, first.response).resume_code_hash is None
    assert first.response.lens == "board"


def _section(response: Any, section_id: str) -> Any:
    questionnaire = responses.questionnaire_of(response)
    return next(s for s in questionnaire.sections if s.id == section_id)


def test_save_upserts_one_answer_per_item(db: Any, board_link: LinkFixture) -> None:
    from valuedcare.models import Answer

    response = responses.start_response(_invitation(board_link.token)).response
    section = _section(response, "experts_by_experience")
    inputs = {item.id: AnswerInput("3") for item in section.items}
    revision = responses.save_section(response, section, inputs, response.revision)
    inputs["ebe1"] = AnswerInput("dont_know", target=4, comment="Minutes of May")
    responses.save_section(response, section, inputs, revision)
    rows = db.session.scalars(select(Answer).where(Answer.response_id == response.id)).all()
    assert len(rows) == len(section.items)
    ebe1 = next(row for row in rows if row.item_id == "ebe1")
    assert (ebe1.value, ebe1.score, ebe1.not_known, ebe1.target, ebe1.comment) == (
        "dont_know",
        None,
        True,
        4,
        "Minutes of May",
    )
    ebe2 = next(row for row in rows if row.item_id == "ebe2")
    assert (ebe2.value, ebe2.score, ebe2.not_known) == (3, 3.0, False)


def test_out_of_date_revision_is_a_conflict_and_changes_nothing(
    db: Any, board_link: LinkFixture
) -> None:
    response = responses.start_response(_invitation(board_link.token)).response
    section = _section(response, "experts_by_experience")
    old = response.revision
    responses.save_section(response, section, {"ebe1": AnswerInput("2")}, old)
    db.session.commit()
    with pytest.raises(responses.RevisionConflict):
        responses.save_section(response, section, {"ebe1": AnswerInput("5")}, old)
    db.session.rollback()
    assert responses.stored_answers(response)["ebe1"].value == 2


def test_submit_drops_hidden_answers_scores_and_locks(db: Any, ebe_link: LinkFixture) -> None:
    from valuedcare.models import ResponseScore

    response = responses.start_response(_invitation(ebe_link.token)).response
    revision = responses.save_section(
        response,
        _section(response, "taking_part"),
        {"took_part": AnswerInput("yes")},
        response.revision,
    )
    revision = responses.save_section(
        response, _section(response, "part_a"), {"a2": AnswerInput("agree")}, revision
    )
    revision = responses.save_section(
        response,
        _section(response, "taking_part"),
        {"took_part": AnswerInput("no")},
        revision,
    )
    assert "a2" in responses.stored_answers(response)
    assert responses.submit_response(response, revision) == []
    stored = _row(db, response)
    assert stored.status == "submitted" and stored.submitted_at is not None
    assert set(responses.stored_answers(response)) == {"took_part"}
    scores = db.session.scalars(
        select(ResponseScore).where(ResponseScore.response_id == response.id)
    ).all()
    assert all(
        score.ingredient != "experts_by_experience" or score.items_scored == 0 for score in scores
    )
    with pytest.raises(responses.ResponseLocked):
        responses.save_section(
            response,
            _section(response, "taking_part"),
            {"took_part": AnswerInput("yes")},
            response.revision,
        )
    with pytest.raises(responses.ResponseLocked):
        responses.submit_response(response, response.revision)


def test_submit_refuses_missing_required_answers(db: Any, board_link: LinkFixture) -> None:
    response = responses.start_response(_invitation(board_link.token)).response
    missing = responses.submit_response(response, response.revision)
    assert len(missing) == len(responses.questionnaire_of(response).items())
    assert response.status == "draft"


def test_board_submission_stores_ingredient_scores(db: Any, board_link: LinkFixture) -> None:
    from valuedcare.models import ResponseScore

    response = responses.start_response(_invitation(board_link.token)).response
    revision = response.revision
    for section in responses.questionnaire_of(response).sections:
        inputs = {item.id: AnswerInput("4") for item in section.items}
        revision = responses.save_section(response, section, inputs, revision)
    assert responses.submit_response(response, revision) == []
    scores = db.session.scalars(
        select(ResponseScore).where(ResponseScore.response_id == response.id)
    ).all()
    assert len(scores) == 10
    assert {score.score for score in scores} == {4.0}


def test_lead_functions_see_only_their_own_organisation(
    db: Any, factories: Any, assessment: Any, ebe_link: LinkFixture
) -> None:
    other_org = factories.organisation()
    other = Scope(user_id=None, role="organisation_admin", organisation_id=other_org.id)
    own = Scope(user_id=None, role="organisation_admin", organisation_id=assessment.organisation_id)
    assert invitations.get_assessment(other, assessment.id) is None
    assert invitations.list_invitations(other, assessment.id) == []
    assert invitations.close_invitation(other, ebe_link.invitation_id) is None
    assert invitations.find_link(ebe_link.token).is_open
    assert (
        invitations.create_anonymous_link(other, assessment.id, lens="partner", label="x") is None
    )
    assert invitations.invite_board_member(other, assessment.id, name="x") is None
    assert invitations.response_rates(other, assessment.id) == []
    assert [row.id for row in invitations.list_invitations(own, assessment.id)] == [
        ebe_link.invitation_id
    ]


def test_response_rates_count_started_and_submitted_by_lens(
    db: Any, factories: Any, assessment: Any, ebe_link: LinkFixture, board_link: LinkFixture
) -> None:
    invitation = _invitation(ebe_link.token)
    for _ in range(3):
        responses.start_response(invitation)
    submitted = responses.start_response(invitation).response
    responses.submit_response(submitted, submitted.revision)
    responses.start_response(_invitation(board_link.token))
    factories.response(assessment, lens="partner")  # collected another way (no link)
    factories.response(assessment, lens="board_agreed")  # the board's position, not a response
    rates = {rate.lens: rate for rate in invitations.response_rates(LEAD_SCOPE, assessment.id)}
    # anonymous lenses: 4 started and 1 sent, rounded to the nearest 5 below 20
    assert (rates["experts_by_experience"].started, rates["experts_by_experience"].submitted) == (
        5,
        0,
    )
    assert (rates["board"].started, rates["board"].submitted, rates["board"].links) == (1, 0, 1)
    assert (rates["partner"].started, rates["partner"].submitted, rates["partner"].links) == (
        0,
        0,
        0,
    )
    assert set(rates) == {"board", "experts_by_experience", "partner"}


def test_anonymous_links_are_only_for_anonymous_lenses(db: Any, assessment: Any) -> None:
    with pytest.raises(invitations.InvitationError):
        invitations.create_anonymous_link(LEAD_SCOPE, assessment.id, lens="board", label="x")


def test_a_racing_save_committed_in_between_is_caught_by_the_database(
    db: Any, board_link: LinkFixture
) -> None:
    """Both requests read revision N; the other one commits first. Our UPDATE ... WHERE revision
    = N then matches no row, so our save is refused instead of overwriting or duplicating."""
    from sqlalchemy import text
    from sqlalchemy.orm import Session

    response = responses.start_response(_invitation(board_link.token)).response
    db.session.commit()
    section = _section(response, "experts_by_experience")
    expected = response.revision
    with Session(db.engine) as other:
        other.execute(
            text("UPDATE responses SET revision = revision + 1 WHERE id = :id"),
            {"id": response.id},
        )
        other.commit()
    with pytest.raises(responses.RevisionConflict):
        responses.save_section(response, section, {"ebe1": AnswerInput("2")}, expected)
    db.session.rollback()
    assert responses.stored_answers(response) == {}
