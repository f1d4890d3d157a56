"""Improvement leads' pages: invitation links per lens, closing links, response rates.

- ``GET       /invitations``                             the lead's assessments, by cycle
- ``POST      /invitations/cycles/<cycle id>``           start the organisation's assessment
- ``GET       /assessments/<id>/invitations``            links with their state and counts
- ``GET|POST  /assessments/<id>/invitations/anonymous``  create an anonymous link (URL shown once)
- ``GET|POST  /assessments/<id>/invitations/board``      invite a named board member (URL once)
- ``POST      /invitations/<id>/close``                  close a link
- ``POST      /invitations/<id>/resend``                 email a board member's invitation again
- ``GET       /assessments/<id>/response-rates``         started and submitted, by lens

Every page goes through ``current_scope()``: another organisation's ids give 404. Counts only:
no page shows any answer.
"""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, url_for
from werkzeug.wrappers import Response as HttpResponse

from valuedcare import access
from valuedcare.data import address_lists, audit, invitations, responses
from valuedcare.links import respondent_link
from valuedcare.survey import bp, journey
from valuedcare.survey.lead_forms import (
    AnonymousLinkForm,
    BoardMemberForm,
    CloseLinkForm,
    check_questionnaire,
    offer_questionnaires,
)

LEADS = ("organisation_admin", "platform_admin")

#: An emailed invitation's state, as a lead reads it: (words, NHS.UK tag colour).
EMAIL_STATES = {
    "queued": ("Waiting to send", "nhsuk-tag--blue"),
    "sending": ("Waiting to send", "nhsuk-tag--blue"),
    "uncertain": ("Being checked", "nhsuk-tag--yellow"),
    "sent": ("Sent", "nhsuk-tag--white"),
    "delivered": ("Delivered", "nhsuk-tag--green"),
    "failed": ("Not delivered", "nhsuk-tag--red"),
}


@bp.get("/invitations")
@access.signed_in(*LEADS)
def index() -> str:
    return render_template(
        "survey/leads/index.html",
        rows=invitations.list_lead_assessments(access.current_scope()),
        start_form=CloseLinkForm(),
    )


@bp.post("/invitations/cycles/<int:cycle_id>")
@access.signed_in(*LEADS)
def start_assessment(cycle_id: int) -> HttpResponse:
    if not CloseLinkForm().validate_on_submit():
        abort(400)
    started = invitations.start_assessment(access.current_scope(), cycle_id)
    if started is None:
        abort(404)
    assessment, created = started
    if created:
        audit.record(
            "assessment_started",
            organisation_id=assessment.organisation_id,
            target_type="assessment",
            target_id=str(assessment.id),
        )
    return redirect(url_for("survey.invitation_list", assessment_id=assessment.id))


def _assessment(assessment_id: int) -> Any:
    assessment = invitations.get_assessment(access.current_scope(), assessment_id)
    if assessment is None:
        abort(404)
    return assessment


@bp.get("/assessments/<int:assessment_id>/invitations")
@access.signed_in(*LEADS)
def invitation_list(assessment_id: int) -> str:
    assessment = _assessment(assessment_id)
    scope = access.current_scope()
    return render_template(
        "survey/leads/invitations.html",
        assessment=assessment,
        links=invitations.list_invitations(scope, assessment_id),
        lens_labels=invitations.LENS_LABELS,
        close_form=CloseLinkForm(),
        paper_form=CloseLinkForm(),
        cycle_is_open=assessment.cycle.is_open,
        email_states=EMAIL_STATES,
    )


def _created(assessment: Any, invitation: Any, token: str, emailed_to: str | None = None) -> str:
    audit.record(
        "invitation_created",
        organisation_id=assessment.organisation_id,
        target_type="invitation",
        target_id=str(invitation.id),
        lens=invitation.lens,
        kind=invitation.kind,
    )
    return render_template(
        "survey/leads/link_created.html",
        assessment=assessment,
        invitation=invitation,
        lens_label=invitations.LENS_LABELS[invitation.lens],
        link_url=url_for("survey.start", token=token, _external=True),
        emailed_to=emailed_to,
    )


@bp.route("/assessments/<int:assessment_id>/invitations/anonymous", methods=["GET", "POST"])
@access.signed_in(*LEADS)
def new_link(assessment_id: int) -> str:
    assessment = _assessment(assessment_id)
    form = AnonymousLinkForm()
    choices = invitations.questionnaire_choices()
    offer_questionnaires(form, choices)
    valid = form.validate_on_submit()
    if form.is_submitted() and not check_questionnaire(form, choices):
        valid = False
    if valid:
        try:
            made = invitations.create_anonymous_link(
                access.current_scope(),
                assessment_id,
                lens=form.lens.data,
                label=form.label.data,
                team=(form.team.data or "").strip() or None,
                expected=form.expected.data,
                questionnaire=form.questionnaire.data or None,
                max_responses=form.max_responses.data,
                closes_on=form.closes_on.data,
            )
        except invitations.InvitationError as error:
            form.closes_on.errors = [str(error)]
        else:
            if made is None:
                abort(404)
            return _created(assessment, *made)
    return render_template("survey/leads/new_link.html", assessment=assessment, form=form)


@bp.route("/assessments/<int:assessment_id>/invitations/board", methods=["GET", "POST"])
@access.signed_in(*LEADS)
def invite_member(assessment_id: int) -> str:
    assessment = _assessment(assessment_id)
    form = BoardMemberForm()
    if form.validate_on_submit():
        scope = access.current_scope()
        made = invitations.invite_board_member(
            scope, assessment_id, name=form.name.data, email=form.email.data
        )
        if made is None:
            abort(404)
        invitation, token = made
        emailed_to = (form.email.data or "").strip().lower() or None
        if emailed_to and assessment.cycle.is_open:
            invitations.email_board_invitation(scope, invitation.id, respondent_link)
        else:
            emailed_to = None
        return _created(assessment, invitation, token, emailed_to)
    return render_template("survey/leads/invite_member.html", assessment=assessment, form=form)


@bp.post("/invitations/<int:invitation_id>/close")
@access.signed_in(*LEADS)
def close_link(invitation_id: int) -> HttpResponse:
    if not CloseLinkForm().validate_on_submit():
        abort(400)
    invitation = invitations.close_invitation(access.current_scope(), invitation_id)
    if invitation is None:
        abort(404)
    audit.record(
        "invitation_closed",
        organisation_id=invitation.organisation_id,
        target_type="invitation",
        target_id=str(invitation.id),
        lens=invitation.lens,
    )
    deleted = address_lists.delete_list(access.current_scope(), invitation_id)
    if deleted:  # the people's links stopped working with the link: their addresses go too
        audit.record(
            "address_list_deleted",
            organisation_id=invitation.organisation_id,
            target_type="invitation",
            target_id=str(invitation.id),
            addresses=deleted,
            why="link closed",
        )
    flash(f"Link “{invitation.label}” closed", "success")
    return redirect(url_for("survey.invitation_list", assessment_id=invitation.assessment_id))


@bp.post("/invitations/<int:invitation_id>/resend")
@access.signed_in(*LEADS)
def resend_invitation(invitation_id: int) -> HttpResponse:
    """Email a board member's invitation again (the same link)."""
    if not CloseLinkForm().validate_on_submit():
        abort(400)
    scope = access.current_scope()
    found = invitations.get_invitation(scope, invitation_id)
    if found is None:
        abort(404)
    try:
        invitations.email_board_invitation(scope, invitation_id, respondent_link)
    except invitations.InvitationError as error:
        flash(f"The invitation to {found.label} was not sent again: {error}", "error")
    else:
        audit.record(
            "invitation_resent",
            organisation_id=found.organisation_id,
            target_type="invitation",
            target_id=str(found.id),
            lens=found.lens,
        )
        flash(f"The invitation to {found.label} will be emailed again", "success")
    return redirect(url_for("survey.invitation_list", assessment_id=found.assessment_id))


@bp.get("/assessments/<int:assessment_id>/response-rates")
@access.signed_in(*LEADS)
def response_rates(assessment_id: int) -> str:
    assessment = _assessment(assessment_id)
    return render_template(
        "survey/leads/response_rates.html",
        assessment=assessment,
        rates=invitations.response_rates(access.current_scope(), assessment_id),
    )


@bp.post(
    "/assessments/<int:assessment_id>/paper-responses/<any(experts_by_experience, partner):lens>"
)
@access.signed_in(*LEADS)
def paper_entry(assessment_id: int, lens: str) -> HttpResponse:
    """Type in one answered paper copy: a new response through the assessment's paper-entry
    link, which only this organisation's leads can use while signed in (and the audit log
    records who opened it)."""
    if not CloseLinkForm().validate_on_submit():
        abort(400)
    made = invitations.open_paper_entry(access.current_scope(), assessment_id, lens)
    if made is None:
        abort(404)
    invitation, token = made
    started = responses.start_response(invitation)
    journey.remember(invitation.id, started.response.id, started.resume_code)
    audit.record(
        "paper_entry_opened",
        organisation_id=invitation.organisation_id,
        target_type="invitation",
        target_id=str(invitation.id),
        lens=lens,
    )
    return redirect(url_for("survey.tasks", token=token))
