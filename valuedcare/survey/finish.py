"""The end of the respondent's journey: saved for later, check your answers, submit and the
read-only confirmation (see ``valuedcare.survey.routes`` for the whole URL scheme)."""

from __future__ import annotations

from typing import Any

from flask import abort, redirect, render_template, url_for
from werkzeug.wrappers import Response as HttpResponse

from valuedcare import access
from valuedcare.data import address_lists, audit, invitations, responses
from valuedcare.data.records import DraftResponse, Link, LinkInvitation
from valuedcare.questionnaire import Item
from valuedcare.survey import bp, journey, respondent
from valuedcare.survey.forms import SubmitForm, short
from valuedcare.survey.limits import respondent_link_limit


@bp.get("/r/<token>/saved")
@access.respondent_link
@respondent_link_limit
def saved(token: str) -> str | HttpResponse:
    found = respondent.draft_or_redirect(token)
    if isinstance(found, HttpResponse):
        return found
    invitation, _response = found
    return render_template(
        "survey/saved.html",
        token=token,
        link_url=url_for("survey.start", token=token, _external=True),
        resume_code=respondent.code_for(invitation),
        is_anonymous=invitation.kind in invitations.SHARED_KINDS,
    )


def _render_check(
    token: str, response: DraftResponse, form: SubmitForm, problems: list[dict[str, str]]
) -> str:
    questionnaire = responses.questionnaire_of(response)
    answers = responses.stored_answers(response)
    visible = questionnaire.visible_item_ids(responses.raw_values(answers))
    sections = [
        (s, journey.summary(s, visible, answers))
        for s in responses.visible_sections(questionnaire, visible)
    ]
    form.revision.data = str(response.revision)
    return render_template(
        "survey/check.html",
        token=token,
        questionnaire=questionnaire,
        sections=sections,
        submit_form=form,
        problems=problems,
        has_errors=bool(problems),
        draft_ticket=(
            journey.draft_ticket(response.invitation_id)
            if response.invitation_id is not None
            else None
        ),
    )


@bp.get("/r/<token>/check")
@access.respondent_link
@respondent_link_limit
def check(token: str) -> str | HttpResponse:
    found = respondent.draft_or_redirect(token)
    if isinstance(found, HttpResponse):
        return found
    return _render_check(token, found[1], SubmitForm(), [])


@bp.post("/r/<token>/submit")
@access.respondent_link
@respondent_link_limit
def submit(token: str) -> str | HttpResponse:
    found = respondent.draft_or_redirect(token)
    if isinstance(found, HttpResponse):
        return found  # already submitted (a double click): the confirmation page
    invitation, response = found
    form = SubmitForm()
    revision = form.revision_number()
    if not form.validate_on_submit() or revision is None:
        abort(400)
    try:
        missing = responses.submit_response(response, revision)
    except responses.RevisionConflict:
        problem = {
            "text": "Your answers were changed in another tab or window. Check them and "
            "send them again"
        }
        current = respondent.current_response(invitation)
        if current is None:
            return redirect(url_for("survey.start", token=token))
        return _render_check(token, current, SubmitForm(), [problem])
    if missing:
        problems = [_missing_problem(token, response, item) for item in missing]
        return _render_check(token, response, SubmitForm(), problems)
    single_use = respondent.single_use_hash()
    if single_use is not None:
        # A person's own link from an address list: spent in this transaction, so the answers
        # and the spending are saved together or not at all. Another browser that sent the
        # same link a moment earlier wins, and this request rolls back (the 410 page).
        if not address_lists.use_up(single_use):
            raise respondent.LinkProblem(Link(invitations.LINK_USED))
        journey.remember_sent_link(token, invitation.id)
    journey.forget_code(invitation.id)
    audit.record(
        "response_submitted",
        organisation_id=invitation.organisation_id,
        target_type="assessment",
        target_id=str(invitation.assessment_id),
        lens=invitation.lens,
    )
    return redirect(url_for("survey.confirmation", token=token))


def _missing_problem(token: str, response: DraftResponse, item: Item) -> dict[str, str]:
    section_ = responses.questionnaire_of(response).section_of(item.id)
    back: dict[str, Any] = {"return": "check"}
    href = url_for("survey.section", token=token, section_id=section_.id, **back)
    return {"text": f"Answer “{short(item.text)}” in {section_.title}", "href": f"{href}#{item.id}"}


@bp.get("/r/<token>/confirmation")
@access.respondent_link
@respondent_link_limit
def confirmation(token: str) -> str | HttpResponse:
    invitation = _sent_or_open(token)
    response = respondent.current_response(invitation)
    if response is None:
        return redirect(url_for("survey.start", token=token))
    if not response.is_submitted:
        return redirect(url_for("survey.tasks", token=token))
    return render_template(
        "survey/confirmation.html",
        token=token,
        invitation=invitation,
        questionnaire=responses.questionnaire_of(response),
        is_anonymous=invitation.kind in invitations.SHARED_KINDS,
    )


def _sent_or_open(token: str) -> LinkInvitation:
    """The link of a confirmation page: open, or a single-use link this browser has just used
    up by sending its answers (anyone else is told the link has been used)."""
    try:
        return respondent.open_invitation(token)
    except respondent.LinkProblem as problem:
        if problem.link.state != invitations.LINK_USED:
            raise
        sent_through = journey.sent_link(token)
        invitation = invitations.get_link(sent_through) if sent_through is not None else None
        if invitation is None:
            raise
        return invitation
