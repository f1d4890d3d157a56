"""Trends over cycles for one organisation: ingredient scores by cycle and lens, and statements.

The change since the last cycle is labelled with ``scoring.trend_labels``, from the scores as
shown (one decimal place). Two rules, stated on the page as ``RULE``: the board and its agreed
position are the whole board, not a sample of it, so a change of at least ``MIN_CHANGE`` (half a
maturity level) counts as "improved" or "declined". Experts by experience and partners are a
sample, so a change must also be at least ``SE_MULTIPLIER`` standard errors of the difference
between the two cycles' means, SE = sqrt(sd1²/n1 + sd2²/n2), where n is the number of
respondents (fewer respondents or more spread give a larger threshold); otherwise it is "no clear
change". Suppressed or missing results are "not comparable".

Statements are matched across questionnaire versions by their ``measures`` key, so a reworded
statement keeps its history; a statement the previous cycle's questionnaire did not ask is "new".
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
from markupsafe import Markup

from valuedcare.charts import heatmap_chart, trend_chart
from valuedcare.charts.theme import LENS_LABELS
from valuedcare.compare.common import (
    LENS_TITLES,
    Heatmap,
    for_display,
    heatmap_table,
    ingredient_pairs,
    value,
)
from valuedcare.data import benchmarks as data
from valuedcare.data import trends as trend_data
from valuedcare.data.benchmarks import CycleInfo, OrganisationInfo, summary_from_sums
from valuedcare.data.questionnaires import get_ingredients
from valuedcare.data.reports import organisation_experience_pairs
from valuedcare.disclosure import DisclosureRules, band_count
from valuedcare.scoring import gap_trends, ingredient_experience_gaps, trend_labels
from valuedcare.scoring.columns import (
    CYCLE,
    EXPERTS_BY_EXPERIENCE,
    INGREDIENT,
    LENS,
    LENSES,
    RESPONDENTS,
    SCORE,
    SUPPRESSED,
)
from valuedcare.scoring.trends import CHANGE, LABEL, THRESHOLD
from valuedcare.view_cache import cached_page, cached_spec, frame_digest

MIN_CHANGE = 0.5
SE_MULTIPLIER = 2.0
RULE = (
    "Changes are worked out from the scores as shown, to one decimal place. The board's scores "
    "come from the whole board, not a sample of it, so for the board and its agreed position we "
    f"say a score improved or declined when it changed by at least {MIN_CHANGE} of a level. "
    "Experts by experience and partners are a sample of the people who could answer, so for them "
    f"a change must be at least {MIN_CHANGE} of a level and at least {SE_MULTIPLIER:g} standard "
    "errors of the difference between the two cycles, which is larger when fewer people "
    "responded or their answers were more spread out. Anything smaller is shown as no clear "
    "change."
)


@dataclass(frozen=True)
class TrendCell:
    score: float | None
    respondents: int | None
    suppressed: bool
    respondents_text: str = ""
    """How many responded, as a reader may see it: exact for the board, a band ("5 to 9") for
    the anonymous lenses."""


@dataclass(frozen=True)
class Change:
    label: str  # improved, no clear change, declined, not comparable
    change: float | None
    threshold: float | None


@dataclass(frozen=True)
class TrendRow:
    ingredient: str
    title: str
    cells: list[TrendCell]
    change: Change | None


@dataclass(frozen=True)
class TrendLens:
    lens: str
    title: str
    rows: list[TrendRow]
    heatmap: Heatmap | None


@dataclass(frozen=True)
class TrendsPage:
    organisation: OrganisationInfo
    cycles: list[CycleInfo]
    lenses: list[TrendLens]
    trend_spec: Markup | None
    min_respondents: int
    rule: str = RULE
    experience: list[TrendRow] = field(default_factory=list)
    """The experts-by-experience gap per ingredient and cycle (smaller is better)."""

    @property
    def latest(self) -> CycleInfo | None:
        return self.cycles[-1] if self.cycles else None

    @property
    def previous(self) -> CycleInfo | None:
        return self.cycles[-2] if len(self.cycles) > 1 else None


def cell(row: dict | None, lens: str = "", rules: DisclosureRules | None = None) -> TrendCell:
    """A table cell from a SUMMARY row (None: no result in that cycle)."""
    if row is None:
        return TrendCell(None, None, False)
    respondents = None if pd.isna(row[RESPONDENTS]) else int(row[RESPONDENTS])
    text = ""
    if respondents:
        if rules is not None and rules.is_anonymous(lens):
            text = f"{band_count(respondents, rules)} responses"
        else:
            text = f"{respondents} {'response' if respondents == 1 else 'responses'}"
    return TrendCell(value(row[SCORE]), respondents, bool(row[SUPPRESSED]), text)


def change(row: dict | None) -> Change | None:
    """The labelled change from a ``trend_labels`` row (None: no row)."""
    if row is None:
        return None
    return Change(str(row[LABEL]), value(row[CHANGE]), value(row[THRESHOLD]))


def label_changes(summary: pd.DataFrame, cycles: list[CycleInfo]) -> pd.DataFrame:
    """``trend_labels`` with the page's rule, for ``cycles`` in time order."""
    return trend_labels(
        summary,
        cycles=[c.label for c in cycles],
        min_change=MIN_CHANGE,
        se_multiplier=SE_MULTIPLIER,
    )


def _trend_spec(summary: pd.DataFrame, cycles: list[CycleInfo], pairs) -> Markup | None:
    if summary[SCORE].notna().sum() == 0:
        return None
    rank = {c.label: i for i, c in enumerate(cycles)}
    series = summary.assign(series=summary[LENS].map(LENS_LABELS), _rank=summary[CYCLE].map(rank))
    series = series.sort_values("_rank", kind="mergesort")[[CYCLE, INGREDIENT, "series", SCORE]]
    series = series.assign(**{SCORE: for_display(series[SCORE])}).reset_index(drop=True)
    present = set(series[INGREDIENT])
    ingredients = [(i, t) for i, t in pairs if i in present]
    return cached_spec(
        "trend", series, lambda f: trend_chart(f, ingredients=ingredients), tuple(ingredients)
    )


def _lens_heatmap(lens_summary: pd.DataFrame, cycles: list[CycleInfo], pairs) -> Heatmap | None:
    if lens_summary[SCORE].notna().sum() == 0:
        return None
    present = set(lens_summary[INGREDIENT])
    ingredients = [(i, t) for i, t in pairs if i in present]
    grid = pd.MultiIndex.from_product(
        [[c.label for c in cycles], [i for i, _ in ingredients]], names=[CYCLE, INGREDIENT]
    )
    cells = lens_summary.set_index([CYCLE, INGREDIENT])[SCORE].reindex(grid).reset_index()
    cells = cells.assign(**{SCORE: for_display(cells[SCORE])})
    spec = cached_spec(
        "trend-heatmap",
        cells,
        lambda f: heatmap_chart(f, row_field=CYCLE, row_title="Cycle", ingredients=ingredients),
        tuple(ingredients),
    )
    return heatmap_table(cells, CYCLE, "Cycle", ingredients, spec)


def _trend_lens(lens, summary, changes, cycles, pairs, titles, rules=None) -> TrendLens:
    by_cell = {(r[CYCLE], r[INGREDIENT]): r for r in summary.to_dict("records")}
    latest = cycles[-1].label
    by_change = {r[INGREDIENT]: r for r in changes.to_dict("records") if r[CYCLE] == latest}
    present = set(summary[INGREDIENT])
    rows = [
        TrendRow(
            i,
            titles[i],
            [cell(by_cell.get((c.label, i)), lens, rules) for c in cycles],
            change(by_change.get(i)),
        )
        for i, _ in pairs
        if i in present
    ]
    return TrendLens(lens, LENS_TITLES.get(lens, lens), rows, _lens_heatmap(summary, cycles, pairs))


def build_trends_page(
    scope,
    organisation_id: int,
    *,
    rules: DisclosureRules,
) -> TrendsPage | None:
    """Each ingredient's score by cycle and lens for one organisation (None: 404)."""
    organisation = data.get_organisation(scope, organisation_id)
    if organisation is None:
        return None
    cycles = data.released_cycles(scope, data.list_organisation_cycles(organisation.id))
    sums = trend_data.read_ingredient_sums(organisation.id, cycles)
    ingredient_set = get_ingredients()
    key = (
        "trends",
        organisation,
        tuple(cycles),
        frame_digest(sums),
        ingredient_set.version,
        rules,
    )
    return cached_page(key, lambda: _trends_page(organisation, cycles, sums, ingredient_set, rules))


def _experience_rows(organisation_id: int, cycles: list[CycleInfo], titles, pairs, rules):
    """The experts-by-experience gap by cycle for each ingredient a pair asks about, and its
    change since the previous cycle ("narrowed", "widened"), by the rule for sampled figures."""
    if not cycles:
        return []
    labels = [c.label for c in cycles]
    frame, asked = organisation_experience_pairs(organisation_id, labels)
    gaps = ingredient_experience_gaps(frame, by=[CYCLE], rules=rules)
    if gaps.empty:
        return []
    changes = gap_trends(gaps, cycles=labels)
    by_cell = {
        (r[CYCLE], r[INGREDIENT]): {
            SCORE: r["gap"],
            RESPONDENTS: r[RESPONDENTS],
            SUPPRESSED: r[SUPPRESSED],
        }
        for r in gaps.to_dict("records")
    }
    latest = labels[-1]
    by_change = {r[INGREDIENT]: r for r in changes.to_dict("records") if r[CYCLE] == latest}
    present = {pair.ingredient for pair in asked} | set(gaps[INGREDIENT])
    return [
        TrendRow(
            i,
            titles[i],
            [cell(by_cell.get((c.label, i)), EXPERTS_BY_EXPERIENCE, rules) for c in cycles],
            change(by_change.get(i)),
        )
        for i, _ in pairs
        if i in present
    ]


def _trends_page(organisation, cycles, sums, ingredient_set, rules) -> TrendsPage:
    summary = summary_from_sums(sums, trend_data.INGREDIENT_KEYS, rules=rules)
    changes = label_changes(summary, cycles)
    pairs = ingredient_pairs(ingredient_set)
    titles = {each.id: each.title for each in ingredient_set}
    lenses = [
        _trend_lens(
            lens,
            summary[summary[LENS] == lens],
            changes[changes[LENS] == lens],
            cycles,
            pairs,
            titles,
            rules,
        )
        for lens in LENSES
        if (summary[LENS] == lens).any()
    ]
    return TrendsPage(
        organisation,
        cycles,
        lenses,
        _trend_spec(summary, cycles, pairs),
        rules.min_respondents,
        experience=_experience_rows(organisation.id, cycles, titles, pairs, rules),
    )
