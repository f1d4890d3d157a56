"""Charts of outcome measures: the XmR chart of a series, the funnel plot comparing teams, and
small multiples of the teams' series (pure Altair).

Colours follow "Making Data Count" (improvement blue, concern orange, neither purple, common
cause grey), darkened where needed for 3:1 contrast on white; each point type also has its own
marker shape, so colour is never the only carrier.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from valuedcare.charts._common import check_columns
from valuedcare.charts.render import Chart
from valuedcare.charts.theme import (
    NHS_BLACK,
    NHS_BLUE,
    NHS_DARK_GREY,
    NHS_MID_GREY,
    NHS_ORANGE_DARK,
    NHS_PURPLE,
)
from valuedcare.scoring.funnel import FLAG_WORDS, Funnel
from valuedcare.scoring.spc import COMMON_CAUSE, CONCERN, IMPROVEMENT, NEITHER, RULE_WORDS, XmR

POINT_LABELS = {
    COMMON_CAUSE: "Common cause",
    IMPROVEMENT: "Special cause: improvement",
    CONCERN: "Special cause: concern",
    NEITHER: "Special cause: neither better nor worse",
}
POINT_COLOURS = {
    COMMON_CAUSE: NHS_MID_GREY,
    IMPROVEMENT: NHS_BLUE,
    CONCERN: NHS_ORANGE_DARK,
    NEITHER: NHS_PURPLE,
}
POINT_SHAPES = {
    COMMON_CAUSE: "circle",
    IMPROVEMENT: "diamond",
    CONCERN: "triangle-up",
    NEITHER: "square",
}
WIDTH = 560
HEIGHT = 260
PANEL_WIDTH = 200
PANEL_HEIGHT = 110


def _month_axis() -> alt.X:
    return alt.X("month:T", title=None, axis=alt.Axis(format="%b %Y", labelAngle=-40))


def xmr_chart(result: XmR, *, title: str, unit_words: str) -> Chart:
    """The XmR chart: the values joined by a line, each point marked by its type, the mean
    (solid) and process limits (dashed) of each phase, and the target (dotted) if any."""
    frame = result.frame.assign(
        kind=lambda f: f["point"].map(POINT_LABELS),
        rule_words=lambda f: f["rules"].map(
            lambda rules: "; ".join(RULE_WORDS[rule] for rule in rules) or "none"
        ),
    )[["month", "value", "phase", "mean", "lower", "upper", "kind", "rule_words"]]
    domain = [POINT_LABELS[key] for key in POINT_LABELS]
    base = alt.Chart(frame)
    y = alt.Y("value:Q", title=unit_words, scale=alt.Scale(zero=False))
    line = base.mark_line(color=NHS_DARK_GREY, strokeWidth=1.5).encode(x=_month_axis(), y=y)
    points = base.mark_point(filled=True, size=60, opacity=1).encode(
        x=_month_axis(),
        y=y,
        color=alt.Color(
            "kind:N",
            title="Point",
            scale=alt.Scale(domain=domain, range=[POINT_COLOURS[key] for key in POINT_LABELS]),
            legend=alt.Legend(orient="bottom", columns=2),
        ),
        shape=alt.Shape(
            "kind:N",
            scale=alt.Scale(domain=domain, range=[POINT_SHAPES[key] for key in POINT_LABELS]),
        ),
        tooltip=[
            alt.Tooltip("month:T", title="Month", format="%B %Y"),
            alt.Tooltip("value:Q", title="Value", format=",.1f"),
            alt.Tooltip("kind:N", title="Point"),
            alt.Tooltip("rule_words:N", title="Rules"),
        ],
    )
    limits = base.mark_line(color=NHS_BLACK, strokeDash=[6, 4], strokeWidth=1)
    layers = [
        base.mark_line(color=NHS_BLACK, strokeWidth=1).encode(
            x=_month_axis(), y="mean:Q", detail="phase:N"
        ),
        limits.encode(x=_month_axis(), y="upper:Q", detail="phase:N"),
        limits.encode(x=_month_axis(), y="lower:Q", detail="phase:N"),
        line,
        points,
    ]
    if result.target is not None:
        target = pd.DataFrame({"target": [result.target]})
        layers.append(
            alt.Chart(target)
            .mark_rule(color=NHS_PURPLE, strokeDash=[2, 2], strokeWidth=2)
            .encode(y="target:Q")
        )
    description = (
        f"XmR chart of {title} by month ({unit_words}), with the mean as a solid line, the "
        "process limits as dashed lines"
        + (", the target as a dotted line" if result.target is not None else "")
        + ", and each point marked as common cause or special cause."
    )
    return alt.layer(*layers).properties(
        width=WIDTH, height=HEIGHT, title=title, description=description
    )


def funnel_chart(result: Funnel, *, title: str, unit_words: str) -> Chart:
    """The funnel plot: each team's value against its denominator, the overall value, and the
    95% (dashed) and 99.8% (solid) limits; teams outside the 99.8% limits are labelled."""
    teams = result.teams.assign(flag_words=lambda f: f["flag"].map(FLAG_WORDS))[
        ["team", "denominator", "value", "flag", "flag_words"]
    ]
    curve = result.curve
    x = alt.X("denominator:Q", title="Denominator (size of the team's figures)")
    y_title = unit_words
    layers: list[alt.Chart] = []
    for column, dash in (
        ("lower_95", [6, 4]),
        ("upper_95", [6, 4]),
        ("lower_998", [1, 0]),
        ("upper_998", [1, 0]),
    ):
        layers.append(
            alt.Chart(curve)
            .mark_line(color=NHS_MID_GREY, strokeDash=dash, strokeWidth=1)
            .encode(x=x, y=alt.Y(f"{column}:Q", title=y_title))
        )
    if result.overall is not None:
        layers.append(
            alt.Chart(pd.DataFrame({"overall": [result.overall]}))
            .mark_rule(color=NHS_BLACK, strokeWidth=1)
            .encode(y="overall:Q")
        )
    outside = result.outside
    layers.append(
        alt.Chart(teams)
        .mark_point(filled=True, size=70, opacity=1)
        .encode(
            x=x,
            y=alt.Y("value:Q", title=y_title),
            color=alt.Color(
                "flag_words:N",
                title="Team",
                scale=alt.Scale(
                    domain=list(FLAG_WORDS.values()),
                    range=[NHS_ORANGE_DARK, NHS_ORANGE_DARK, NHS_BLUE, NHS_BLUE, NHS_MID_GREY],
                ),
                legend=alt.Legend(orient="bottom", columns=2),
            ),
            shape=alt.Shape(
                "flag_words:N",
                scale=alt.Scale(
                    domain=list(FLAG_WORDS.values()),
                    range=["triangle-up", "triangle-down", "diamond", "diamond", "circle"],
                ),
            ),
            tooltip=[
                alt.Tooltip("team:N", title="Team"),
                alt.Tooltip("value:Q", title="Value", format=",.1f"),
                alt.Tooltip("denominator:Q", title="Denominator", format=",.0f"),
                alt.Tooltip("flag_words:N", title="Position"),
            ],
        )
    )
    if outside:
        layers.append(
            alt.Chart(teams[teams["team"].isin(outside)])
            .mark_text(align="left", dx=8, dy=-6, color=NHS_BLACK, fontSize=12)
            .encode(x=x, y="value:Q", text="team:N")
        )
    description = (
        f"Funnel plot of {title} for each team against its denominator, with the overall value "
        "and 95% and 99.8% limits."
        + (f" Outside the 99.8% limits: {', '.join(outside)}." if outside else "")
    )
    return alt.layer(*layers).properties(
        width=WIDTH, height=HEIGHT, title=title, description=description
    )


def team_multiples(frame: pd.DataFrame, *, title: str, unit_words: str) -> Chart:
    """Small multiples: one panel per team (by name), sharing the y axis, of its monthly
    values (``team``, ``month``, ``value``)."""
    check_columns(frame, ["team", "month", "value"], "frame")
    teams = sorted(frame["team"].unique(), key=str.casefold)
    return (
        alt.Chart(frame[["team", "month", "value"]])
        .mark_line(color=NHS_BLUE, strokeWidth=1.5, point=alt.OverlayMarkDef(size=12))
        .encode(
            x=alt.X(
                "month:T", title=None, axis=alt.Axis(format="%b %y", labelAngle=-40, tickCount=4)
            ),
            y=alt.Y("value:Q", title=unit_words, scale=alt.Scale(zero=False)),
            tooltip=[
                alt.Tooltip("team:N", title="Team"),
                alt.Tooltip("month:T", title="Month", format="%B %Y"),
                alt.Tooltip("value:Q", title="Value", format=",.1f"),
            ],
        )
        .properties(
            width=PANEL_WIDTH,
            height=PANEL_HEIGHT,
            description=f"Line charts of {title} by month, one panel per team, on one scale.",
        )
        .facet(
            facet=alt.Facet(
                "team:N", sort=teams, title=None, header=alt.Header(labelFontWeight="bold")
            ),
            columns=3,
        )
        .properties(title=title)
    )
