"""Heatmap of scores: ingredients across, rows (cycles or anonymised organisations) down."""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd

from valuedcare.charts._common import (
    Ingredients,
    check_columns,
    check_known_ingredients,
    format_score,
    ingredient_ids,
    label_expr,
    wrap_label,
)
from valuedcare.charts.render import Chart
from valuedcare.charts.theme import (
    NHS_DARK_GREY,
    NHS_WHITE,
    SCORE_DOMAIN,
    SEQUENTIAL_BLUES,
    SUPPRESSED_GREY,
    contrast_ratio,
    hex_to_rgb,
)

MISSING = "Suppressed or no data"
BLACK = "#000000"
CELL_WIDTH = 80
LINE_HEIGHT = 14
CELL_HEIGHT = 36


def cell_fill(score: float) -> str:
    """The fill the colour scale gives ``score``: RGB interpolation across ``SEQUENTIAL_BLUES``."""
    low, high = (hex_to_rgb(colour) for colour in SEQUENTIAL_BLUES)
    lowest, highest = SCORE_DOMAIN
    t = (min(max(score, lowest), highest) - lowest) / (highest - lowest)
    channels = (round(a + t * (b - a)) for a, b in zip(low, high, strict=True))
    return "#" + "".join(f"{channel:02X}" for channel in channels)


def text_colour(score: float) -> str:
    """White or black, whichever contrasts more with the cell fill for ``score``.

    Pure black (rather than the NHS text colour) keeps every fill on the ramp at 4.5:1 or more.
    """
    fill = cell_fill(score)
    return max((NHS_WHITE, BLACK), key=lambda text: contrast_ratio(fill, text))


def _column_headers(ingredients: Ingredients) -> dict[str, list[str]]:
    """Wrapped column headers, bottom-aligned by leading blank lines to the same depth.

    Vega stacks the lines of a multi-line top-axis label downwards from its anchor, so every
    header gets the same number of lines and the axis label padding lifts them clear of the cells.
    """
    wrapped = {ingredient: wrap_label(label, 13) for ingredient, label in ingredients}
    depth = max(len(lines) for lines in wrapped.values())
    return {key: [""] * (depth - len(lines)) + lines for key, lines in wrapped.items()}


def _cell_frame(cells: pd.DataFrame, row_field: str, ingredients: Ingredients) -> pd.DataFrame:
    """Columns: row_field, ingredient, label, score, text, text_colour, tip, status."""
    frame = cells[[row_field, "ingredient", "score"]].copy()
    frame["score"] = frame["score"].astype(float)
    missing = frame["score"].isna()
    frame["label"] = frame["ingredient"].map(dict(ingredients))
    frame["text"] = frame["score"].map(format_score)
    frame["text_colour"] = [
        NHS_DARK_GREY if gap else text_colour(score)
        for gap, score in zip(missing, frame["score"], strict=True)
    ]
    frame["tip"] = frame["text"].where(~missing, MISSING)
    frame["status"] = MISSING
    return frame


def _x(ingredients: Ingredients) -> alt.X:
    """Ingredient columns in model order, with wrapped headers above the cells."""
    ids = ingredient_ids(ingredients)
    headers = _column_headers(ingredients)
    depth = len(next(iter(headers.values())))
    return alt.X(
        "ingredient:N",
        sort=ids,
        scale=alt.Scale(domain=ids),
        axis=alt.Axis(
            title=None,
            orient="top",
            labelAngle=0,
            labelBaseline="bottom",
            labelLineHeight=LINE_HEIGHT,
            labelPadding=6 + LINE_HEIGHT * (depth - 1),
            labelExpr=label_expr(headers),
            labelLimit=0,
            ticks=False,
            domain=False,
        ),
    )


def _cell_layers(base: alt.Chart, *, n_rows: int, has_missing: bool) -> list[alt.Chart]:
    """Scored cells on the blue scale, plus grey cells (with their own key) for missing ones."""
    # The colour key is about as tall as the grid, within readable limits.
    key_length = min(max(CELL_HEIGHT * n_rows, 100), 160)
    colour = alt.Color(
        "score:Q",
        scale=alt.Scale(domain=SCORE_DOMAIN, range=list(SEQUENTIAL_BLUES), interpolate="rgb"),
        legend=alt.Legend(
            title="Score", values=[1, 2, 3, 4, 5], format="d", gradientLength=key_length
        ),
    )
    cell: dict[str, Any] = {"stroke": NHS_WHITE, "strokeWidth": 2}
    layers = [base.transform_filter("isValid(datum.score)").mark_rect(**cell).encode(color=colour)]
    if has_missing:
        fill = alt.Fill(
            "status:N",
            scale=alt.Scale(domain=[MISSING], range=[SUPPRESSED_GREY]),
            legend=alt.Legend(title=None, symbolType="square", symbolSize=200),
        )
        missing = base.transform_filter("!isValid(datum.score)").mark_rect(**cell)
        layers.append(missing.encode(fill=fill))
    return layers


def heatmap_chart(
    cells: pd.DataFrame, *, row_field: str, row_title: str, ingredients: Ingredients
) -> Chart:
    """Build a heatmap of scores with ingredients along x (model order) and rows down y.

    ``cells`` columns: ``row_field`` (row key, e.g. ``cycle`` or an anonymised organisation
    label; rows keep the order they first appear in), ``ingredient`` (id) and ``score`` (1-5, or
    NaN when suppressed or missing). Colour is a sequential blue over the fixed domain 1-5 and
    each cell is labelled with its score to one decimal place; a missing cell is pale grey and
    labelled "–". Returns a layered chart (cells, labels) with tooltips.
    """
    check_columns(cells, [row_field, "ingredient", "score"], "cells")
    check_known_ingredients(cells["ingredient"], ingredients)
    frame = _cell_frame(cells, row_field, ingredients)
    rows = list(dict.fromkeys(frame[row_field].tolist()))
    y = alt.Y(
        f"{row_field}:N",
        sort=rows,
        scale=alt.Scale(domain=rows),
        axis=alt.Axis(title=row_title, ticks=False, domain=False),
    )
    tooltip = [
        alt.Tooltip(f"{row_field}:N", title=row_title),
        alt.Tooltip("label:N", title="Ingredient"),
        alt.Tooltip("tip:N", title="Score"),
    ]
    base = alt.Chart(frame).encode(x=_x(ingredients), y=y, tooltip=tooltip)
    text = base.mark_text(fontSize=12, color=alt.ExprRef("datum.text_colour")).encode(text="text:N")
    n = len(ingredients)
    description = (
        f"Heatmap of maturity scores from 1 to 5 for {n} ingredients (columns) by "
        f"{row_title.lower()} ({len(rows)} rows); suppressed or missing cells are grey and "
        "marked with a dash."
    )
    has_missing = bool(frame["score"].isna().any())
    layers = _cell_layers(base, n_rows=len(rows), has_missing=has_missing)
    return alt.layer(*layers, text).properties(
        width=CELL_WIDTH * n, height=CELL_HEIGHT * len(rows), description=description
    )
