"""What the plan's forms need from the questionnaires and the report: the board statements of an
ingredient, the guidance for reaching each statement's next level, and a suggested priority."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from valuedcare.data.questionnaires import get_latest_questionnaire
from valuedcare.data.records import ActionRecord
from valuedcare.data.scope import Scope
from valuedcare.reports import service
from valuedcare.reports.model import StatementLevel
from valuedcare.reports.service import ReportNotReleased

BOARD_SLUG = "board-self-assessment"


def _board_items() -> list[Any]:
    found = get_latest_questionnaire(BOARD_SLUG)
    if found is None:
        return []
    return [item for item in found[1].items() if item.type == "maturity"]


def choices(ingredient: str) -> list[tuple[str, str]]:
    """(item id, statement) of the ingredient's statements in the current board questionnaire."""
    return [
        (item.id, item.text) for item in _board_items() if item.effective_ingredient == ingredient
    ]


def texts() -> dict[str, str]:
    """Every current board statement's text by item id."""
    return {item.id: item.text for item in _board_items()}


def initial_data(action: ActionRecord) -> dict[str, object]:
    """The form's values for changing an action."""
    return {
        "ingredient": action.ingredient,
        "statements": list(action.statements),
        "text": action.text,
        "owner": str(action.owner_id) if action.owner_id else "role",
        "owner_role": action.owner_role or "",
        "due_on": action.due_on,
        "status": action.status,
        "target_level": str(action.target_level) if action.target_level else None,
        "revision": str(action.revision),
    }


@dataclass(frozen=True)
class Source:
    """The suggested priority an action is made from."""

    assessment_id: int
    cycle_label: str
    ingredient: str
    item_ids: tuple[str, ...]
    reason: str


def _report(scope: Scope, assessment_id: int):
    try:
        return service.build_trust_report(scope, assessment_id)
    except ReportNotReleased:
        return None


def suggestion_from(
    scope: Scope, organisation_id: int, assessment: str | None, rank: str | None
) -> Source | None:
    """The suggestion ranked ``rank`` on the report of ``assessment``, when both name one of
    this organisation's (anything else, such as a tampered number, gives no suggestion)."""
    if not (assessment or "").isdigit() or not (rank or "").isdigit():
        return None
    if len(assessment or "") > 9 or len(rank or "") > 4:
        return None
    report = _report(scope, int(assessment or 0))
    if report is None or report.info.organisation_id != organisation_id:
        return None
    for suggestion in report.suggestions:
        if suggestion.rank == int(rank or 0):
            return Source(
                report.info.assessment_id,
                report.info.cycle_label,
                suggestion.ingredient,
                tuple(suggestion.item_ids),
                suggestion.reason,
            )
    return None


def guidance(
    scope: Scope, organisation_id: int, assessment_id: int | None, ingredient: str
) -> list[StatementLevel]:
    """The ingredient's statements with their level and how to reach the next level: from the
    report of ``assessment_id`` when it has scores, else from the organisation's newest report
    the reader may open that has them (empty when there is none)."""
    candidates = [assessment_id] if assessment_id is not None else []
    candidates += [
        info.assessment_id
        for info in service.list_reports(scope)
        if info.organisation_id == organisation_id and info.assessment_id != assessment_id
    ]
    for candidate in candidates:
        report = _report(scope, candidate)
        if report is None or report.info.organisation_id != organisation_id:
            continue
        found = [each for each in report.statement_levels if each.ingredient == ingredient]
        if found:
            return found
    return []
