"""Keeping experts by experience safe while they answer.

- every page of an experts-by-experience link shows an "if you need help now" panel: national
  routes (999, NHS 111 option 2, the Samaritans) and the organisation's own crisis line and
  patient advice service, set by its leads on ``GET|POST /organisations/<id>/support``;
- a free-text answer holding a phrase from ``questionnaires/safety/risk-words.yaml`` shows the
  person the help again (``GET /r/<token>/help``) before they go on. The comment waits, like
  every comment, for a lead's review before any report shows it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from flask import abort, flash, g, redirect, render_template, request, url_for
from werkzeug.wrappers import Response as HttpResponse

from valuedcare import access
from valuedcare.data import audit, organisations
from valuedcare.data.records import LinkInvitation
from valuedcare.questionnaire.answers import AnswerInput
from valuedcare.risk import risk_words
from valuedcare.scoring.columns import EXPERTS_BY_EXPERIENCE
from valuedcare.survey import bp
from valuedcare.survey.lead_forms import SupportForm

LEADS = ("organisation_admin", "platform_admin")


@dataclass(frozen=True)
class HelpPanel:
    """What the "if you need help now" panel shows besides the national routes."""

    organisation_name: str
    crisis_line: str | None
    advice_service: str | None


def offer_help(invitation: LinkInvitation, *, typed_in_by_lead: bool) -> None:
    """Show the help panel on this request's page when the link is for experts by experience
    (not for a lead typing in a paper copy)."""
    if invitation.lens != EXPERTS_BY_EXPERIENCE or typed_in_by_lead:
        return
    crisis_line, advice_service = organisations.support_routes(invitation.organisation_id)
    g.help_panel = HelpPanel(invitation.organisation_name, crisis_line, advice_service)


def shows_risk(invitation: LinkInvitation, inputs: Iterable[AnswerInput]) -> bool:
    """Whether posted free text (text answers and comments) holds a risk phrase, on a link for
    experts by experience."""
    if invitation.lens != EXPERTS_BY_EXPERIENCE:
        return False
    words = risk_words()
    texts: list[str | None] = []
    for answer in inputs:
        if isinstance(answer.value, str):
            texts.append(answer.value)
        texts.append(answer.comment)
    return words.any_in(texts)


def own_page(token: str, wanted: str | None) -> str:
    """``wanted`` when it is a page of this link (a path, never another site); else the
    link's progress page."""
    parts = urlsplit(wanted or "")
    own = f"/r/{token}/"
    if parts.scheme or parts.netloc or not parts.path.startswith(own) or "\\" in (wanted or ""):
        return url_for("survey.tasks", token=token)
    return parts.path + (f"?{parts.query}" if parts.query else "")


@bp.route("/organisations/<int:organisation_id>/support", methods=["GET", "POST"])
@access.signed_in(*LEADS)
def support_settings(organisation_id: int) -> str | HttpResponse:
    scope = access.current_scope()
    organisation = organisations.get_organisation(scope, organisation_id)
    if organisation is None:
        abort(404)
    form = SupportForm(
        data={
            "crisis_line": organisation.crisis_line or "",
            "advice_service": organisation.advice_service or "",
        }
        if request.method == "GET"
        else None
    )
    if form.validate_on_submit():
        changes = organisations.update_support(
            scope,
            organisation_id,
            crisis_line=form.crisis_line.data,
            advice_service=form.advice_service.data,
        )
        if changes is None:
            abort(404)
        if changes:
            audit.record(
                "organisation_support_changed",
                organisation_id=organisation_id,
                target_type="organisation",
                target_id=str(organisation_id),
                detail={"fields": ", ".join(sorted(changes))},
            )
        flash("The help shown to experts by experience has been saved.", "success")
        return redirect(url_for("survey.support_settings", organisation_id=organisation_id))
    return render_template("survey/leads/support.html", organisation=organisation, form=form)
