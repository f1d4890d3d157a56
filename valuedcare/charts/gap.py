"""Dumbbell chart of the gap between what people experienced and what they hoped for."""

from __future__ import annotations

import altair as alt
import pandas as pd

from valuedcare.charts._common import check_columns
from valuedcare.charts.render import Chart
from valuedcare.charts.theme import NHS_BLUE, NHS_MID_GREY, NHS_ORANGE_DARK, SCORE_DOMAIN

ACTUAL = "Actual"
HOPED = "Hoped for"
ROW_HEIGHT = 30


def _x(field: str) -> alt.X:
    return alt.X(
        f"{field}:Q",
        scale=alt.Scale(domain=SCORE_DOMAIN, nice=False),
        axis=alt.Axis(values=[1, 2, 3, 4, 5], format="d", title="Score (1 to 5)"),
    )


def _tooltip() -> list[alt.Tooltip]:
    return [
        alt.Tooltip("item:N", title="Item"),
        alt.Tooltip("actual:Q", title=ACTUAL, format=".1f"),
        alt.Tooltip("hoped:Q", title=HOPED, format=".1f"),
        alt.Tooltip("gap:Q", title="Gap (hoped for minus actual)", format="+.1f"),
    ]


def _ends_layer(wide: pd.DataFrame, y: alt.Y) -> alt.Chart:
    """One point per present end; columns item, gap, end, score, actual, hoped."""
    long = wide.melt(
        id_vars=["item", "gap"], value_vars=["actual", "hoped"], var_name="end", value_name="score"
    ).dropna(subset=["score"])
    long["end"] = long["end"].map({"actual": ACTUAL, "hoped": HOPED})
    long = long.merge(wide[["item", "actual", "hoped"]], on="item")
    ends = [ACTUAL, HOPED]
    return (
        alt.Chart(long)
        .mark_point(filled=True, size=120, opacity=1, stroke="white", strokeWidth=1)
        .encode(
            _x("score"),
            y,
            color=alt.Color(
                "end:N",
                sort=ends,
                scale=alt.Scale(domain=ends, range=[NHS_BLUE, NHS_ORANGE_DARK]),
                legend=alt.Legend(title=None, orient="bottom", symbolSize=110),
            ),
            shape=alt.Shape(
                "end:N", sort=ends, scale=alt.Scale(domain=ends, range=["circle", "diamond"])
            ),
            tooltip=_tooltip(),
        )
    )


def dumbbell_chart(gaps: pd.DataFrame) -> Chart:
    """Build a dumbbell chart: per item, a line from the actual to the hoped-for score.

    ``gaps`` columns: ``item`` (display label; rows keep their given order, top to bottom),
    ``actual`` and ``hoped`` (scores 1-5, or NaN: a missing end is left out, and so is the line).
    The two ends are distinguished by colour and by shape (circle for actual, diamond for hoped
    for). Returns a layered chart with a legend and tooltips showing both scores and the gap.
    """
    check_columns(gaps, ["item", "actual", "hoped"], "gaps")
    if gaps["item"].duplicated().any():
        raise ValueError("gaps has more than one row for an item")
    items = gaps["item"].tolist()
    wide = gaps[["item", "actual", "hoped"]].assign(gap=gaps["hoped"] - gaps["actual"])
    y = alt.Y(
        "item:N",
        sort=items,
        scale=alt.Scale(domain=items),
        axis=alt.Axis(title=None, labelLimit=320, ticks=False, domain=False),
    )
    rule = (
        alt.Chart(wide.dropna(subset=["actual", "hoped"]))
        .mark_rule(color=NHS_MID_GREY, strokeWidth=3, opacity=1)
        .encode(_x("actual"), y, x2="hoped:Q", tooltip=_tooltip())
    )
    description = (
        f"Dumbbell chart comparing the actual score with the hoped-for score (1 to 5) for each of "
        f"{len(items)} items."
    )
    return alt.layer(rule, _ends_layer(wide, y)).properties(
        width=420, height=ROW_HEIGHT * len(items), description=description
    )
