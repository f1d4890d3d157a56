"""Frozen records: what leaves the data layer for the blueprints, the services and the reports.

Plain data, no database: this module imports neither SQLAlchemy nor the models, so a pure module
(``reports.model``) may use it, and an ORM object never reaches a blueprint through these
functions. ``data`` builds each record from its rows (``*_record`` functions beside the queries).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

OPEN = "open"


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


@dataclass(frozen=True)
class ActionNoteRecord:
    """An improvement lead's note turning a gap into an action."""

    id: int
    assessment_id: int
    ingredient: str
    text: str
    owner: str | None
    due_on: date | None
    created_by_id: int | None
    created_at: datetime


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


@dataclass(frozen=True)
class Link:
    """What a respondent's token leads to: its state and, unless unknown, the invitation."""

    state: str
    invitation: LinkInvitation | None = None

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
        value = self.value
        return not (value is None or value == "" or value == [] or value == ())


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
class FreeText:
    """One free-text answer or comment, with the question it answers."""

    lens: str
    item_id: str
    question: str
    text: str


__all__ = [
    "ActionNoteRecord",
    "AssessmentInfo",
    "AssessmentRecord",
    "CycleRecord",
    "OrganisationRecord",
    "DraftResponse",
    "FreeText",
    "Link",
    "LinkInvitation",
    "Started",
    "StoredAnswer",
]
