"""Radar (spider) chart of maturity scores across the ingredients, one polygon per series.

Polar geometry is computed in pandas: ingredient ``i`` of ``n`` sits at angle ``2πi/n``
measured clockwise from 12 o'clock, so ``x = r·sin θ`` and ``y = r·cos θ``. The chart is then
drawn on two linear scales whose pixel ratio equals their domain ratio, so the rings stay
regular polygons.
"""

from __future__ import annotations

import math

import altair as alt
import pandas as pd

from valuedcare.charts._common import (
    Ingredients,
    check_columns,
    check_known_ingredients,
    ingredient_ids,
    wrap_label,
)
from valuedcare.charts.render import Chart
from valuedcare.charts.theme import (
    BAND_GREY,
    DASHED,
    GRID_GREY,
    NHS_BLACK,
    NHS_DARK_GREY,
    PEER_MEDIAN,
    SERIES_COLOURS,
    SERIES_SHAPES,
    SOLID,
    series_domain,
)
from valuedcare.formatting import join_names

LEVELS = (1, 2, 3, 4, 5)
OUTER = 5.0
LABEL_RADIUS = 5.9
X_EXTENT = 8.0
Y_EXTENT = 7.0
PX_PER_UNIT = 44
#: Ingredient labels and level numbers, in the chart's own pixels. The page never draws the
#: radar below two thirds of its width (``.app-chart--radar`` in _charts.scss), so labels are
#: at least 12 px as seen.
LABEL_FONT_SIZE = 18
LEVEL_FONT_SIZE = 16
MIN_SHOWN_SCALE = 2 / 3
BAND_LABEL = "Peer interquartile range"


def _polar(radius: float, index: int, n: int) -> tuple[float, float]:
    theta = 2 * math.pi * index / n
    return radius * math.sin(theta), radius * math.cos(theta)


def _text_anchor(x: float, y: float) -> tuple[str, str]:
    """Alignment that keeps a label outside the ring whatever its direction from the centre."""
    align = "left" if x > 0.3 else "right" if x < -0.3 else "center"
    baseline = "bottom" if y > 0.3 else "top" if y < -0.3 else "middle"
    return align, baseline


def _axis_frame(ingredients: Ingredients) -> pd.DataFrame:
    """Columns: ingredient, label, lines (wrapped), x, y (label), origin, sx, sy (spoke end)."""
    n = len(ingredients)
    rows = []
    for index, (ingredient, label) in enumerate(ingredients):
        x, y = _polar(LABEL_RADIUS, index, n)
        sx, sy = _polar(OUTER, index, n)
        align, baseline = _text_anchor(x, y)
        lines = "\n".join(wrap_label(label))
        rows.append((ingredient, label, lines, x, y, 0.0, sx, sy, align, baseline))
    columns = ["ingredient", "label", "lines", "x", "y", "origin", "sx", "sy", "align", "baseline"]
    return pd.DataFrame(rows, columns=columns)


def _ring_frame(n: int) -> pd.DataFrame:
    """Closed n-gons at each level. Columns: ring, order, x, y."""
    rows = [(level, i, *_polar(level, i % n, n)) for level in LEVELS for i in range(n + 1)]
    return pd.DataFrame(rows, columns=["ring", "order", "x", "y"])


def _vertex_frame(scores: pd.DataFrame, ingredients: Ingredients) -> pd.DataFrame:
    """Present scores as points. Columns: series, ingredient, label, score, index, x, y."""
    ids = ingredient_ids(ingredients)
    labels = dict(ingredients)
    vertices = scores.loc[scores["score"].notna(), ["series", "ingredient", "score"]].copy()
    vertices["score"] = vertices["score"].astype(float)
    vertices["label"] = vertices["ingredient"].map(labels)
    vertices["index"] = vertices["ingredient"].map(ids.index).astype(int)
    n = len(ids)
    xy = [_polar(r, i, n) for r, i in zip(vertices["score"], vertices["index"], strict=True)]
    vertices["x"] = [x for x, _ in xy]
    vertices["y"] = [y for _, y in xy]
    return vertices.sort_values(["series", "index"]).reset_index(drop=True)


def _edge_frame(vertices: pd.DataFrame, n: int) -> pd.DataFrame:
    """Polygon sides between neighbouring present vertices. Columns: series, x, y, x2, y2.

    A missing (suppressed) score breaks the polygon on both sides of its axis rather than
    joining its neighbours, so no value is implied where there is none.
    """
    following = vertices.assign(index=(vertices["index"] - 1) % n)
    edges = vertices.merge(following, on=["series", "index"], suffixes=("", "2"))
    if n == 1:
        edges = edges.iloc[0:0]
    return edges[["series", "x", "y", "x2", "y2"]]


def _band_frame(peer_band: pd.DataFrame, ingredients: Ingredients) -> pd.DataFrame:
    """Quadrilaterals between the q1 and q3 polygons, one per sector where both ends are known.

    Columns: band (label), quad, order, x, y. Drawn with an opaque pale fill beneath the grid,
    so neighbouring quads join without seams.
    """
    ids = ingredient_ids(ingredients)
    n = len(ids)
    known = peer_band.dropna(subset=["q1", "q3"]).set_index("ingredient")
    rows = []
    for i in range(n):
        j = (i + 1) % n
        if n < 3 or ids[i] not in known.index or ids[j] not in known.index:
            continue
        corners = [(known.at[ids[i], "q3"], i), (known.at[ids[j], "q3"], j)]
        corners += [(known.at[ids[j], "q1"], j), (known.at[ids[i], "q1"], i)]
        corners.append(corners[0])
        for order, (radius, index) in enumerate(corners):
            rows.append((BAND_LABEL, i, order, *_polar(float(radius), index, n)))
    return pd.DataFrame(rows, columns=["band", "quad", "order", "x", "y"])


def _position(x_field: str = "x", y_field: str = "y") -> tuple[alt.X, alt.Y]:
    """Axis-free linear positions with fixed domains shared by every layer."""
    x_scale = alt.Scale(domain=[-X_EXTENT, X_EXTENT], nice=False, zero=False)
    y_scale = alt.Scale(domain=[-Y_EXTENT, Y_EXTENT], nice=False, zero=False)
    return (
        alt.X(f"{x_field}:Q", scale=x_scale, axis=None),
        alt.Y(f"{y_field}:Q", scale=y_scale, axis=None),
    )


def _grid_layers(ingredients: Ingredients) -> list[alt.Chart]:
    """Rings, spokes, level numbers (with a white halo) and the wrapped axis labels."""
    x, y = _position()
    n = len(ingredients)
    rings = (
        alt.Chart(_ring_frame(n))
        .mark_line(color=GRID_GREY, strokeWidth=1)
        .encode(x, y, order="order:Q", detail="ring:N")
    )
    axes = _axis_frame(ingredients)
    spokes = (
        alt.Chart(axes)
        .mark_rule(color=GRID_GREY, strokeWidth=1)
        .encode(*_position("origin", "origin"), x2="sx:Q", y2="sy:Q")
    )
    level_points = [(level, *_polar(level, 0, 2 * n)) for level in LEVELS]
    level_frame = pd.DataFrame(level_points, columns=["level", "x", "y"])
    level_text = alt.Chart(level_frame).encode(x, y, text="level:N")
    halo = level_text.mark_text(
        fontSize=LEVEL_FONT_SIZE, stroke="white", strokeWidth=3, dx=4, align="left"
    )
    numbers = level_text.mark_text(
        fontSize=LEVEL_FONT_SIZE, color=NHS_DARK_GREY, dx=4, align="left"
    )
    labels = (
        alt.Chart(axes)
        .mark_text(
            fontSize=LABEL_FONT_SIZE,
            fontWeight="bold",
            color=NHS_BLACK,
            lineBreak="\n",
            align=alt.ExprRef("datum.align"),
            baseline=alt.ExprRef("datum.baseline"),
        )
        .encode(x, y, text="lines:N")
    )
    return [rings, spokes, halo, numbers, labels]


def _band_layer(band: pd.DataFrame) -> alt.Chart:
    """The interquartile band (quads from ``_band_frame``) with its own legend entry."""
    x, y = _position()
    band_scale = alt.Scale(domain=[BAND_LABEL], range=[BAND_GREY])
    return (
        alt.Chart(band)
        .mark_line(fillOpacity=1, stroke=BAND_GREY, strokeWidth=1, strokeJoin="round")
        .encode(
            x,
            y,
            order="order:Q",
            detail="quad:N",
            fill=alt.Fill(
                "band:N",
                scale=band_scale,
                legend=alt.Legend(
                    title=None, orient="bottom", symbolType="square", labelFontSize=LABEL_FONT_SIZE
                ),
            ),
        )
    )


def _series_layers(vertices: pd.DataFrame, n: int) -> list[alt.Chart]:
    """Polygon sides and vertex points with tooltips, styled by series (colour, dash, shape)."""
    x, y = _position()
    domain = series_domain(set(vertices["series"]))
    colour_scale = alt.Scale(domain=domain, range=[SERIES_COLOURS[s] for s in domain])
    dashes = [DASHED if s == PEER_MEDIAN else SOLID for s in domain]
    dash_scale = alt.Scale(domain=domain, range=dashes)
    shape_scale = alt.Scale(domain=domain, range=[SERIES_SHAPES[s] for s in domain])
    legend = alt.Legend(
        title=None,
        orient="bottom",
        symbolSize=160,
        symbolStrokeWidth=2,
        labelFontSize=LABEL_FONT_SIZE,
    )
    colour = alt.Color("series:N", scale=colour_scale, legend=legend, sort=domain)
    sides = (
        alt.Chart(_edge_frame(vertices, n))
        .mark_rule(strokeWidth=2.5, strokeCap="round")
        .encode(
            x,
            y,
            x2="x2:Q",
            y2="y2:Q",
            color=colour,
            strokeDash=alt.StrokeDash("series:N", scale=dash_scale, sort=domain),
        )
    )
    tooltip = [
        alt.Tooltip("series:N", title="Series"),
        alt.Tooltip("label:N", title="Ingredient"),
        alt.Tooltip("score:Q", title="Score", format=".1f"),
    ]
    points = (
        alt.Chart(vertices)
        .mark_point(filled=True, size=70, opacity=1, stroke="white", strokeWidth=1)
        .encode(
            x,
            y,
            color=colour,
            shape=alt.Shape("series:N", scale=shape_scale, sort=domain),
            tooltip=tooltip,
        )
    )
    return [sides, points]


def _describe(domain: list[str], n: int, has_band: bool) -> str:
    lenses = [s for s in domain if s != PEER_MEDIAN]
    text = f"Radar chart of maturity scores from 1 (Beginning) to 5 (Leading) on {n} ingredients"
    if lenses:
        text += f" for {join_names(lenses)}"
    extras = (["the peer median"] if PEER_MEDIAN in domain else []) + (
        ["the peer interquartile range"] if has_band else []
    )
    if extras:
        text += f", with {join_names(extras)}"
    return text + "."


def radar_chart(
    scores: pd.DataFrame,
    *,
    ingredients: Ingredients,
    peer_band: pd.DataFrame | None = None,
    title: str | None = None,
) -> Chart:
    """Build a radar chart of scores per ingredient, one closed polygon per series.

    ``scores`` columns: ``series`` (display name, one of ``theme.SERIES_ORDER``), ``ingredient``
    (id) and ``score`` (1-5, or NaN when missing or suppressed: such points are left out and the
    polygon is broken there). ``ingredients`` is the ordered list of ``(id, short label)``; the
    first axis points to 12 o'clock and the rest follow clockwise. ``peer_band`` (optional)
    has columns ``ingredient``, ``q1``, ``q3`` and is drawn as a pale band behind the grid.
    Returns a layered chart with a series legend and tooltips on the vertices.
    """
    check_columns(scores, ["series", "ingredient", "score"], "scores")
    check_known_ingredients(scores["ingredient"], ingredients)
    if scores.duplicated(["series", "ingredient"]).any():
        raise ValueError("scores has more than one row for a series and ingredient")
    n = len(ingredient_ids(ingredients))
    layers: list[alt.Chart] = []
    if peer_band is not None:
        check_columns(peer_band, ["ingredient", "q1", "q3"], "peer_band")
        check_known_ingredients(peer_band["ingredient"], ingredients)
        band = _band_frame(peer_band, ingredients)
        layers += [] if band.empty else [_band_layer(band)]
    has_band = bool(layers)
    layers += _grid_layers(ingredients)
    vertices = _vertex_frame(scores, ingredients)
    domain = series_domain(set(vertices["series"]))
    if not vertices.empty:
        layers += _series_layers(vertices, n)
    chart = alt.layer(*layers).properties(
        width=round(2 * X_EXTENT * PX_PER_UNIT),
        height=round(2 * Y_EXTENT * PX_PER_UNIT),
        description=_describe(domain, n, has_band),
    )
    if not title:
        return chart
    return chart.properties(title=alt.TitleParams(title, fontSize=LABEL_FONT_SIZE + 2))
