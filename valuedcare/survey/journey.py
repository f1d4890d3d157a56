"""The respondent's place in the journey, kept in the signed session cookie, and the view models
of the pages (pure apart from reading and writing ``flask.session``).

The session holds, per invitation id, the anonymous draft being answered (``r``), its resume code
(``c``: the respondent's own code, so "Save and come back later" can show it again) and the
sections the respondent moved past with "Continue" (``s``: such a section counts as done even
with optional questions skipped; "Save and come back later" does not add to it).
Individual links need none of this: the link leads to its one response.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from flask import current_app, request, session
from itsdangerous import BadSignature, URLSafeSerializer
from markupsafe import Markup
from wtforms import Field

from valuedcare.data import responses
from valuedcare.data.records import StoredAnswer
from valuedcare.questionnaire import MATURITY_LEVELS, Item, Questionnaire, Section
from valuedcare.survey.forms import SectionFormBase, item_fields

SESSION_KEY = "survey"
MAX_LINKS_IN_SESSION = 5


# Session --------------------------------------------------------------------------------------


def _entries() -> dict[str, Any]:
    entries = session.get(SESSION_KEY)
    return dict(entries) if isinstance(entries, Mapping) else {}


def _entry(invitation_id: int) -> dict[str, Any]:
    entry = _entries().get(str(invitation_id))
    return dict(entry) if isinstance(entry, Mapping) else {}


def remember(invitation_id: int, response_id: int, code: str | None) -> None:
    """Remember the draft this browser is answering through a link (a new one replaces it)."""
    entries = _entries()
    entries.pop(str(invitation_id), None)
    while len(entries) >= MAX_LINKS_IN_SESSION:
        entries.pop(next(iter(entries)))
    entries[str(invitation_id)] = {"r": response_id, "c": code, "s": []}
    session[SESSION_KEY] = entries


def forget(invitation_id: int) -> None:
    entries = _entries()
    if entries.pop(str(invitation_id), None) is not None:
        session[SESSION_KEY] = entries


def forget_code(invitation_id: int) -> None:
    """Drop the resume code once the answers are sent (a shared device keeps no code)."""
    entries = _entries()
    entry = dict(entries.get(str(invitation_id)) or {})
    if entry.get("c") is not None:
        entry["c"] = None
        entries[str(invitation_id)] = entry
        session[SESSION_KEY] = entries


TICKET_FIELD = "draft"
_TICKET_SALT = "valuedcare-survey-draft"


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(str(current_app.secret_key), salt=_TICKET_SALT)


def draft_ticket(invitation_id: int) -> str | None:
    """A signed copy of this browser's place in an anonymous draft, carried by the page's form,
    so that a session that ended while the page was open (30 minutes without a request) is
    restored by the next post instead of losing the answers just typed."""
    response_id = remembered_response_id(invitation_id)
    if response_id is None:
        return None
    return _serializer().dumps([invitation_id, response_id, remembered_code(invitation_id)])


def restore_from_ticket(invitation_id: int) -> int | None:
    """The draft named by a posted ticket for this link (remembered again), or None."""
    ticket = request.form.get(TICKET_FIELD) if request.method == "POST" else None
    if not ticket or len(ticket) > 500:
        return None
    try:
        link_id, response_id, code = _serializer().loads(ticket)
    except (BadSignature, ValueError, TypeError):
        return None
    if link_id != invitation_id or not isinstance(response_id, int):
        return None
    remember(invitation_id, response_id, code if isinstance(code, str) else None)
    return response_id


SENT_KEY = "survey_sent"


def _link_key(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()[:16]


def remember_sent_link(token: str, invitation_id: int) -> None:
    """Remember that this browser has just sent its answers through a single-use link, so its
    confirmation page can still be shown once the link is used up (only the latest is kept)."""
    session[SENT_KEY] = {"h": _link_key(token), "i": invitation_id}


def sent_link(token: str) -> int | None:
    """The link id this browser sent its answers through with ``token``, or None."""
    value = session.get(SENT_KEY)
    if not isinstance(value, Mapping) or value.get("h") != _link_key(token):
        return None
    invitation_id = value.get("i")
    return invitation_id if isinstance(invitation_id, int) else None


def remembered_response_id(invitation_id: int) -> int | None:
    value = _entry(invitation_id).get("r")
    return value if isinstance(value, int) else None


def draft_ids() -> list[int]:
    """The drafts this browser is answering, in the order it started them (for rate limits)."""
    ids = (entry.get("r") for entry in _entries().values() if isinstance(entry, Mapping))
    return [value for value in ids if isinstance(value, int)]


def remembered_code(invitation_id: int) -> str | None:
    value = _entry(invitation_id).get("c")
    return value if isinstance(value, str) else None


def saved_sections(invitation_id: int) -> set[str]:
    value = _entry(invitation_id).get("s")
    return {str(each) for each in value} if isinstance(value, list) else set()


def mark_saved(invitation_id: int, section_id: str) -> None:
    entries = _entries()
    entry = dict(entries.get(str(invitation_id)) or {})
    sections = list(entry.get("s") or [])
    if section_id not in sections:
        sections.append(section_id)
    entry["s"] = sections
    entries[str(invitation_id)] = entry
    session[SESSION_KEY] = entries


# Task list and navigation ---------------------------------------------------------------------


NOT_STARTED = "not_started"
IN_PROGRESS = "in_progress"
COMPLETED = "completed"
STATUS_LABELS = {NOT_STARTED: "Not started", IN_PROGRESS: "In progress", COMPLETED: "Completed"}


def section_status(
    section: Section, visible: set[str], answers: Mapping[str, StoredAnswer], confirmed: bool
) -> str:
    """Not started / In progress / Completed for one section, from the stored answers.

    - Not started: no question shown in the section is answered, and the respondent has not
      moved past it with "Continue" (``confirmed``).
    - Completed: every required question is answered, and either every question shown is
      answered ("don't know" counts) or the respondent moved past the section with "Continue",
      choosing to skip the optional ones. "Save and come back later" never completes a section.
    - In progress: anything else (some answers, or a required one missing).
    """
    items = [item for item in section.items if item.id in visible]
    answered = [item for item in items if _answered(answers.get(item.id))]
    missing = [item for item in items if item.required and not _answered(answers.get(item.id))]
    if not answered and not confirmed:
        return NOT_STARTED
    if missing:
        return IN_PROGRESS
    return COMPLETED if confirmed or len(answered) == len(items) else IN_PROGRESS


def _answered(answer: StoredAnswer | None) -> bool:
    return answer is not None and answer.is_answered


@dataclass(frozen=True)
class Task:
    section: Section
    number: int
    status: str

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


def tasks(
    questionnaire: Questionnaire,
    answers: Mapping[str, StoredAnswer],
    saved: set[str],
) -> list[Task]:
    visible = questionnaire.visible_item_ids(responses.raw_values(answers))
    return [
        Task(
            section,
            number,
            section_status(section, visible, answers, section.id in saved),
        )
        for number, section in enumerate(responses.visible_sections(questionnaire, visible), 1)
    ]


def next_section_id(task_list: list[Task], current: str) -> str | None:
    ids = [task.section.id for task in task_list]
    if current not in ids:
        return None
    index = ids.index(current)
    return ids[index + 1] if index + 1 < len(ids) else None


# Page view models -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Question:
    """One item on a section page: its fields (answer, then any target level and comment), each
    with the NHS.UK widget its question type attached (``survey.forms.QUESTION_FIELDS``)."""

    item: Item
    fields: tuple[Field, ...]

    @property
    def parts(self) -> list[tuple[str, dict[str, Any]]]:
        """(component, params) of each field, as its widget renders them."""
        return [(field.widget.component, field.widget.params_for(field)) for field in self.fields]


def questions(section: Section, form: SectionFormBase) -> list[Question]:
    return [
        Question(item, tuple(item_fields(form, item))) for item in section.items if item.id in form
    ]


def render_question(question: Question) -> Markup:
    """One question's markup: its answer field, then the target level and evidence beside it."""
    parts = [field() for field in question.fields]
    return Markup('<div class="app-question" id="question-{}">\n{}\n</div>').format(
        question.item.id, Markup("\n").join(parts)
    )


# Check your answers ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SummaryRow:
    item: Item
    answer: str
    extras: tuple[str, ...]


def describe_answer(item: Item, stored: StoredAnswer | None) -> tuple[str, tuple[str, ...]]:
    """The answer as words for the check-your-answers page, plus target and evidence lines."""
    if stored is None or not stored.is_answered:
        answer = "Not answered"
    else:
        answer = item.kind.words(item, stored.value)
    extras: list[str] = []
    if stored is not None and stored.target:
        extras.append(f"Expected in 12 months: {MATURITY_LEVELS[stored.target - 1]}")
    if stored is not None and stored.comment:
        extras.append(f"{item.comment.label if item.comment else 'Comment'}: {stored.comment}")
    return answer, tuple(extras)


def summary(
    section: Section, visible: set[str], answers: Mapping[str, StoredAnswer]
) -> list[SummaryRow]:
    rows = []
    for item in section.items:
        if item.id in visible:
            answer, extras = describe_answer(item, answers.get(item.id))
            rows.append(SummaryRow(item, answer, extras))
    return rows
