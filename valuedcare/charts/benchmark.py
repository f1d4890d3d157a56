"""Benchmark strip chart: this organisation's score against the peer distribution.

The chart draws group statistics only (the middle 50% and the median) and this organisation's
own score. It draws no other organisation's point and no lowest-to-highest range: the lowest and
highest scores are single organisations' own scores.
"""

from __future__ import annotations

import json

import altair as alt
import pandas as pd

from valuedcare.charts._common import (
    Ingredients,
    check_columns,
    check_known_ingredients,
    ingredient_ids,
    label_expr,
)
from valuedcare.charts.render import Chart
from valuedcare.charts.theme import (
    BAND_GREY,
    NHS_BLUE,
    NHS_DARK_GREY,
    NHS_MID_GREY,
    SCORE_DOMAIN,
)

STATS = ["q1", "median", "q3"]
MIDDLE = "Middle 50% of peers"
MEDIAN = "Peer median"
THIS = "This organisation"
KEY_ORDER = [MIDDLE, MEDIAN, THIS]
# Legend symbols: a box, a vertical bar (as an SVG path) and a dot.
KEY_SHAPES = ["square", "M-0.15,-1L0.15,-1L0.15,1L-0.15,1Z", "circle"]
ROW_HEIGHT = 34


def _key(chart: alt.Chart, name: str) -> alt.Chart:
    """Add ``name`` to the shared key (legend) with its own colour and symbol."""
    colours = alt.Scale(domain=KEY_ORDER, range=[BAND_GREY, NHS_DARK_GREY, NHS_BLUE])
    shapes = alt.Scale(domain=KEY_ORDER, range=KEY_SHAPES)
    legend = alt.Legend(title=None, orient="bottom", direction="horizontal", symbolSize=120)
    return chart.transform_calculate(key=f"{json.dumps(name)}").encode(
        color=alt.Color("key:N", scale=colours, legend=legend),
        shape=alt.Shape("key:N", scale=shapes),
    )


def _stats_tooltip() -> list[alt.Tooltip]:
    titles = ["Lower quartile", "Median", "Upper quartile"]
    return [alt.Tooltip("label:N", title="Ingredient")] + [
        alt.Tooltip(f"{stat}:Q", title=title, format=".1f")
        for stat, title in zip(STATS, titles, strict=True)
    ]


def _own_tooltip() -> list[alt.Tooltip]:
    return [
        alt.Tooltip("label:N", title="Ingredient"),
        alt.Tooltip("this_score:Q", title=THIS, format=".1f"),
    ]


def _x(field: str) -> alt.X:
    """Score position on the fixed 1-5 scale, shared by every layer."""
    return alt.X(
        f"{field}:Q",
        scale=alt.Scale(domain=SCORE_DOMAIN, nice=False),
        axis=alt.Axis(values=[1, 2, 3, 4, 5], format="d", title="Maturity level (1 to 5)"),
    )


def _y(ingredients: Ingredients) -> alt.Y:
    """One row per ingredient in model order; the field holds ids, the axis shows labels."""
    ids = ingredient_ids(ingredients)
    labels = {ingredient: [label] for ingredient, label in ingredients}
    return alt.Y(
        "ingredient:N",
        sort=ids,
        scale=alt.Scale(domain=ids),
        axis=alt.Axis(title=None, labelExpr=label_expr(labels), labelLimit=260, ticks=False),
    )


def benchmark_strip_chart(group: pd.DataFrame, *, ingredients: Ingredients) -> Chart:
    """Build a strip chart of this organisation's score against its peer group, per ingredient.

    ``group`` columns: ``ingredient`` (id), ``q1``, ``median``, ``q3`` (peer statistics, 1-5) and
    ``this_score`` (this organisation's score, 1-5 or NaN). One row per
    ingredient, in the order of ``ingredients`` (``(id, short label)`` pairs); every ingredient
    keeps its row. Peer marks are omitted for rows with any missing statistic and the point is
    omitted when ``this_score`` is missing. Returns a layered chart with a key and tooltips.
    """
    check_columns(group, ["ingredient", *STATS, "this_score"], "group")
    check_known_ingredients(group["ingredient"], ingredients)
    frame = group.assign(label=group["ingredient"].map(dict(ingredients)))
    stats = frame.dropna(subset=STATS)
    own = frame.dropna(subset=["this_score"])
    y = _y(ingredients)
    tooltip = _stats_tooltip()
    base = alt.Chart(stats).encode(y=y, tooltip=tooltip)
    point = (
        alt.Chart(own)
        .mark_point(filled=True, size=120, opacity=1, stroke="white", strokeWidth=1.5)
        .encode(_x("this_score"), y, tooltip=_own_tooltip())
    )
    layers = [
        _key(
            base.mark_bar(size=16, opacity=1, stroke=NHS_MID_GREY, strokeWidth=1).encode(
                _x("q1"), x2="q3:Q"
            ),
            MIDDLE,
        ),
        _key(base.mark_tick(thickness=3, size=24, opacity=1).encode(_x("median")), MEDIAN),
        _key(point, THIS),
    ]
    description = (
        f"Strip chart comparing this organisation's maturity score with the peer group's "
        f"middle 50% and median for each of {len(ingredient_ids(ingredients))} ingredients."
    )
    return alt.layer(*layers).properties(
        width=460, height=ROW_HEIGHT * len(ingredients), description=description
    )
