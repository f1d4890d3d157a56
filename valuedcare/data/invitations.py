"""Invitation links: created and closed by improvement leads, resolved by respondents.

A link's token is shown once, when it is created; only its SHA-256 hex digest is stored
(``Invitation.token_hash``). Two kinds of link:

- ``individual``: one named board member; the link leads to that member's single response;
- ``anonymous``: reusable, for experts by experience and partners; each start makes a fresh
  anonymous draft. It may have a cap (``max_responses``: once that many answers are sent, nobody
  new can start, though drafts already started can still be sent) and a closing date
  (``closes_on``: the last day it can be used). It also has a short code for posters
  (``valuedcare.short_codes``), made again when needed from ``token_nonce`` and the secret key,
  so only the code's hash is stored.

Lead functions take a ``Scope`` and give nothing for other organisations' ids. Respondent
functions take the token itself: the link is the respondent's only credential.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from collections.abc import Callable
from datetime import date

from flask import current_app
from sqlalchemy import case, func, select
from sqlalchemy.orm import joinedload

from valuedcare.data import outbox
from valuedcare.data.questionnaires import get_latest_version
from valuedcare.data.records import (
    OPEN,
    AssessmentRecord,
    AssessmentRow,
    DraftResponse,
    InvitationRow,
    LensRate,
    Link,
    LinkInvitation,
    OwnInvitation,
    QuestionnaireChoice,
    ShortCode,
)
from valuedcare.data.responses import draft_record
from valuedcare.data.scope import Scope
from valuedcare.data.to_records import assessment_record
from valuedcare.disclosure import chase_count
from valuedcare.extensions import db
from valuedcare.formatting import nhs_date
from valuedcare.models import (
    Assessment,
    Cycle,
    Invitation,
    Organisation,
    OutboxMessage,
    QuestionnaireVersion,
    Response,
    UnusedLink,
)
from valuedcare.models.base import utcnow
from valuedcare.reminders import days_left, days_phrase, schedule_point
from valuedcare.short_codes import short_code_from

INDIVIDUAL = "individual"
ANONYMOUS = "anonymous"
#: A lead typing in answers given on paper: one link per assessment and anonymous lens, usable
#: only by that organisation's leads while signed in (``open_paper_entry``).
PAPER = "paper"
#: Links through which many people answer, each response on its own (a browser remembers its own
#: draft): anonymous links and paper entry.
SHARED_KINDS = (ANONYMOUS, PAPER)
PAPER_LABEL = "Paper copies typed in"

#: The questionnaire each lens answers.
LENS_QUESTIONNAIRES = {
    "board": "board-self-assessment",
    "experts_by_experience": "experts-by-experience",
    "partner": "partner-feedback",
}
ANONYMOUS_LENSES = ("experts_by_experience", "partner")
LENS_LABELS = {
    "board": "Board members",
    "experts_by_experience": "Experts by experience",
    "partner": "Partner organisations",
}

# Link states, as seen by a respondent.
UNKNOWN = "unknown"
LINK_CLOSED = "link_closed"
CYCLE_CLOSED = "cycle_closed"
#: A single-use link from an address list whose answers have been sent.
LINK_USED = "link_used"

TOKEN_BYTES = 24
#: Single-use tokens start with this, so a used one (whose row is gone) can be told apart from a
#: mistyped link and given a kinder page.
SINGLE_USE_PREFIX = "1"


class InvitationError(ValueError):
    """The invitation cannot be made as asked (the message says why, in plain words)."""


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def new_nonce() -> str:
    return secrets.token_hex(16)


def derived_token(purpose: str, row_id: int, nonce: str) -> str:
    """A link token made again from the application's secret key and a stored random nonce, so
    that an invitation can be resent or reminded with the same link while only the token's hash
    is stored. ``purpose`` keeps the kinds apart ("invitation", "recipient", "short").
    Changing ``SECRET_KEY`` stops every such link from working."""
    key = str(current_app.config["SECRET_KEY"]).encode("utf-8")
    digest = hmac.new(key, f"{purpose}:{row_id}:{nonce}".encode(), hashlib.sha256).digest()
    token = base64.urlsafe_b64encode(digest[:TOKEN_BYTES]).decode("ascii").rstrip("=")
    return SINGLE_USE_PREFIX + token if purpose == "recipient" else token


def _short_code(invitation: Invitation) -> str:
    assert invitation.token_nonce is not None
    key = str(current_app.config["SECRET_KEY"]).encode("utf-8")
    message = f"short:{invitation.id}:{invitation.token_nonce}".encode()
    return short_code_from(hmac.new(key, message, hashlib.sha256).digest())


def _give_short_code(invitation: Invitation) -> str:
    """Give an anonymous link a nonce and the hash of the short code made from it (a new nonce
    in the very unlikely case that the code is another link's)."""
    while True:
        invitation.token_nonce = new_nonce()
        code = _short_code(invitation)
        taken = db.session.scalar(
            select(Invitation.id).where(Invitation.short_code_hash == hash_token(code))
        )
        if taken is None:
            invitation.short_code_hash = hash_token(code)
            db.session.flush()
            return code


def link_invitation(invitation: Invitation) -> LinkInvitation:
    """The record of an invitation that its respondent's pages may see."""
    assessment = invitation.assessment
    return LinkInvitation(
        id=invitation.id,
        assessment_id=invitation.assessment_id,
        organisation_id=assessment.organisation_id,
        organisation_name=assessment.organisation.name,
        questionnaire_version_id=invitation.questionnaire_version_id,
        lens=invitation.lens,
        kind=invitation.kind,
        label=invitation.label,
        team=invitation.team,
        user_id=invitation.user_id,
        max_responses=invitation.max_responses,
        closes_on=invitation.closes_on,
    )


def _find_invitation(token_hash: str) -> tuple[Invitation | None, str | None]:
    """(the invitation a token's hash leads to, the single-use hash when it is a single-use
    link): by the link's own token, its short code, or a person's unused single-use link."""
    options = (  # one query for everything the record and the state need
        joinedload(Invitation.assessment).joinedload(Assessment.organisation),
        joinedload(Invitation.assessment).joinedload(Assessment.cycle),
    )
    invitation = db.session.scalars(
        select(Invitation)
        .where((Invitation.token_hash == token_hash) | (Invitation.short_code_hash == token_hash))
        .options(*options)
    ).first()
    if invitation is not None:
        return invitation, None
    invitation = db.session.scalars(
        select(Invitation)
        .join(UnusedLink, UnusedLink.invitation_id == Invitation.id)
        .where(UnusedLink.token_hash == token_hash)
        .options(*options)
    ).first()
    return invitation, (token_hash if invitation is not None else None)


def get_link(invitation_id: int) -> LinkInvitation | None:
    """A link's record by its id (for a respondent's page once their single-use link is spent)."""
    invitation = db.session.get(Invitation, invitation_id)
    return None if invitation is None else link_invitation(invitation)


def find_link(token: str, today: date | None = None) -> Link:
    """Resolve a respondent's token: unknown, used, closed link, closed cycle or open. A link
    whose closing date has passed is closed."""
    if not token or len(token) > 100:
        return Link(UNKNOWN)
    invitation, single_use = _find_invitation(hash_token(token))
    if invitation is None:
        return Link(LINK_USED if token.startswith(SINGLE_USE_PREFIX) else UNKNOWN)
    record = link_invitation(invitation)
    today = today or date.today()
    if invitation.closed_at is not None or (
        invitation.closes_on is not None and invitation.closes_on < today
    ):
        return Link(LINK_CLOSED, record, single_use)
    if not invitation.assessment.cycle.is_open:
        return Link(CYCLE_CLOSED, record, single_use)
    return Link(OPEN, record, single_use)


# Lead functions -------------------------------------------------------------------------------


def get_assessment(scope: Scope, assessment_id: int) -> AssessmentRecord | None:
    row = _assessment_row(scope, assessment_id)
    return None if row is None else assessment_record(row)


def _assessment_row(scope: Scope, assessment_id: int) -> Assessment | None:
    statement = select(Assessment).where(Assessment.id == assessment_id)
    return db.session.scalars(scope.apply(statement, Assessment.organisation_id)).first()


def list_lead_assessments(scope: Scope) -> list[AssessmentRow]:
    """Assessments in scope (newest cycle first); for an organisation, also the open cycles it
    has no assessment in yet."""
    statement = (
        select(Assessment, Cycle, Organisation)
        .join(Cycle, Cycle.id == Assessment.cycle_id)
        .join(Organisation, Organisation.id == Assessment.organisation_id)
        .order_by(Cycle.opens_on.desc(), Organisation.name)
    )
    rows = [
        AssessmentRow(c.id, c.label, c.status, o.id, o.name, a.id)
        for a, c, o in db.session.execute(scope.apply(statement, Assessment.organisation_id))
    ]
    if scope.is_platform_admin or scope.organisation_id is None:
        return rows
    organisation = db.session.get(Organisation, scope.organisation_id)
    if organisation is None:
        return rows
    started = {row.cycle_id for row in rows}
    missing = [
        AssessmentRow(c.id, c.label, c.status, organisation.id, organisation.name, None)
        for c in db.session.scalars(
            select(Cycle).where(Cycle.status == "open").order_by(Cycle.opens_on.desc())
        )
        if c.id not in started
    ]
    return missing + rows


def start_assessment(scope: Scope, cycle_id: int) -> tuple[AssessmentRecord, bool] | None:
    """(the scope's organisation's assessment in an open cycle, whether it was created now);
    None when the scope has no organisation or the cycle is not open."""
    cycle = db.session.get(Cycle, cycle_id)
    if scope.organisation_id is None or cycle is None or not cycle.is_open:
        return None
    existing = db.session.scalars(
        select(Assessment).filter_by(organisation_id=scope.organisation_id, cycle_id=cycle_id)
    ).first()
    if existing is not None:
        return assessment_record(existing), False
    assessment = Assessment(organisation_id=scope.organisation_id, cycle_id=cycle_id)
    db.session.add(assessment)
    db.session.flush()
    return assessment_record(assessment), True


def questionnaire_choices(lenses: tuple[str, ...] = ANONYMOUS_LENSES) -> list[QuestionnaireChoice]:
    """The questionnaires a new link of ``lenses`` can ask (the latest version of each slug):
    each lens's main questionnaire first, then the others by title."""
    slugs = db.session.scalars(
        select(QuestionnaireVersion.slug).where(QuestionnaireVersion.lens.in_(lenses)).distinct()
    ).all()
    choices = []
    for slug in slugs:
        latest = get_latest_version(slug)
        if latest is not None and latest.lens in lenses:
            choices.append(QuestionnaireChoice(slug, latest.title, latest.lens, latest.version))
    main = set(LENS_QUESTIONNAIRES.values())
    return sorted(
        choices,
        key=lambda c: (lenses.index(c.lens), c.slug not in main, c.title.casefold()),
    )


def _questionnaire_version_id(lens: str, slug: str | None = None) -> int:
    """The latest version of ``slug`` (which must be a questionnaire for ``lens``), or of the
    lens's main questionnaire."""
    slug = slug or LENS_QUESTIONNAIRES.get(lens)
    version = get_latest_version(slug) if slug else None
    if version is None or version.lens != lens:
        raise InvitationError(f"There is no questionnaire {slug!r} for the lens {lens!r}")
    return version.id


def _add(
    assessment: Assessment, scope: Scope, slug: str | None = None, **fields: object
) -> tuple[LinkInvitation, str]:
    token = new_token()
    invitation = Invitation(
        assessment_id=assessment.id,
        questionnaire_version_id=_questionnaire_version_id(str(fields["lens"]), slug),
        token_hash=hash_token(token),
        created_by_id=scope.user_id,
        **fields,
    )
    db.session.add(invitation)
    db.session.flush()
    return link_invitation(invitation), token


def create_anonymous_link(
    scope: Scope,
    assessment_id: int,
    *,
    lens: str,
    label: str,
    team: str | None = None,
    expected: int | None = None,
    questionnaire: str | None = None,
    max_responses: int | None = None,
    closes_on: date | None = None,
) -> tuple[LinkInvitation, str] | None:
    """A reusable anonymous link for ``lens``; (invitation, token), or None when not visible.
    ``expected``: how many people the lead expects to answer through it (for a response rate).
    ``questionnaire``: the slug of the questionnaire it asks (default: the lens's main one);
    ``InvitationError`` when it is not a questionnaire for ``lens``, or when ``closes_on`` is
    after the cycle closes. ``max_responses``: no new start once that many answers are sent.
    ``closes_on``: the last day the link can be used. The link gets its short code too."""
    if lens not in ANONYMOUS_LENSES:
        raise InvitationError("Anonymous links are for experts by experience and partners only")
    assessment = _assessment_row(scope, assessment_id)
    if assessment is None:
        return None
    if closes_on is not None and closes_on > assessment.cycle.closes_on:
        raise InvitationError(
            "The closing date must be on or before the day the cycle closes, "
            f"{nhs_date(assessment.cycle.closes_on)}"
        )
    record, token = _add(
        assessment,
        scope,
        questionnaire,
        lens=lens,
        kind=ANONYMOUS,
        label=label.strip(),
        team=team or None,
        expected=expected,
        max_responses=max_responses,
        closes_on=closes_on,
    )
    invitation = db.session.get(Invitation, record.id)
    assert invitation is not None
    _give_short_code(invitation)
    return record, token


def is_full(invitation: LinkInvitation) -> bool:
    """Whether a capped link has had all the answers it may take (no new start)."""
    if invitation.max_responses is None:
        return False
    sent = db.session.scalar(
        select(func.count(Response.id)).where(
            Response.invitation_id == invitation.id, Response.status == "submitted"
        )
    )
    return (sent or 0) >= invitation.max_responses


def short_code(scope: Scope, invitation_id: int, *, make: bool = False) -> ShortCode | None:
    """A visible anonymous link's short code, for its poster; None when not visible, not an
    anonymous link, or (unless ``make``) it has none yet (links made before short codes)."""
    invitation = _invitation_row(scope, invitation_id)
    if invitation is None or invitation.kind != ANONYMOUS:
        return None
    if invitation.short_code_hash is None or invitation.token_nonce is None:
        if not make:
            return None
        code = _give_short_code(invitation)
    else:
        code = _short_code(invitation)
    return ShortCode(invitation=link_invitation(invitation), code=code)


def invite_board_member(
    scope: Scope,
    assessment_id: int,
    *,
    name: str,
    email: str | None = None,
    user_id: int | None = None,
) -> tuple[LinkInvitation, str] | None:
    """An individual link for one named board member; None when the assessment is not visible."""
    assessment = _assessment_row(scope, assessment_id)
    if assessment is None:
        return None
    email = (email or "").strip().lower() or None
    record, token = _add(
        assessment,
        scope,
        lens="board",
        kind=INDIVIDUAL,
        label=name.strip(),
        email=email,
        user_id=user_id,
    )
    if email is None:
        return record, token
    # A link that is emailed is made from a nonce, so a resend or reminder carries the same link.
    invitation = db.session.get(Invitation, record.id)
    assert invitation is not None
    invitation.token_nonce = new_nonce()
    token = derived_token("invitation", invitation.id, invitation.token_nonce)
    invitation.token_hash = hash_token(token)
    db.session.flush()
    return record, token


# Paper copies typed in by a lead ------------------------------------------------------------------


def open_paper_entry(
    scope: Scope, assessment_id: int, lens: str
) -> tuple[LinkInvitation, str] | None:
    """A fresh token for the assessment's paper-entry link of ``lens`` (made on first use; any
    earlier token stops working); None when the assessment is not visible or its cycle closed."""
    if lens not in ANONYMOUS_LENSES:
        raise InvitationError("Paper copies are typed in for experts by experience and partners")
    assessment = _assessment_row(scope, assessment_id)
    if assessment is None or not assessment.cycle.is_open:
        return None
    invitation = db.session.scalars(
        select(Invitation).where(
            Invitation.assessment_id == assessment_id,
            Invitation.kind == PAPER,
            Invitation.lens == lens,
        )
    ).first()
    if invitation is None:
        return _add(assessment, scope, lens=lens, kind=PAPER, label=PAPER_LABEL)
    token = new_token()
    invitation.token_hash = hash_token(token)
    invitation.closed_at = None
    db.session.flush()
    return link_invitation(invitation), token


def may_type_in(role: str | None, organisation_id: int | None, invitation: LinkInvitation) -> bool:
    """Whether a signed-in person may type paper answers in through ``invitation``: the
    organisation's improvement leads, or a platform administrator."""
    if role == "platform_admin":
        return True
    return role == "organisation_admin" and organisation_id == invitation.organisation_id


# A board member's own self-assessment ---------------------------------------------------------


def _own_condition(user_id: int, email: str | None, organisation_id: int | None):
    """Individual board links made for this user: by account, or by the email address the lead
    typed, within the user's own organisation."""
    mine = Invitation.user_id == user_id
    if email:
        mine = mine | (func.lower(Invitation.email) == email.strip().lower())
    return (
        (Invitation.kind == INDIVIDUAL)
        & (Invitation.lens == "board")
        & (Assessment.organisation_id == organisation_id)
        & mine
    )


def own_invitations(
    user_id: int, email: str | None, organisation_id: int | None
) -> list[OwnInvitation]:
    """The signed-in person's own self-assessment links, newest cycle first."""
    if organisation_id is None:
        return []
    rows = db.session.execute(
        select(Invitation, Organisation.name, Cycle)
        .join(Assessment, Assessment.id == Invitation.assessment_id)
        .join(Organisation, Organisation.id == Assessment.organisation_id)
        .join(Cycle, Cycle.id == Assessment.cycle_id)
        .where(_own_condition(user_id, email, organisation_id))
        .order_by(Cycle.opens_on.desc(), Invitation.id)
    ).all()
    found = []
    for invitation, organisation_name, cycle in rows:
        response = _own_response(invitation.id)
        if response is None:
            status, sent = "not_started", None
        elif response.status == "submitted":
            status, sent = "sent", response.submitted_at
        else:
            status, sent = "in_progress", None
        found.append(
            OwnInvitation(
                invitation.id,
                organisation_name,
                cycle.label,
                cycle.is_open,
                invitation.closed_at is not None,
                status,
                sent,
            )
        )
    return found


def _own_response(invitation_id: int) -> Response | None:
    return db.session.scalars(
        select(Response).where(Response.invitation_id == invitation_id).order_by(Response.id.desc())
    ).first()


def _own_invitation(
    user_id: int, email: str | None, organisation_id: int | None, invitation_id: int
) -> Invitation | None:
    if organisation_id is None:
        return None
    return db.session.scalars(
        select(Invitation)
        .join(Assessment, Assessment.id == Invitation.assessment_id)
        .where(Invitation.id == invitation_id, _own_condition(user_id, email, organisation_id))
    ).first()


def reissue_own_link(
    user_id: int, email: str | None, organisation_id: int | None, invitation_id: int
) -> tuple[LinkInvitation, str] | None:
    """A fresh token for the person's own open link (the old one stops working); None when the
    link is not theirs, is closed, its cycle is closed or the answers were sent. Answers already
    saved stay with the link."""
    invitation = _own_invitation(user_id, email, organisation_id, invitation_id)
    if invitation is None or invitation.closed_at is not None:
        return None
    if not invitation.assessment.cycle.is_open:
        return None
    sent = _own_response(invitation.id)
    if sent is not None and sent.status == "submitted":
        return None  # nothing left to answer: what was sent is read on its own page
    if invitation.token_nonce is not None:
        # An emailed link: a new nonce, so that later reminders carry the new link, not the
        # old one that has just stopped working.
        invitation.token_nonce = new_nonce()
        token = derived_token("invitation", invitation.id, invitation.token_nonce)
    else:
        token = new_token()
    invitation.token_hash = hash_token(token)
    if invitation.user_id is None:
        invitation.user_id = user_id
    db.session.flush()
    return link_invitation(invitation), token


def own_sent_response(
    user_id: int, email: str | None, organisation_id: int | None, invitation_id: int
) -> DraftResponse | None:
    """The person's own sent response through this link, or None (not theirs, or not sent)."""
    invitation = _own_invitation(user_id, email, organisation_id, invitation_id)
    if invitation is None:
        return None
    response = _own_response(invitation.id)
    if response is None or response.status != "submitted":
        return None
    return draft_record(response)


Counts = dict[tuple[str, int | None], tuple[int, int]]


def _response_counts(assessment_id: int) -> Counts:
    """Exact (started, sent) responses per (lens, link id; None for responses that came without a
    link, e.g. typed in or imported): the one query behind every count of responses a lead sees.
    "Started" includes those sent. The board's agreed position is not a response."""
    submitted = func.coalesce(func.sum(case((Response.status == "submitted", 1), else_=0)), 0)
    rows = db.session.execute(
        select(Response.lens, Response.invitation_id, func.count(Response.id), submitted)
        .where(Response.assessment_id == assessment_id, Response.lens.in_(LENS_QUESTIONNAIRES))
        .group_by(Response.lens, Response.invitation_id)
    ).all()
    return {(lens, link): (int(started), int(sent)) for lens, link, started, sent in rows}


def _chase(lens: str, count: int | None) -> int:
    """A response count as leads see it: exact for board lenses; for anonymous lenses rounded to
    the nearest 5 under 20 (``disclosure.chase_count``), so that watching the count move cannot
    tell a lead when one particular person answered. Rounding happens here, once, on exact
    counts: a lens total is rounded from its exact total, not summed from rounded links."""
    count = int(count or 0)
    return count if lens not in ANONYMOUS_LENSES else chase_count(count)


def list_invitations(scope: Scope, assessment_id: int) -> list[InvitationRow]:
    """The assessment's links, board first, then by lens and creation."""
    statement = (
        select(Invitation)
        .join(Assessment, Assessment.id == Invitation.assessment_id)
        .where(Invitation.assessment_id == assessment_id)
        .options(joinedload(Invitation.questionnaire_version))
        .order_by(Invitation.lens != "board", Invitation.lens, Invitation.id)
    )
    links = db.session.scalars(scope.apply(statement, Assessment.organisation_id)).all()
    counts = _response_counts(assessment_id) if links else {}
    emailed = _email_states([inv.id for inv in links if inv.kind == INDIVIDUAL])
    rows = []
    for inv in links:
        started, sent = counts.get((inv.lens, inv.id), (0, 0))
        state, error = emailed.get(inv.id, (None, None))
        rows.append(
            InvitationRow(
                id=inv.id,
                lens=inv.lens,
                kind=inv.kind,
                label=inv.label,
                team=inv.team,
                created_at=inv.created_at,
                closed_at=inv.closed_at,
                started=_chase(inv.lens, started),
                submitted=_chase(inv.lens, sent),
                expected=inv.expected,
                questionnaire=(
                    f"{inv.questionnaire_version.title}, version "
                    f"{inv.questionnaire_version.version}"
                ),
                email=inv.email if inv.kind == INDIVIDUAL else None,
                emailed=state,
                email_error=error,
                can_resend=(
                    inv.kind == INDIVIDUAL
                    and inv.token_nonce is not None
                    and inv.closed_at is None
                    and not sent
                ),
                max_responses=inv.max_responses,
                closes_on=inv.closes_on,
            )
        )
    return rows


def get_invitation(scope: Scope, invitation_id: int) -> LinkInvitation | None:
    row = _invitation_row(scope, invitation_id)
    return None if row is None else link_invitation(row)


def _invitation_row(scope: Scope, invitation_id: int) -> Invitation | None:
    statement = (
        select(Invitation)
        .join(Assessment, Assessment.id == Invitation.assessment_id)
        .where(Invitation.id == invitation_id)
    )
    return db.session.scalars(scope.apply(statement, Assessment.organisation_id)).first()


def close_invitation(scope: Scope, invitation_id: int) -> LinkInvitation | None:
    """Close a visible link (closing twice keeps the first time); None when not visible."""
    invitation = _invitation_row(scope, invitation_id)
    if invitation is None:
        return None
    if invitation.closed_at is None:
        invitation.closed_at = utcnow()
        db.session.flush()
    return link_invitation(invitation)


def response_rates(scope: Scope, assessment_id: int) -> list[LensRate]:
    """Responses started (drafts and submitted) and submitted, by lens: counts only, from the same
    query as each link's counts on the invitations page."""
    if _assessment_row(scope, assessment_id) is None:
        return []
    counts = _response_counts(assessment_id)
    links = db.session.execute(
        select(Invitation.lens, Invitation.kind, Invitation.expected).where(
            Invitation.assessment_id == assessment_id
        )
    ).all()
    return [
        _lens_rate(lens, counts, [link for link in links if link.lens == lens])
        for lens in LENS_QUESTIONNAIRES
    ]


def _lens_rate(lens: str, counts: Counts, links: list) -> LensRate:
    started = sum(pair[0] for key, pair in counts.items() if key[0] == lens)
    sent = sum(pair[1] for key, pair in counts.items() if key[0] == lens)
    if lens in ANONYMOUS_LENSES:
        expected = [link.expected for link in links if link.expected]
        invited = sum(expected) if expected else None
    else:
        invited = sum(1 for link in links if link.kind == INDIVIDUAL) or None
    return LensRate(
        lens,
        LENS_LABELS[lens],
        len(links),
        _chase(lens, started),
        _chase(lens, sent),
        invited,
        _chase(lens, counts.get((lens, None), (0, 0))[1]),
    )


__all__ = [
    "ANONYMOUS",
    "ANONYMOUS_LENSES",
    "CYCLE_CLOSED",
    "INDIVIDUAL",
    "PAPER",
    "SHARED_KINDS",
    "may_type_in",
    "open_paper_entry",
    "LENS_LABELS",
    "LENS_QUESTIONNAIRES",
    "LINK_CLOSED",
    "LINK_USED",
    "email_board_invitation",
    "enqueue_board_reminders",
    "SINGLE_USE_PREFIX",
    "derived_token",
    "new_nonce",
    "OPEN",
    "UNKNOWN",
    "AssessmentRow",
    "InvitationError",
    "InvitationRow",
    "LensRate",
    "Link",
    "close_invitation",
    "create_anonymous_link",
    "find_link",
    "get_assessment",
    "get_invitation",
    "get_link",
    "hash_token",
    "invite_board_member",
    "own_invitations",
    "own_sent_response",
    "reissue_own_link",
    "list_invitations",
    "questionnaire_choices",
    "list_lead_assessments",
    "new_token",
    "response_rates",
    "start_assessment",
]


# Emailed board invitations and reminders ------------------------------------------------------

BOARD_INVITATION = "board_invitation"
BOARD_REMINDER = "board_reminder"


def _board_message_fields(invitation: Invitation, link: str) -> dict[str, str]:
    assessment = invitation.assessment
    return {
        "name": invitation.label,
        "organisation": assessment.organisation.name,
        "cycle": assessment.cycle.label,
        "link": link,
        "closes_on": nhs_date(assessment.cycle.closes_on),
    }


def _emailable(invitation: Invitation) -> str | None:
    """Why ``invitation`` cannot be emailed now, or None when it can."""
    if invitation.kind != INDIVIDUAL or invitation.lens != "board":
        return "Only board members' own links are emailed"
    if not invitation.email or not invitation.token_nonce:
        return "This link has no email address: close it and invite the member again with one"
    if invitation.closed_at is not None:
        return "This link is closed"
    if not invitation.assessment.cycle.is_open:
        return "The cycle is not open"
    sent = _own_response(invitation.id)
    if sent is not None and sent.status == "submitted":
        return "This member has already sent their answers"
    return None


def email_board_invitation(
    scope: Scope, invitation_id: int, link_for: Callable[[str], str]
) -> LinkInvitation | None:
    """Queue an email of the member's invitation (the first, or a resend: the same link each
    time); None when the link is not visible. ``InvitationError`` says why it cannot be sent."""
    invitation = _invitation_row(scope, invitation_id)
    if invitation is None:
        return None
    problem = _emailable(invitation)
    if problem:
        raise InvitationError(problem)
    assert invitation.email is not None and invitation.token_nonce is not None
    sends = db.session.scalar(
        select(func.count(OutboxMessage.id)).where(
            OutboxMessage.invitation_id == invitation.id,
            OutboxMessage.template == BOARD_INVITATION,
        )
    )
    token = derived_token("invitation", invitation.id, invitation.token_nonce)
    outbox.enqueue(
        reference=f"board-invitation:{invitation.id}:{int(sends or 0) + 1}",
        template=BOARD_INVITATION,
        recipient=invitation.email,
        personalisation=_board_message_fields(invitation, link_for(token)),
        organisation_id=invitation.assessment.organisation_id,
        invitation_id=invitation.id,
    )
    return link_invitation(invitation)


def enqueue_board_reminders(
    today: date, schedule: tuple[int, ...], link_for: Callable[[str], str]
) -> int:
    """Queue a reminder to every board member with an emailed link who has not sent their
    answers, in every open cycle whose schedule has a point due ``today``; each point once per
    member (its reference is unique). Returns how many were queued."""
    queued = 0
    for cycle in db.session.scalars(select(Cycle).where(Cycle.status == "open")):
        point = schedule_point(cycle.closes_on, today, schedule)
        if point is None:
            continue
        links = db.session.scalars(
            select(Invitation)
            .join(Assessment, Assessment.id == Invitation.assessment_id)
            .where(
                Assessment.cycle_id == cycle.id,
                Invitation.kind == INDIVIDUAL,
                Invitation.lens == "board",
                Invitation.closed_at.is_(None),
                Invitation.email.is_not(None),
                Invitation.token_nonce.is_not(None),
                ~select(Response.id)
                .where(Response.invitation_id == Invitation.id, Response.status == "submitted")
                .exists(),
            )
            .order_by(Invitation.id)
        ).all()
        for invitation in links:
            assert invitation.email is not None and invitation.token_nonce is not None
            token = derived_token("invitation", invitation.id, invitation.token_nonce)
            fields = _board_message_fields(invitation, link_for(token))
            fields["days_left"] = days_phrase(days_left(cycle.closes_on, today))
            queued += outbox.enqueue(
                reference=f"board-reminder:{invitation.id}:{cycle.closes_on.isoformat()}:{point}",
                template=BOARD_REMINDER,
                recipient=invitation.email,
                personalisation=fields,
                organisation_id=invitation.assessment.organisation_id,
                invitation_id=invitation.id,
            )
    return queued


def _email_states(invitation_ids: list[int]) -> dict[int, tuple[str, str | None]]:
    """(state, error) of each link's latest emailed invitation, in one query."""
    if not invitation_ids:
        return {}
    rows = db.session.execute(
        select(OutboxMessage.invitation_id, OutboxMessage.status, OutboxMessage.error)
        .where(
            OutboxMessage.invitation_id.in_(invitation_ids),
            OutboxMessage.template == BOARD_INVITATION,
        )
        .order_by(OutboxMessage.id)
    ).all()
    return {int(row.invitation_id): (str(row.status), row.error) for row in rows}
