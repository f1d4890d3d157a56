"""A signed-in board member's own self-assessment: find it, start or continue it, see what was sent.

- ``GET  /self-assessment``                          their links, newest cycle first, with status
- ``POST /self-assessment/<id>/open``                start or continue (a fresh link; the one in
                                                     their email stops working, so a forwarded
                                                     email cannot be used once they have opened it)
- ``GET  /self-assessment/<id>/sent``                what they sent, read only

A link is theirs when it was made for their account or for their email address, in their own
organisation; anyone else gets 404, as for a link that does not exist.
"""

from __future__ import annotations

from typing import Any

from flask import abort, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response as HttpResponse

from valuedcare import access
from valuedcare.data import audit, invitations, responses
from valuedcare.data.records import DraftResponse
from valuedcare.survey import bp, journey
from valuedcare.survey.lead_forms import CloseLinkForm as OpenLinkForm


def _who() -> tuple[int, str | None, int | None]:
    return current_user.id, current_user.email, current_user.organisation_id


@bp.get("/self-assessment")
@access.signed_in()
def own_index() -> str:
    return render_template(
        "survey/own/index.html",
        links=invitations.own_invitations(*_who()),
        form=OpenLinkForm(),
    )


@bp.post("/self-assessment/<int:invitation_id>/open")
@access.signed_in()
def own_open(invitation_id: int) -> HttpResponse:
    if not OpenLinkForm().validate_on_submit():
        abort(400)
    made = invitations.reissue_own_link(*_who(), invitation_id)
    if made is None:
        abort(404)
    invitation, token = made
    audit.record(
        "own_link_opened",
        actor=current_user,
        organisation_id=invitation.organisation_id,
        target_type="invitation",
        target_id=str(invitation.id),
        lens=invitation.lens,
    )
    return redirect(url_for("survey.tasks", token=token))


@bp.get("/self-assessment/<int:invitation_id>/sent")
@access.signed_in()
def own_sent(invitation_id: int) -> str:
    response = invitations.own_sent_response(*_who(), invitation_id)
    if response is None:
        abort(404)
    return render_template("survey/own/sent.html", response=response, **_sections(response))


def _sections(response: DraftResponse) -> dict[str, Any]:
    questionnaire = responses.questionnaire_of(response)
    answers = responses.stored_answers(response)
    visible = questionnaire.visible_item_ids(responses.raw_values(answers))
    sections = [
        (section, journey.summary(section, visible, answers))
        for section in responses.visible_sections(questionnaire, visible)
    ]
    return {"questionnaire": questionnaire, "sections": sections}
