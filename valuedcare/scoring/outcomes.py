"""Outcome measures' monthly values per team, put together for the organisation and for the
comparison between teams (pure pandas).

The organisation's value for a month is worked out from its teams' values that month:
- a share or rate (numerator and denominator): all teams' numerators over all their denominators,
  so that a big team counts for more than a small one;
- a count (such as bed days lost): the teams' sum;
- any other single value (such as an average length of stay in days, or a cost per bed day): the
  mean of the teams' values. Teams differ in size, so this is a rough figure: where the size
  matters, define the measure as a numerator and denominator.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from valuedcare.questionnaire.measures import Measure, MeasureSet
from valuedcare.scoring.spc import ASSURANCE_LETTERS, VARIATION_LETTERS, XmR, xmr

#: The columns of a frame of values (``valuedcare.data.measures.read_values`` gives one).
VALUE_COLUMNS = ["measure", "team", "month", "value", "numerator", "denominator"]
#: How many recent months the comparison between teams adds up.
COMPARISON_MONTHS = 12


def organisation_series(values: pd.DataFrame, measure: Measure) -> pd.Series:
    """The organisation's monthly series of one measure (indexed by month, oldest first; empty
    when there are no values). ``values`` may hold other measures: they are ignored."""
    mine = values[values["measure"] == measure.id]
    if mine.empty:
        return pd.Series(dtype=float, name=measure.id)
    by_month = mine.groupby("month", sort=True)
    if measure.is_ratio:
        sums = by_month[["numerator", "denominator"]].sum()
        shown = sums["numerator"] / sums["denominator"] * measure.multiplier
        series = shown[sums["denominator"] > 0]
    elif measure.unit == "count":
        series = by_month["value"].sum()
    else:
        series = by_month["value"].mean()
    return series.astype(float).rename(measure.id)


def team_frame(values: pd.DataFrame, measure: Measure) -> pd.DataFrame:
    """One measure's values per team and month (``team``, ``month``, ``value``), by team name
    then month."""
    mine = values[values["measure"] == measure.id]
    return (
        mine[["team", "month", "value"]]
        .sort_values(["team", "month"], key=lambda c: c.str.casefold() if c.name == "team" else c)
        .reset_index(drop=True)
    )


def team_totals(
    values: pd.DataFrame, measure: Measure, months: int = COMPARISON_MONTHS
) -> pd.DataFrame:
    """Each team's numerator and denominator over the organisation's last ``months`` months with
    values (``team``, ``numerator``, ``denominator``), for the funnel plot; empty for a measure
    that is not a numerator and denominator."""
    mine = values[values["measure"] == measure.id]
    if mine.empty or not measure.is_ratio:
        return pd.DataFrame(columns=["team", "numerator", "denominator"])
    recent = sorted(mine["month"].unique())[-months:]
    window = mine[mine["month"].isin(recent)]
    totals = window.groupby("team", sort=False)[["numerator", "denominator"]].sum().reset_index()
    return totals.sort_values("team", key=lambda c: c.str.casefold()).reset_index(drop=True)


def latest_months(values: pd.DataFrame, measure: Measure, months: int = COMPARISON_MONTHS) -> tuple:
    """(first, last) month of the window ``team_totals`` adds up, or (None, None)."""
    mine = values[values["measure"] == measure.id]
    if mine.empty:
        return (None, None)
    recent = sorted(mine["month"].unique())[-months:]
    return (pd.Timestamp(recent[0]).date(), pd.Timestamp(recent[-1]).date())


@dataclass(frozen=True)
class MeasureSummary:
    """A measure's organisation series read as an XmR chart: what the summary table, the report
    and the trends page show of it."""

    measure: Measure
    result: XmR
    points: int

    @property
    def has_values(self) -> bool:
        return self.points > 0

    @property
    def variation_letter(self) -> str:
        return VARIATION_LETTERS.get(self.result.variation or "", "")

    @property
    def assurance_letter(self) -> str:
        return ASSURANCE_LETTERS.get(self.result.assurance or "", "")

    @property
    def variation_kind(self) -> str:
        """The icon's colour: improvement, concern, neither, common (cause) or none."""
        return (self.result.variation or "none").split("_")[0]


def summarise(values: pd.DataFrame, measure_set: MeasureSet) -> tuple[MeasureSummary, ...]:
    """Every measure of the set, in its order, with its organisation series' XmR chart."""
    found = []
    for measure in measure_set:
        series = organisation_series(values, measure)
        found.append(
            MeasureSummary(
                measure, xmr(series, better=measure.better, target=measure.target), int(series.size)
            )
        )
    return tuple(found)


def by_ingredient(summaries: tuple[MeasureSummary, ...]) -> dict[str, tuple[MeasureSummary, ...]]:
    """The measures with values that inform each ingredient, in the measures file's order."""
    found: dict[str, list[MeasureSummary]] = {}
    for summary in summaries:
        if summary.has_values:
            for ingredient in summary.measure.ingredients:
                found.setdefault(ingredient, []).append(summary)
    return {ingredient: tuple(each) for ingredient, each in found.items()}
