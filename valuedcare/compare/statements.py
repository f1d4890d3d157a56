"""Statement trends within one ingredient, followed across questionnaire versions by ``measures``.

For each lens, every statement (``measures`` key) asked in any cycle gets a row: its latest
wording, its score in each cycle, and its change since the last cycle (the rule of
``valuedcare.compare.trends``). A statement the latest cycle asked but the previous cycle's
questionnaire did not is marked "new"; one not asked in the latest cycle is "no longer asked".
Results are suppressed for small numbers like every other figure.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from valuedcare.compare.common import LENS_TITLES
from valuedcare.compare.trends import Change, TrendCell, cell, change, label_changes
from valuedcare.data import benchmarks as data
from valuedcare.data import trends as trend_data
from valuedcare.data.benchmarks import CycleInfo, OrganisationInfo, summary_from_sums
from valuedcare.data.questionnaires import get_ingredients
from valuedcare.disclosure import DisclosureRules
from valuedcare.questionnaire import Ingredient
from valuedcare.scoring.columns import CYCLE, LENS, LENSES, MEASURES
from valuedcare.view_cache import cached_page, frame_digest

NEW = "new"
NO_LONGER_ASKED = "no longer asked"


@dataclass(frozen=True)
class StatementRow:
    measures: str
    text: str
    wording_changed: bool
    cells: list[TrendCell | None]  # None: not asked in that cycle
    change: Change | None


@dataclass(frozen=True)
class StatementLens:
    lens: str
    title: str
    rows: list[StatementRow]


@dataclass(frozen=True)
class StatementsPage:
    organisation: OrganisationInfo
    ingredient: Ingredient
    cycles: list[CycleInfo]
    lenses: list[StatementLens]
    min_respondents: int


def _latest_change(
    measures: str,
    asked_in: set[str],
    cycles: list[CycleInfo],
    lens_cycles: set[str],
    labelled: dict | None,
) -> Change | None:
    if len(cycles) < 2:
        return None
    latest, previous = cycles[-1].label, cycles[-2].label
    if latest not in asked_in:
        return Change(NO_LONGER_ASKED, None, None)
    if previous in lens_cycles and previous not in asked_in:
        return Change(NEW, None, None)
    return change(labelled)


def _statement_rows(
    asked: pd.DataFrame,
    summary: pd.DataFrame,
    changes: pd.DataFrame,
    cycles: list[CycleInfo],
    lens: str = "",
    rules: DisclosureRules | None = None,
) -> list[StatementRow]:
    order = {c.label: i for i, c in enumerate(cycles)}
    latest_first = asked.assign(_rank=asked[CYCLE].map(order)).sort_values(
        ["_rank", "position"], ascending=[False, True], kind="mergesort"
    )
    by_cell = {(r[CYCLE], r[MEASURES]): r for r in summary.to_dict("records")}
    by_change = {r[MEASURES]: r for r in changes.to_dict("records") if r[CYCLE] == cycles[-1].label}
    lens_cycles = set(asked[CYCLE])
    rows = []
    for measures, rows_of in latest_first.groupby(MEASURES, sort=False):
        asked_in = set(rows_of[CYCLE])
        rows.append(
            StatementRow(
                measures=str(measures),
                text=str(rows_of["text"].iloc[0]),
                wording_changed=rows_of["text"].nunique() > 1,
                cells=[
                    cell(by_cell.get((c.label, measures)), lens, rules)
                    if c.label in asked_in
                    else None
                    for c in cycles
                ],
                change=_latest_change(
                    str(measures), asked_in, cycles, lens_cycles, by_change.get(measures)
                ),
            )
        )
    return rows


def build_statements_page(
    scope,
    organisation_id: int,
    ingredient_id: str,
    *,
    rules: DisclosureRules,
) -> StatementsPage | None:
    """The statements of one ingredient over the organisation's cycles (None: 404)."""
    organisation = data.get_organisation(scope, organisation_id)
    ingredient = get_ingredients().get(ingredient_id)
    if organisation is None or ingredient is None:
        return None
    cycles = data.released_cycles(scope, data.list_organisation_cycles(organisation.id))
    asked = trend_data.get_statements_asked(organisation.id, cycles, ingredient.id)
    sums = trend_data.read_statement_sums(organisation.id, cycles, ingredient.id)
    key = (
        "statements",
        organisation,
        ingredient,
        tuple(cycles),
        frame_digest(asked),
        frame_digest(sums),
        rules,
    )
    return cached_page(
        key,
        lambda: _statements_page(organisation, ingredient, cycles, asked, sums, rules),
    )


def _statements_page(organisation, ingredient, cycles, asked, sums, rules):
    summary = summary_from_sums(sums, trend_data.STATEMENT_KEYS, rules=rules)
    changes = label_changes(summary, cycles)
    lenses = [
        StatementLens(
            lens,
            LENS_TITLES.get(lens, lens),
            _statement_rows(
                asked[asked[LENS] == lens],
                summary[summary[LENS] == lens],
                changes[changes[LENS] == lens],
                cycles,
                lens,
                rules,
            ),
        )
        for lens in LENSES
        if (asked[LENS] == lens).any()
    ]
    return StatementsPage(organisation, ingredient, cycles, lenses, rules.min_respondents)
