"""The respondent's place in the journey, kept in the signed session cookie, and the view models
of the pages (pure apart from reading and writing ``flask.session``).

The session holds, per invitation id, the anonymous draft being answered (``r``), its resume code
(``c``: the respondent's own code, so "Save and come back later" can show it again) and the
sections the respondent moved past with "Continue" (``s``: such a section counts as done even
with optional questions skipped; "Save and come back later" does not add to it).
Individual links need none of this: the link leads to its one response.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from flask import current_app, request, session
from itsdangerous import BadSignature, URLSafeSerializer
from markupsafe import Markup

from valuedcare.data import responses
from valuedcare.forms import rendering
from valuedcare.forms.widgets import render_component
from valuedcare.questionnaire import DONT_KNOW, MATURITY_LEVELS, Item, Questionnaire, Section
from valuedcare.survey.forms import (
    COMMENT_SUFFIX,
    NO_TARGET,
    TARGET_SUFFIX,
    SectionFormBase,
    short,
)

SESSION_KEY = "survey"
MAX_LINKS_IN_SESSION = 5
MATURITY_HINT = (
    "Choose the highest level the trust meets in full. A level counts only if the levels below "
    "it are also met."
)


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
    return URLSafeSerializer(current_app.secret_key, salt=_TICKET_SALT)


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


def remembered_response_id(invitation_id: int) -> int | None:
    value = _entry(invitation_id).get("r")
    return value if isinstance(value, int) else None


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


@dataclass(frozen=True)
class Task:
    section: Section
    number: int
    status: str

    @property
    def status_label(self) -> str:
        return responses.STATUS_LABELS[self.status]


def tasks(
    questionnaire: Questionnaire,
    answers: Mapping[str, responses.StoredAnswer],
    saved: set[str],
) -> list[Task]:
    visible = questionnaire.visible_item_ids(responses.raw_values(answers))
    return [
        Task(
            section,
            number,
            responses.section_status(section, visible, answers, section.id in saved),
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


@dataclass
class Question:
    """One item on a section page: its component and params, plus the extras beside it."""

    item: Item
    component: str
    params: dict[str, Any]
    extras: list[tuple[str, dict[str, Any]]] = field(default_factory=list)


def _maturity_question(item: Item, form: SectionFormBase) -> Question:
    levels = dict(zip(("1", "2", "3", "4", "5"), item.levels or (), strict=False))
    hint = f"{item.help} {MATURITY_HINT}" if item.help else MATURITY_HINT
    params = rendering.radios_params(
        form[item.id],
        legend=item.text,
        hint=hint,
        legend_size="s",
        item_hints=levels,
        divider_before=DONT_KNOW if item.allow_dont_know else None,
    )
    for option in params["items"]:
        if option.get("value") in levels:
            option["text"] = f"{option['value']}. {option['text']}"
    question = Question(item, "radios", params)
    target = form._fields.get(item.id + TARGET_SUFFIX)
    if target is not None:
        question.extras.append(
            (
                "radios",
                _for_statement(
                    rendering.radios_params(
                        target,
                        legend="Which level do you expect the trust to reach in 12 months? "
                        "(optional)",
                        legend_size="s",
                        divider_before=NO_TARGET,
                    ),
                    ("fieldset", "legend"),
                    item,
                ),
            )
        )
    return question


def _comment_extra(item: Item, form: SectionFormBase) -> tuple[str, dict[str, Any]] | None:
    comment = form._fields.get(item.id + COMMENT_SUFFIX)
    if comment is None or item.comment is None:
        return None
    params = rendering.textarea_params(
        comment,
        label=item.comment.label,
        hint=item.comment.hint,
        rows=3,
        max_length=item.comment.max_length,
        label_size="s",
    )
    return "textarea", _for_statement(params, ("label",), item)


def _for_statement(params: dict[str, Any], path: tuple[str, ...], item: Item) -> dict[str, Any]:
    """Add the statement, visually hidden, to a label or legend that every item repeats (such
    as "Evidence (optional)"), so a screen reader user knows which statement it belongs to."""
    holder = params
    for key in path:
        holder = holder[key]
    holder["html"] = Markup('{}<span class="nhsuk-u-visually-hidden"> for “{}”</span>').format(
        holder.pop("text"), short(item.text, 60)
    )
    return params


def _question(item: Item, form: SectionFormBase) -> Question:
    field_ = form[item.id]
    if item.type == "maturity":
        question = _maturity_question(item, form)
    elif item.type == "multiple_choice":
        question = Question(
            item,
            "checkboxes",
            rendering.checkboxes_params(field_, legend=item.text, hint=item.help, legend_size="s"),
        )
    elif item.type == "text":
        question = Question(
            item,
            "textarea",
            rendering.textarea_params(
                field_,
                label=item.text,
                hint=item.help,
                label_size="s",
                max_length=item.max_length or 2000,
            ),
        )
    elif item.type == "number":
        question = Question(
            item,
            "input",
            rendering.input_params(
                field_,
                label=item.text,
                hint=item.help,
                label_size="s",
                width=5,
                inputmode="numeric",
            ),
        )
    else:
        question = _choice_question(item, field_)
    comment = _comment_extra(item, form)
    if comment is not None:
        question.extras.append(comment)
    return question


def _choice_question(item: Item, field_: Any) -> Question:
    hint = item.help
    classes = None
    if item.type == "scale":
        classes = "nhsuk-radios--inline"
        if item.min_label and item.max_label:
            scale = f"{item.min} means {item.min_label}, {item.max} means {item.max_label}."
            hint = f"{item.help} {scale}" if item.help else scale
    not_known = next((option.value for option in item.options if option.not_known), None)
    params = rendering.radios_params(
        field_, legend=item.text, hint=hint, legend_size="s", divider_before=not_known
    )
    if classes:
        params["classes"] = classes
    return Question(item, "radios", params)


def questions(section: Section, form: SectionFormBase) -> list[Question]:
    return [_question(item, form) for item in section.items if item.id in form]


#: Components whose markup depends only on the questionnaire, the chosen value and the error
#: message (never on free text), so a rendered fragment can be reused.
CACHED_COMPONENTS = frozenset({"radios", "checkboxes"})
FRAGMENT_CACHE_SIZE = 4096


def _fragment(component: str, params: dict[str, Any]) -> Markup:
    if component not in CACHED_COMPONENTS:
        return render_component(component, params)
    cache: OrderedDict[str, Markup] = current_app.extensions.setdefault(
        "survey_fragments", OrderedDict()
    )
    key = component + json.dumps(params, sort_keys=True, default=str)
    html = cache.get(key)
    if html is None:
        html = render_component(component, params)
        cache[key] = html
        if len(cache) > FRAGMENT_CACHE_SIZE:
            cache.popitem(last=False)
    else:
        cache.move_to_end(key)
    return html


def render_question(question: Question) -> Markup:
    """One question's markup: its component, then the target level and evidence beside it.

    Radios and checkboxes are rendered once per distinct params by the lean components of
    ``templates/components`` and reused afterwards (the NHS.UK markup of a question is the same
    for everyone who gives the same answer)."""
    parts = [_fragment(question.component, question.params)]
    parts.extend(_fragment(component, params) for component, params in question.extras)
    return Markup('<div class="app-question" id="question-{}">\n{}\n</div>').format(
        question.item.id, Markup("\n").join(parts)
    )


# Check your answers ---------------------------------------------------------------------------


@dataclass(frozen=True)
class SummaryRow:
    item: Item
    answer: str
    extras: tuple[str, ...]


def describe_answer(
    item: Item, stored: responses.StoredAnswer | None
) -> tuple[str, tuple[str, ...]]:
    """The answer as words for the check-your-answers page, plus target and evidence lines."""
    if not responses.is_answered(stored):
        answer = "Not answered"
    else:
        answer = _value_words(item, stored.value)  # type: ignore[union-attr]
    extras: list[str] = []
    if stored is not None and stored.target:
        extras.append(f"Expected in 12 months: {MATURITY_LEVELS[stored.target - 1]}")
    if stored is not None and stored.comment:
        extras.append(f"{item.comment.label if item.comment else 'Comment'}: {stored.comment}")
    return answer, tuple(extras)


def _value_words(item: Item, value: object) -> str:
    if item.type == "maturity":
        if value == DONT_KNOW:
            return "Don't know"
        level = int(str(value))
        return f"{level}. {MATURITY_LEVELS[level - 1]}"
    if item.type == "multiple_choice" and isinstance(value, list):
        return ", ".join(_option_label(item, each) for each in value)
    if item.is_choice:
        return _option_label(item, value)
    return str(value)


def _option_label(item: Item, value: object) -> str:
    option = item.option(value)
    return option.label if option is not None else str(value)


def summary(
    section: Section, visible: set[str], answers: Mapping[str, responses.StoredAnswer]
) -> list[SummaryRow]:
    rows = []
    for item in section.items:
        if item.id in visible:
            answer, extras = describe_answer(item, answers.get(item.id))
            rows.append(SummaryRow(item, answer, extras))
    return rows
