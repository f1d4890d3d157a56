"""Routes of the "survey" blueprint: the respondent's journey through an invitation link.

URL scheme (``<token>`` is the link's secret token; nothing else in a URL identifies anyone):

- ``GET  /s/<code>``                         a link's short address (posters): on to its start
- ``GET  /r/<token>``                        start page (purpose, time, privacy, resume code)
- ``POST /r/<token>/start``                  start (or continue) answering
- ``POST /r/<token>/resume``                 return to an anonymous draft with its resume code
- ``GET  /r/<token>/tasks``                  task list, one task per section
- ``GET|POST /r/<token>/sections/<section>`` one section's questions
- ``GET  /r/<token>/saved``                  "Save and come back later" (shows the resume code)
- ``GET  /r/<token>/check``                  check your answers; ``POST /r/<token>/submit``
- ``GET  /r/<token>/confirmation``           after submission (read-only)

The last four live in ``valuedcare.survey.finish``, lead pages in ``valuedcare.survey.leads``.
"""

from __future__ import annotations

from collections.abc import Mapping

from flask import abort, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response as HttpResponse

from valuedcare import access
from valuedcare.data import audit, invitations, responses
from valuedcare.data.questionnaires import get_questionnaire
from valuedcare.data.records import DraftResponse, Link, LinkInvitation, StoredAnswer
from valuedcare.extensions import csrf
from valuedcare.questionnaire import Questionnaire, Section
from valuedcare.questionnaire.answers import AnswerInput
from valuedcare.resume_codes import normalise_code
from valuedcare.short_codes import read_short_code
from valuedcare.survey import bp, journey, respondent, support
from valuedcare.survey.forms import (
    ResumeForm,
    SectionFormBase,
    StartForm,
    build_section_form,
    initial_data,
    posted_items,
)
from valuedcare.survey.limits import respondent_link_limit, resume_code_limit
from valuedcare.survey.respondent import LinkProblem, SignedInOnAnonymousLink

#: "Start now" on a capped link that has had all its answers: nobody new can start.
LINK_FULL_STATUS = 410

EXPIRED_MESSAGE = (
    "This page had expired, so your answers on it have not been saved yet. Check them, then "
    "save them again"
)
CONFLICT_MESSAGE = (
    "These answers were changed in another tab or window. Check the answers on this page, "
    "then save them again"
)


@bp.errorhandler(LinkProblem)
def link_problem(error: LinkProblem) -> tuple[str, int]:
    status = 404 if error.link.state == invitations.UNKNOWN else 410
    return render_template("survey/link_problem.html", link=error.link), status


@bp.errorhandler(SignedInOnAnonymousLink)
def signed_in_on_anonymous_link(error: SignedInOnAnonymousLink) -> tuple[str, int]:
    if request.method != "GET":  # a refused POST changes nothing, not even the audit log
        return render_template("survey/signed_in_on_anonymous_link.html"), 403
    audit.record_refusal(
        "anonymous_link_refused",
        actor=current_user,
        organisation_id=error.invitation.organisation_id,
        target_type="invitation",
        target_id=error.invitation.id,
        detail={"lens": error.invitation.lens},
    )
    return render_template("survey/signed_in_on_anonymous_link.html"), 403


@bp.get("/s/<code>")
@access.respondent_link
@respondent_link_limit
def short_link(code: str) -> HttpResponse:
    """A link's short address from a poster (``/s/ABCD-EFGH``, in any case or spacing): on to
    its start page. An unknown code is a "no such link" page, counted against guessing; a closed
    link, or someone signed in, gets the same page as the link itself gives."""
    normal = read_short_code(code)
    if normal is None:
        raise LinkProblem(Link(invitations.UNKNOWN))
    respondent.open_invitation(normal)  # the same refusals as the link itself
    return redirect(url_for("survey.start", token=normal))


def _start_page(token: str, invitation: LinkInvitation, full: bool) -> str:
    return render_template(
        "survey/start.html",
        token=token,
        invitation=invitation,
        questionnaire=get_questionnaire(invitation.questionnaire_version_id),
        response=respondent.current_response(invitation),
        start_form=StartForm(),
        resume_form=ResumeForm(),
        full=full,
    )


@bp.get("/r/<token>")
@access.respondent_link
@respondent_link_limit
def start(token: str) -> str:
    invitation = respondent.open_invitation(token)
    return _start_page(token, invitation, invitations.is_full(invitation))


@bp.post("/r/<token>/start")
@access.respondent_link
@respondent_link_limit
def begin(token: str) -> HttpResponse | tuple[str, int]:
    invitation = respondent.open_invitation(token)
    if not StartForm().validate_on_submit():
        abort(400)
    current = respondent.current_response(invitation)
    if current is not None and not current.is_submitted and request.form.get("new") != "1":
        return redirect(url_for("survey.tasks", token=token))
    if invitations.is_full(invitation):  # a capped link: drafts may finish, nobody new starts
        return _start_page(token, invitation, full=True), LINK_FULL_STATUS
    started = responses.start_response(invitation)
    if invitation.kind in invitations.SHARED_KINDS:
        journey.remember(invitation.id, started.response.id, started.resume_code)
    return redirect(url_for("survey.tasks", token=token))


@bp.post("/r/<token>/resume")
@access.respondent_link
@respondent_link_limit
@resume_code_limit
def resume(token: str) -> str | HttpResponse:
    invitation = respondent.open_invitation(token)
    form = ResumeForm()
    if form.validate_on_submit():
        found = responses.resume_response(invitation, form.code.data)
        if found is not None:
            code = normalise_code(form.code.data)
            journey.remember(invitation.id, found.id, code)
            return redirect(url_for("survey.tasks", token=token))
        form.code.errors.append(
            "We could not find answers with this code. Check the code and try again"
        )
    return render_template(
        "survey/start.html",
        token=token,
        invitation=invitation,
        questionnaire=get_questionnaire(invitation.questionnaire_version_id),
        response=None,
        start_form=StartForm(),
        resume_form=form,
        form=form,
    )


@bp.get("/r/<token>/tasks")
@access.respondent_link
@respondent_link_limit
def tasks(token: str) -> str | HttpResponse:
    found = respondent.draft_or_redirect(token)
    if isinstance(found, HttpResponse):
        return found
    invitation, response = found
    questionnaire = responses.questionnaire_of(response)
    answers = responses.stored_answers(response)
    task_list = journey.tasks(questionnaire, answers, journey.saved_sections(invitation.id))
    return render_template(
        "survey/tasks.html",
        token=token,
        questionnaire=questionnaire,
        tasks=task_list,
        completed=sum(task.status == journey.COMPLETED for task in task_list),
        resume_code=respondent.code_for(invitation),
    )


def _section_context(
    response: DraftResponse, section_id: str
) -> tuple[Questionnaire, Section, dict[str, StoredAnswer], set[str]]:
    questionnaire = responses.questionnaire_of(response)
    answers = responses.stored_answers(response)
    visible = questionnaire.visible_item_ids(responses.raw_values(answers))
    section = next(
        (s for s in responses.visible_sections(questionnaire, visible) if s.id == section_id),
        None,
    )
    if section is None:
        abort(404)
    return questionnaire, section, answers, visible


@bp.route("/r/<token>/sections/<section_id>", methods=["GET", "POST"])
@access.respondent_link
@respondent_link_limit
def section(token: str, section_id: str) -> str | HttpResponse:
    found = respondent.draft_or_redirect(token)
    if isinstance(found, HttpResponse):
        return found
    invitation, response = found
    questionnaire, section_, answers, visible = _section_context(response, section_id)
    form_class = build_section_form(section_, visible)
    if request.method == "GET":
        data = initial_data(section_.items, answers) | {"revision": str(response.revision)}
        return _render_section(token, invitation, questionnaire, section_, form_class(data=data))
    form = form_class()
    form.require_answers = request.form.get("action") != "later"
    revision = form.revision_number()
    if revision is None:
        abort(400)
    if not form.validate_on_submit():
        if "csrf_token" in form and form.csrf_token.errors:
            form.csrf_token.errors = []
            form.form_errors.append(EXPIRED_MESSAGE)
        return _render_section(token, invitation, questionnaire, section_, form)
    return _save(token, invitation, response, section_, form, revision, answers)


# The section form checks its own CSRF token (``validate_on_submit``), so that an expired or
# missing token re-shows the page with the answers just typed instead of an error page.
csrf.exempt(section)


def _save(
    token: str,
    invitation: LinkInvitation,
    response: DraftResponse,
    section_: Section,
    form: SectionFormBase,
    revision: int,
    answers: Mapping[str, StoredAnswer],
) -> str | HttpResponse:
    inputs = posted_items(form, section_.items)
    if revision != response.revision and responses.matches_stored(section_, inputs, answers):
        return _after_save(token, invitation, section_.id)  # a repeated submit of the same page
    try:
        responses.save_section(response, section_, inputs, revision)
    except responses.RevisionConflict:
        return _conflict(token, invitation, section_, form, inputs)
    except responses.ResponseLocked:
        return redirect(url_for("survey.confirmation", token=token))
    following = _after_save(token, invitation, section_.id)
    if support.shows_risk(invitation, inputs.values()):
        return redirect(url_for("survey.help_now", token=token, next=following.location))
    return following


def _conflict(
    token: str,
    invitation: LinkInvitation,
    section_: Section,
    form: SectionFormBase,
    inputs: Mapping[str, AnswerInput],
) -> str | HttpResponse:
    """Another save won the race: fine if it stored exactly these answers (a double click
    racing itself), otherwise show the page again with these answers and a message."""
    current = respondent.current_response(invitation)
    if current is None:  # the draft is no longer this browser's: start again
        return redirect(url_for("survey.start", token=token))
    if current.is_submitted:
        return redirect(url_for("survey.confirmation", token=token))
    if responses.matches_stored(section_, inputs, responses.stored_answers(current)):
        return _after_save(token, invitation, section_.id)
    form.form_errors.append(CONFLICT_MESSAGE)
    form.revision.data = str(current.revision)
    questionnaire = responses.questionnaire_of(current)
    return _render_section(token, invitation, questionnaire, section_, form)


@bp.get("/r/<token>/help")
@access.respondent_link
@respondent_link_limit
def help_now(token: str) -> str:
    """Shown after a comment that suggests a risk of harm, before the person goes on."""
    respondent.open_invitation(token)
    return render_template(
        "survey/help_now.html", next_url=support.own_page(token, request.args.get("next"))
    )


def _after_save(token: str, invitation: LinkInvitation, section_id: str) -> HttpResponse:
    if request.form.get("action") == "later":
        return redirect(url_for("survey.saved", token=token))  # the section is not done yet
    journey.mark_saved(invitation.id, section_id)
    if request.args.get("return") == "check":
        return redirect(url_for("survey.check", token=token))
    response = respondent.current_response(invitation)
    if response is None:
        return redirect(url_for("survey.start", token=token))
    questionnaire = responses.questionnaire_of(response)
    task_list = journey.tasks(
        questionnaire, responses.stored_answers(response), journey.saved_sections(invitation.id)
    )
    following = journey.next_section_id(task_list, section_id)
    if following is None:
        return redirect(url_for("survey.check", token=token))
    return redirect(url_for("survey.section", token=token, section_id=following))


def _render_section(
    token: str,
    invitation: LinkInvitation,
    questionnaire: Questionnaire,
    section_: Section,
    form: SectionFormBase,
) -> str:
    return render_template(
        "survey/section.html",
        token=token,
        questionnaire=questionnaire,
        section=section_,
        form=form,
        questions=[journey.render_question(q) for q in journey.questions(section_, form)],
        return_to_check=request.args.get("return") == "check",
        is_anonymous=invitation.kind in invitations.SHARED_KINDS,
        draft_ticket=journey.draft_ticket(invitation.id),
    )
