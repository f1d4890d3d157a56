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

import pandas as pd

from valuedcare.questionnaire.measures import Measure

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
