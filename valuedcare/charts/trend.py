"""Trend small multiples: score by assessment cycle for each ingredient, one line per lens."""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd

from valuedcare.charts._common import (
    Ingredients,
    check_columns,
    check_known_ingredients,
    ingredient_ids,
    label_expr,
    wrap_label,
)
from valuedcare.charts.theme import (
    DASHED,
    PEER_MEDIAN,
    SCORE_DOMAIN,
    SERIES_COLOURS,
    SERIES_SHAPES,
    SOLID,
    series_domain,
)
from valuedcare.formatting import join_names

COLUMNS = 5
PANEL_WIDTH = 140
PANEL_HEIGHT = 110


def _series_encodings(domain: list[str]) -> dict[str, alt.Color | alt.StrokeDash | alt.Shape]:
    """Colour, dash and marker shape per series, in the fixed legend order."""
    legend = alt.Legend(title=None, orient="bottom", symbolSize=80)
    dashes = [DASHED if s == PEER_MEDIAN else SOLID for s in domain]
    return {
        "color": alt.Color(
            "series:N",
            sort=domain,
            scale=alt.Scale(domain=domain, range=[SERIES_COLOURS[s] for s in domain]),
            legend=legend,
        ),
        "strokeDash": alt.StrokeDash(
            "series:N", sort=domain, scale=alt.Scale(domain=domain, range=dashes)
        ),
        "shape": alt.Shape(
            "series:N",
            sort=domain,
            scale=alt.Scale(domain=domain, range=[SERIES_SHAPES[s] for s in domain]),
        ),
    }


def _panel_encodings(cycles: list[str], ingredients: Ingredients) -> dict[str, Any]:
    """Cycle along x (given order), fixed 1-5 score along y, one panel per ingredient."""
    headers = {ingredient: wrap_label(label, 18) for ingredient, label in ingredients}
    return {
        "x": alt.X(
            "cycle:O",
            sort=cycles,
            scale=alt.Scale(domain=cycles),
            axis=alt.Axis(title=None, labelAngle=-40),
        ),
        "y": alt.Y(
            "score:Q",
            scale=alt.Scale(domain=SCORE_DOMAIN, nice=False),
            axis=alt.Axis(values=[1, 2, 3, 4, 5], format="d"),
            title="Score",
        ),
        "facet": alt.Facet(
            "ingredient:N",
            sort=ingredient_ids(ingredients),
            columns=COLUMNS,
            title=None,
            header=alt.Header(labelExpr=label_expr(headers), labelFontWeight="bold"),
        ),
    }


def trend_chart(series: pd.DataFrame, *, ingredients: Ingredients) -> alt.Chart:
    """Build small multiples (one panel per ingredient, five per row) of score by cycle.

    ``series`` columns: ``cycle`` (label such as "2024/25"; the x axis keeps the order the
    labels first appear in), ``ingredient`` (id), ``series`` (display name, one of
    ``theme.SERIES_ORDER``; lens ids map to names through ``theme.LENS_LABELS``) and ``score``
    (1-5, or NaN, which is left out). Panels follow the order of ``ingredients``. Returns a
    faceted line chart with points, tooltips and a fixed 1-5 y axis.
    """
    check_columns(series, ["cycle", "ingredient", "series", "score"], "series")
    check_known_ingredients(series["ingredient"], ingredients)
    cycles = list(dict.fromkeys(series["cycle"].tolist()))
    present = series.dropna(subset=["score"]).assign(
        label=lambda frame: frame["ingredient"].map(dict(ingredients))
    )
    domain = series_domain(set(present["series"]))
    description = (
        f"Line charts of maturity score (1 to 5) by assessment cycle for each of "
        f"{len(ingredients)} ingredients, for {join_names(domain) or 'no series'}."
    )
    return (
        alt.Chart(present)
        .mark_line(strokeWidth=2, point=alt.OverlayMarkDef(filled=True, size=45, opacity=1))
        .encode(
            **_panel_encodings(cycles, ingredients),
            tooltip=[
                alt.Tooltip("series:N", title="Series"),
                alt.Tooltip("label:N", title="Ingredient"),
                alt.Tooltip("cycle:O", title="Cycle"),
                alt.Tooltip("score:Q", title="Score", format=".1f"),
            ],
            **_series_encodings(domain),
        )
        .properties(width=PANEL_WIDTH, height=PANEL_HEIGHT, description=description)
    )
