"""The plan on a page: an organisation's actions by ingredient in the model's order, beside where
the organisation stands on each ingredient in its latest report the reader may open."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from valuedcare.data import actions
from valuedcare.data.actions import today
from valuedcare.data.organisations import get_organisation
from valuedcare.data.questionnaires import get_ingredients
from valuedcare.data.records import ACTION_STATUSES, ActionRecord, OrganisationRecord
from valuedcare.data.scope import Scope
from valuedcare.export_format import ExportColumn, Readme
from valuedcare.reports import service
from valuedcare.reports.service import IngredientPosition


@dataclass(frozen=True)
class PlanIngredient:
    ingredient: str
    title: str
    position: IngredientPosition | None
    actions: tuple[ActionRecord, ...]
    """Open actions first (by due date), then those done or dropped."""


@dataclass(frozen=True)
class Plan:
    organisation: OrganisationRecord
    results_cycle: str | None
    """The cycle of the latest report the reader may open: where the scores come from."""
    results_assessment_id: int | None
    ingredients: tuple[PlanIngredient, ...]
    today: date

    @property
    def actions(self) -> tuple[ActionRecord, ...]:
        return tuple(action for each in self.ingredients for action in each.actions)

    @property
    def status_counts(self) -> list[tuple[str, str, int]]:
        """(status, label, how many) for every status, in the plan's order."""
        counts = Counter(action.status for action in self.actions)
        return [(status, label, counts[status]) for status, label in ACTION_STATUSES.items()]

    @property
    def overdue(self) -> tuple[ActionRecord, ...]:
        return tuple(action for action in self.actions if action.is_overdue(self.today))


def _order(action: ActionRecord) -> tuple:
    return (not action.is_open, action.due_on is None, action.due_on or date.max, action.id)


def build_plan(scope: Scope, organisation_id: int, on: date | None = None) -> Plan | None:
    """The plan of a visible organisation, or None."""
    organisation = get_organisation(scope, organisation_id)
    if organisation is None:
        return None
    everything = actions.list_actions(scope, organisation_id)
    latest = next(
        (info for info in service.list_reports(scope) if info.organisation_id == organisation_id),
        None,
    )
    positions = (
        {each.ingredient: each for each in service.ingredient_positions(latest)} if latest else {}
    )
    ingredients = tuple(
        PlanIngredient(
            each.id,
            each.title,
            positions.get(each.id),
            tuple(sorted((a for a in everything if a.ingredient == each.id), key=_order)),
        )
        for each in get_ingredients()
    )
    return Plan(
        organisation,
        latest.cycle_label if latest else None,
        latest.assessment_id if latest else None,
        ingredients,
        on or today(),
    )


#: The plan's download: one row per action, in the plan's order.
PLAN_COLUMNS = (
    ExportColumn("action_id", "Action", "The action's number in this service."),
    ExportColumn("ingredient", "Ingredient", "The ingredient of the model it addresses."),
    ExportColumn("statements", "Statements", "Board statement ids it addresses, by semicolons."),
    ExportColumn("action", "What will be done", "What will be done, as the lead wrote it."),
    ExportColumn("owner", "Owner", "An account's name, or the role of someone with no account."),
    ExportColumn("due_on", "Due", "The due date (YYYY-MM-DD); empty when not set."),
    ExportColumn("status", "Status", "Not started, On track, At risk, Done or Dropped."),
    ExportColumn("overdue", "Overdue", "yes when open and past its due date on the day exported."),
    ExportColumn("target_level", "Level aimed for", "The level (1 to 5) the action aims for."),
    ExportColumn("agreed_in", "Agreed in", "The cycle in which the action was agreed."),
    ExportColumn("last_update", "Last update", "The date of the latest progress update."),
    ExportColumn("score_now", "Score now", "The ingredient's score in the latest report."),
    ExportColumn("target_now", "Target", "The board's target for the ingredient (1 to 5)."),
)


def plan_rows(plan: Plan) -> list[list[object]]:
    """The plan as rows of ``PLAN_COLUMNS``. Text cells are neutralised by the writers (a
    leading "=", "+", "-" or "@" never becomes a formula)."""
    rows: list[list[object]] = []
    for each in plan.ingredients:
        position = each.position
        score = position.cell.score if position and position.cell.has_score else None
        for action in each.actions:
            rows.append(
                [
                    action.id,
                    each.title,
                    "; ".join(action.statements),
                    action.text,
                    action.owner_text,
                    action.due_on.isoformat() if action.due_on else "",
                    action.status_text,
                    "yes" if action.is_overdue(plan.today) else "no",
                    action.target_level or "",
                    action.cycle_label,
                    action.updates[-1].created_at.date().isoformat() if action.updates else "",
                    round(score, 2) if score is not None else "",
                    round(position.target, 2) if position and position.target is not None else "",
                ]
            )
    return rows


def plan_readme(plan: Plan) -> Readme:
    return Readme(
        f"Improvement plan: {plan.organisation.name}",
        [
            "Every action of the organisation's improvement plan, open and closed, by ingredient "
            "in the model's order.",
            f"Scores are from the {plan.results_cycle} report."
            if plan.results_cycle
            else "No report could be opened, so no scores are given.",
        ],
        PLAN_COLUMNS,
    )
