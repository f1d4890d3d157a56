"""Frozen records: what leaves the data layer for the blueprints, the services and the reports.

Plain data, no database: this module imports neither SQLAlchemy nor the models, so a pure module
(``reports.model``) may use it, and an ORM object never reaches a blueprint through these
functions. ``data`` builds each record from its rows (``*_record`` functions beside the queries).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from valuedcare.questionnaire.answers import is_blank

OPEN = "open"


@dataclass(frozen=True)
class QuestionnaireVersionRecord:
    """One stored version of a questionnaire file (or of the ingredients), with its source."""

    id: int
    slug: str
    version: int
    kind: str
    title: str
    lens: str | None
    content_hash: str
    source: str
    loaded_at: datetime


@dataclass(frozen=True)
class OrganisationRecord:
    """An organisation and its benchmark settings."""

    id: int
    code: str
    name: str
    region: str
    peer_group: str
    is_demo: bool
    benchmark_opt_in: bool
    named_in_benchmarks: bool
    crisis_line: str | None = None
    advice_service: str | None = None


@dataclass(frozen=True)
class CycleRecord:
    """An assessment cycle (one year's self-assessment across organisations)."""

    id: int
    label: str
    opens_on: date
    closes_on: date
    status: str
    status_reason: str | None

    @property
    def is_open(self) -> bool:
        return self.status == OPEN


@dataclass(frozen=True)
class AssessmentRecord:
    """One organisation's self-assessment in one cycle, with both."""

    id: int
    organisation_id: int
    cycle_id: int
    organisation: OrganisationRecord
    cycle: CycleRecord


#: An action's status, in the order a plan lists them, with what a reader sees.
ACTION_STATUSES: dict[str, str] = {
    "not_started": "Not started",
    "on_track": "On track",
    "at_risk": "At risk",
    "done": "Done",
    "dropped": "Dropped",
}
#: Statuses that end an action: it is no longer carried into the next cycle's plan.
CLOSED_STATUSES = frozenset({"done", "dropped"})


@dataclass(frozen=True)
class ActionUpdateRecord:
    """A dated change to an action: its status then, a progress note, and what changed."""

    id: int
    author: str | None
    status: str
    note: str | None
    changes: str | None
    created_at: datetime

    @property
    def status_text(self) -> str:
        return ACTION_STATUSES.get(self.status, self.status)


@dataclass(frozen=True)
class ActionRecord:
    """One action of an organisation's improvement plan, with the cycle it was agreed in."""

    id: int
    organisation_id: int
    assessment_id: int
    cycle_id: int
    cycle_label: str
    ingredient: str
    statements: tuple[str, ...]
    text: str
    owner_id: int | None
    owner_name: str | None
    owner_role: str | None
    due_on: date | None
    status: str
    target_level: int | None
    reason: str | None
    revision: int
    created_at: datetime
    updated_at: datetime
    updates: tuple[ActionUpdateRecord, ...] = ()

    @property
    def is_open(self) -> bool:
        """Not done or dropped: carried from cycle to cycle."""
        return self.status not in CLOSED_STATUSES

    def is_overdue(self, today: date) -> bool:
        """Open and past its due date."""
        return self.is_open and self.due_on is not None and self.due_on < today

    @property
    def status_text(self) -> str:
        return ACTION_STATUSES.get(self.status, self.status)

    @property
    def owner_text(self) -> str:
        """Who owns it: an account's name, a named role, or "Not set"."""
        return self.owner_name or self.owner_role or "Not set"


@dataclass(frozen=True)
class LinkInvitation:
    """An invitation link as its respondent's pages need it (never its token or its hash)."""

    id: int
    assessment_id: int
    organisation_id: int
    organisation_name: str
    questionnaire_version_id: int
    lens: str
    kind: str
    label: str
    team: str | None
    user_id: int | None
    #: Anonymous links only: no new start once this many answers are sent (None: no cap).
    max_responses: int | None = None
    #: The last day the link can be used (None: until the cycle closes or the link is closed).
    closes_on: date | None = None


@dataclass(frozen=True)
class ShortCode:
    """An anonymous link's short code (``ABCDEFGH``), for its poster and QR code."""

    invitation: LinkInvitation
    code: str


@dataclass(frozen=True)
class AddressListSummary:
    """An anonymous link's address list as its lead sees it: counts only, never an address, and
    nothing on whose link has been used."""

    invitation: LinkInvitation
    #: People on the list now (each has their own single-use link).
    people: int
    #: Invitations the provider has accepted (sent or delivered), delivered, and not delivered.
    sent: int
    delivered: int
    failed: int
    #: Invitations waiting to be sent (not reminders: their number would say how many links
    #: are unused).
    waiting: int
    #: The day the list's links stop working and its addresses are deleted at the latest.
    closes_on: date
    #: Why addresses cannot be added now (the link or cycle is closed), or None.
    closed_because: str | None


@dataclass(frozen=True)
class Link:
    """What a respondent's token leads to: its state and, unless unknown, the invitation."""

    state: str
    invitation: LinkInvitation | None = None
    #: The hash of the person's single-use token, when the link is one from an address list
    #: (it is used up when their answers are sent).
    single_use_hash: str | None = None

    @property
    def is_open(self) -> bool:
        return self.state == OPEN


@dataclass(frozen=True)
class DraftResponse:
    """A response being answered (or already sent) through a link."""

    id: int
    invitation_id: int | None
    assessment_id: int
    questionnaire_version_id: int
    lens: str
    status: str
    revision: int

    @property
    def is_submitted(self) -> bool:
        return self.status == "submitted"


@dataclass(frozen=True)
class Started:
    """A response just started, with its resume code (shown once, anonymous links only)."""

    response: DraftResponse
    resume_code: str | None


@dataclass(frozen=True)
class StoredAnswer:
    """One stored answer of a response."""

    value: object
    not_known: bool
    target: int | None
    comment: str | None

    @property
    def is_answered(self) -> bool:
        return not is_blank(self.value)


@dataclass(frozen=True)
class AssessmentInfo:
    """One organisation's assessment in one cycle, as the report needs to describe it."""

    assessment_id: int
    organisation_id: int
    organisation_code: str
    organisation_name: str
    peer_group: str
    is_demo: bool
    cycle_id: int
    cycle_label: str
    cycle_status: str
    cycle_opens_on: date
    cycle_closes_on: date

    @property
    def cycle_is_open(self) -> bool:
        return self.cycle_status == "open"


@dataclass(frozen=True)
class ExperiencePair:
    """A "what actually happened" question and the "what I hoped for" question paired with it.

    ``key`` is the actual question's ``measures`` key, so the pair is followed across versions.
    """

    key: str
    ingredient: str | None
    text: str
    hoped_text: str


@dataclass(frozen=True)
class FreeText:
    """One free-text answer or comment, with the question it answers."""

    lens: str
    item_id: str
    question: str
    text: str


@dataclass(frozen=True)
class SignInOutcome:
    """The result of a sign-in attempt: ``account`` is None unless it succeeded.

    ``reason`` is "ok", "unknown_account", "wrong_password" or "inactive" (for the audit log
    only: users are always told the same thing). ``user_id`` is set when the account exists.
    """

    account: Account | None
    reason: str
    user_id: int | None = None


@dataclass(frozen=True)
class Account:
    """What the application may know about a signed-in user (never the password hash)."""

    id: int
    email: str
    name: str
    role: str
    organisation_id: int | None
    organisation_name: str | None
    active: bool
    session_version: int
    last_sign_in_at: datetime | None = None


@dataclass(frozen=True)
class TokenInfo:
    """What the token pages show about a token (never the token or its hash)."""

    id: int
    name: str
    prefix: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None

    @property
    def active(self) -> bool:
        return self.revoked_at is None


@dataclass(frozen=True)
class AuditPage:
    """One page of events, newest first; ``page`` counts from 1."""

    rows: list[AuditRow]
    page: int
    pages: int
    total: int


@dataclass(frozen=True)
class AuditRow:
    """One event as the audit log page shows it."""

    id: int
    at: datetime
    actor_label: str
    action: str
    organisation_name: str | None
    target_type: str | None
    target_id: str | None
    detail: dict[str, Any]


@dataclass(frozen=True)
class LensRate:
    """One group's responses as a lead sees them (anonymous counts rounded, see ``_chase``).

    ``invited``: board members invited by name (board), or the number the lead expects to reach
    through the group's links (anonymous lenses; None when no link says). ``rate``: sent out of
    invited, from the counts shown; None without an invited number. ``without_link``: responses
    sent without a link (typed in from paper or imported), already part of ``submitted``."""

    lens: str
    label: str
    links: int
    started: int
    submitted: int
    invited: int | None = None
    without_link: int = 0

    @property
    def rate(self) -> float | None:
        if not self.invited:
            return None
        return self.submitted / self.invited


@dataclass(frozen=True)
class InvitationRow:
    """One link as an improvement lead sees it, with counts of responses (never their content)."""

    id: int
    lens: str
    kind: str
    label: str
    team: str | None
    created_at: datetime
    closed_at: datetime | None
    started: int
    submitted: int
    expected: int | None = None
    questionnaire: str = ""
    """The questionnaire the link asks, with its version ("Easy read survey, version 1")."""
    email: str | None = None
    """A board member's address, typed by the lead (never an anonymous respondent's)."""
    emailed: str | None = None
    """The latest emailed invitation's state: queued, sent, delivered, failed (None: not sent)."""
    email_error: str | None = None
    can_resend: bool = False
    max_responses: int | None = None
    """Anonymous links: no new start once this many answers are sent."""
    closes_on: date | None = None
    """The last day the link can be used."""

    @property
    def is_closed(self) -> bool:
        """Closed by a lead, or past its closing date."""
        return self.closed_at is not None or (
            self.closes_on is not None and self.closes_on < date.today()
        )


@dataclass(frozen=True)
class QuestionnaireChoice:
    """A questionnaire a new link can ask: the latest version of one slug."""

    slug: str
    title: str
    lens: str
    version: int


@dataclass(frozen=True)
class OwnInvitation:
    """One individual link of the signed-in person, as their home page lists it."""

    id: int
    organisation_name: str
    cycle_label: str
    cycle_is_open: bool
    is_closed: bool
    status: str  # "not_started", "in_progress" or "sent"
    submitted_at: datetime | None

    @property
    def can_answer(self) -> bool:
        return self.cycle_is_open and not self.is_closed and self.status != "sent"


@dataclass(frozen=True)
class AssessmentRow:
    """An assessment a lead can invite people to, or an open cycle their organisation has not
    started yet (``assessment_id`` None)."""

    cycle_id: int
    cycle_label: str
    cycle_status: str
    organisation_id: int
    organisation_name: str
    assessment_id: int | None


@dataclass(frozen=True)
class AgreedPosition:
    """The stored agreed response: its id, revision (for optimistic locking) and answers."""

    response_id: int
    revision: int
    answers: Mapping[str, AgreedAnswer]


@dataclass(frozen=True)
class AgreedAnswer:
    """The board's agreed level (1-5), target level and rationale for one statement."""

    level: int
    target: int | None = None
    rationale: str | None = None


@dataclass(frozen=True)
class MemberAnswer:
    """One board member's answer to one statement (no member identity)."""

    item_id: str
    score: float | None
    not_known: bool
    target: int | None
    comment: str | None


@dataclass(frozen=True)
class CycleRow:
    id: int
    label: str
    opens_on: date
    closes_on: date
    status: str


@dataclass(frozen=True)
class CycleInfo:
    id: int
    label: str
    opens_on: date
    status: str


@dataclass(frozen=True)
class OrganisationInfo:
    """What the compare pages need to know about one organisation."""

    id: int
    code: str
    name: str
    region: str
    peer_group: str
    benchmark_opt_in: bool
    named_in_benchmarks: bool


@dataclass(frozen=True)
class OrganisationFields:
    """The editable fields of an organisation."""

    code: str
    name: str
    region: str
    peer_group: str
    benchmark_opt_in: bool
    named_in_benchmarks: bool


@dataclass(frozen=True)
class StoreOutcome:
    slug: str
    version: int
    status: str  # "added", "unchanged" or "refused"
    message: str


@dataclass
class ReleaseResult:
    """What a close released: responses per (assessment id, lens), and the lenses held back."""

    released: Counter = field(default_factory=Counter)
    held_back: list[tuple[int, str]] = field(default_factory=list)


@dataclass
class BackupSummary:
    revision: str
    rows: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.rows.values())


@dataclass(frozen=True)
class DemoAccess:
    """What ``seed_demo_access`` made: accounts (email, role) and respondent link paths."""

    accounts: list[tuple[str, str]]
    links: list[tuple[str, str]]


@dataclass(frozen=True)
class SeedSummary:
    organisations: int
    cycles: int
    responses: int
    answers: int


__all__ = [
    "Account",
    "ACTION_STATUSES",
    "CLOSED_STATUSES",
    "ActionRecord",
    "ActionUpdateRecord",
    "AgreedAnswer",
    "AgreedPosition",
    "AssessmentInfo",
    "AssessmentRecord",
    "AssessmentRow",
    "AuditPage",
    "AuditRow",
    "BackupSummary",
    "CycleInfo",
    "CycleRecord",
    "CycleRow",
    "DemoAccess",
    "DraftResponse",
    "FreeText",
    "InvitationRow",
    "LensRate",
    "Link",
    "LinkInvitation",
    "MemberAnswer",
    "OrganisationFields",
    "OrganisationInfo",
    "OrganisationRecord",
    "OwnInvitation",
    "QuestionnaireVersionRecord",
    "ReleaseResult",
    "SeedSummary",
    "SignInOutcome",
    "Started",
    "StoreOutcome",
    "StoredAnswer",
    "TokenInfo",
]


@dataclass(frozen=True)
class StoredRow:
    """A row of a pending upload, and the value it would replace (None when it is new)."""

    row: int
    month: date
    team: str
    measure: str
    value: float
    numerator: float | None
    denominator: float | None
    replaces: float | None


@dataclass(frozen=True)
class UploadRecord:
    id: int
    organisation_id: int
    filename: str
    status: str
    measure_set_version: int
    by: str | None
    created_at: datetime
    confirmed_at: datetime | None
    added: int
    replaced: int
    rows: tuple[StoredRow, ...] = ()

    @property
    def to_add(self) -> tuple[StoredRow, ...]:
        return tuple(row for row in self.rows if row.replaces is None)

    @property
    def to_replace(self) -> tuple[StoredRow, ...]:
        return tuple(row for row in self.rows if row.replaces is not None)


#: What the board is asked to do with a paper, as NHS board cover sheets say it.
PAPER_PURPOSES: dict[str, str] = {
    "note": "To note",
    "discuss": "To discuss",
    "approve": "To approve",
}
#: The level of assurance a board paper gives, strongest first.
ASSURANCE_LEVELS: dict[str, str] = {
    "significant": "Significant assurance",
    "moderate": "Moderate assurance",
    "limited": "Limited assurance",
    "none": "No assurance",
}


@dataclass(frozen=True)
class CoverSheet:
    """What the improvement lead wrote on the board paper's cover sheet; None where nothing is
    written yet. ``purpose`` and ``assurance`` are keys of ``PAPER_PURPOSES`` and
    ``ASSURANCE_LEVELS``."""

    meeting: str | None = None
    meeting_on: date | None = None
    purpose: str | None = None
    executive_summary: str | None = None
    recommendation: str | None = None
    assurance: str | None = None
    strategic_objectives: str | None = None
    risks: str | None = None
    updated_at: datetime | None = None

    @property
    def purpose_text(self) -> str | None:
        return PAPER_PURPOSES.get(self.purpose) if self.purpose else None

    @property
    def assurance_text(self) -> str | None:
        return ASSURANCE_LEVELS.get(self.assurance) if self.assurance else None
