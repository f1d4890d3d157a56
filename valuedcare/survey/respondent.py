"""Finding the respondent's link and response for a request (shared by the journey's routes).

An unknown or closed link, or a closed cycle, raises ``LinkProblem``, which the blueprint shows as
a clear page (404 for an unknown link, 410 for a closed one), never a crash.
"""

from __future__ import annotations

from flask import g, redirect, url_for
from flask_login import current_user
from werkzeug.wrappers import Response as HttpResponse

from valuedcare.data import invitations, records, responses
from valuedcare.data.records import DraftResponse, LinkInvitation
from valuedcare.resume_codes import format_code
from valuedcare.survey import journey, support


class LinkProblem(Exception):
    """The link is unknown or closed, or its cycle is closed: shown as a page, never a crash."""

    def __init__(self, link: records.Link) -> None:
        super().__init__(link.state)
        self.link = link


class SignedInOnAnonymousLink(Exception):
    """Someone signed in to the service opened an anonymous link.

    Anonymous links are for experts by experience and partners. Staff of the trust who answer
    through one could "pad" a small group with answers they know and work out the others' from
    the published figure, so the service asks them to sign out first, and the audit log records
    the attempt (no response exists, so nothing links anyone to an answer).
    """

    def __init__(self, invitation: LinkInvitation) -> None:
        super().__init__("signed in on an anonymous link")
        self.invitation = invitation


def open_invitation(token: str) -> LinkInvitation:
    link = invitations.find_link(token)
    invitation = link.invitation
    if not link.is_open or invitation is None:
        raise LinkProblem(link)
    #: A person's own single-use link from an address list: used up when their answers are sent.
    g.single_use_hash = link.single_use_hash
    if invitation.kind == invitations.PAPER and not (
        current_user.is_authenticated
        and invitations.may_type_in(current_user.role, current_user.organisation_id, invitation)
    ):
        # Paper entry is for the organisation's leads, signed in: to anyone else (a copied
        # address, another organisation's lead) the link does not exist.
        raise LinkProblem(records.Link(invitations.UNKNOWN))
    if invitation.kind == invitations.ANONYMOUS and current_user.is_authenticated:
        raise SignedInOnAnonymousLink(invitation)
    support.offer_help(invitation, typed_in_by_lead=invitation.kind == invitations.PAPER)
    return invitation


def single_use_hash() -> str | None:
    """The hash of the single-use link this request came through (after ``open_invitation``)."""
    value = g.get("single_use_hash")
    return value if isinstance(value, str) else None


def current_response(invitation: LinkInvitation) -> DraftResponse | None:
    response_id = journey.remembered_response_id(invitation.id)
    if response_id is None and invitation.kind in invitations.SHARED_KINDS:
        response_id = journey.restore_from_ticket(invitation.id)
    return responses.response_for_link(invitation, response_id)


def draft_or_redirect(token: str) -> tuple[LinkInvitation, DraftResponse] | HttpResponse:
    """(invitation, draft response), or a redirect to the start or confirmation page."""
    invitation = open_invitation(token)
    response = current_response(invitation)
    if response is None:
        return redirect(url_for("survey.start", token=token))
    if response.is_submitted:
        return redirect(url_for("survey.confirmation", token=token))
    return invitation, response


def code_for(invitation: LinkInvitation) -> str | None:
    code = journey.remembered_code(invitation.id)
    return format_code(code) if code else None
