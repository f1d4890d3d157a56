"""The outcome measures' charts: valid themed specs that render without a browser, and hold
what they should."""

from __future__ import annotations

import numpy as np
import pandas as pd

from valuedcare.charts.render import to_spec, to_svg
from valuedcare.charts.spc import funnel_chart, team_multiples, xmr_chart
from valuedcare.scoring.funnel import funnel
from valuedcare.scoring.spc import xmr


def series(n: int = 24) -> pd.Series:
    values = np.random.default_rng(7).normal(30, 2, n)
    values[-1] = 60
    return pd.Series(values, index=pd.date_range("2024-01-01", periods=n, freq="MS"))


def datasets(spec: dict) -> list[list[dict]]:
    return list(spec.get("datasets", {}).values())


def test_xmr_chart_draws_values_limits_and_target() -> None:
    result = xmr(series(), better="lower", target=32)
    spec = to_spec(xmr_chart(result, title="Length of stay", unit_words="days"))
    assert spec["title"] == "Length of stay"
    assert "target as a dotted line" in spec["description"]
    rows = max(datasets(spec), key=len)
    assert len(rows) == 24
    kinds = [row["kind"] for row in rows]
    assert kinds[-1] == "Special cause: concern"
    assert "Common cause" in kinds
    assert "<svg" in to_svg(xmr_chart(result, title="Length of stay", unit_words="days"))


def test_funnel_chart_labels_teams_outside_the_limits() -> None:
    totals = pd.DataFrame(
        {"team": ["A", "B", "C", "D"], "numerator": [50, 60, 55, 120], "denominator": [500] * 4}
    )
    chart = funnel_chart(funnel(totals, kind="share", multiplier=100), title="DNA", unit_words="%")
    spec = to_spec(chart)
    assert "Outside the 99.8% limits: D." in spec["description"]
    labels = [layer for layer in spec["layer"] if layer.get("mark", {}).get("type") == "text"]
    assert len(labels) == 1
    assert "<svg" in to_svg(chart)


def test_team_multiples_has_a_panel_per_team() -> None:
    months = pd.date_range("2024-01-01", periods=12, freq="MS")
    frame = pd.DataFrame(
        {"team": ["b team"] * 12 + ["A team"] * 12, "month": list(months) * 2, "value": range(24)}
    )
    spec = to_spec(team_multiples(frame, title="Waits", unit_words="days"))
    assert spec["facet"]["sort"] == ["A team", "b team"]
    assert "<svg" in to_svg(team_multiples(frame, title="Waits", unit_words="days"))


def layers_of(spec: dict, mark: str) -> list[dict]:
    return [layer for layer in spec["layer"] if layer.get("mark", {}).get("type") == mark]


def test_xmr_chart_layers_limits_dashed_and_points_shaped() -> None:
    result = xmr(series(), better="lower")
    spec = to_spec(xmr_chart(result, title="Length of stay", unit_words="days"))
    lines = layers_of(spec, "line")
    # Mean, upper and lower limits, and the values' line; no target rule without a target.
    assert len(lines) == 4 and layers_of(spec, "rule") == []
    limits = [line for line in lines if line["encoding"]["y"]["field"] in {"upper", "lower"}]
    assert len(limits) == 2 and all(line["mark"]["strokeDash"] for line in limits)
    assert all(line["encoding"]["detail"]["field"] == "phase" for line in limits)
    (points,) = layers_of(spec, "point")
    assert points["encoding"]["shape"]["field"] == points["encoding"]["color"]["field"] == "kind"
    assert len(set(points["encoding"]["shape"]["scale"]["range"])) == 4
    assert {tip["title"] for tip in points["encoding"]["tooltip"]} >= {"Month", "Value", "Rules"}
    assert "target" not in spec["description"]
    rows = max(datasets(spec), key=len)
    assert rows[-1]["rule_words"] == "beyond a process limit"


def test_xmr_chart_steps_its_limits_at_a_change_date() -> None:
    values = pd.Series(
        [10, 12] * 6 + [20, 22] * 6, index=pd.date_range("2024-01-01", periods=24, freq="MS")
    )
    result = xmr(values, better="higher", rebase=[pd.Timestamp("2025-01-01").date()])
    spec = to_spec(xmr_chart(result, title="Bed occupancy", unit_words="%"))
    rows = max(datasets(spec), key=len)
    assert {row["phase"] for row in rows} == {0, 1}
    assert {round(row["mean"], 6) for row in rows} == {11.0, 21.0}
    assert "<svg" in to_svg(xmr_chart(result, title="Bed occupancy", unit_words="%"))


def test_xmr_chart_of_one_point_or_none_still_renders() -> None:
    for values in ([5.0], []):
        months = pd.date_range("2024-01-01", periods=len(values), freq="MS")
        result = xmr(pd.Series(values, index=months, dtype=float), better="lower")
        chart = xmr_chart(result, title="Sickness absence", unit_words="%")
        assert to_spec(chart)["title"] == "Sickness absence"
        assert "<svg" in to_svg(chart)


def test_funnel_chart_draws_four_limit_curves_and_the_overall_line() -> None:
    totals = pd.DataFrame(
        {"team": ["A", "B", "C"], "numerator": [50, 60, 55], "denominator": [500, 520, 480]}
    )
    spec = to_spec(
        funnel_chart(funnel(totals, kind="share", multiplier=100), title="DNA", unit_words="%")
    )
    curves = layers_of(spec, "line")
    assert sorted(line["encoding"]["y"]["field"] for line in curves) == [
        "lower_95",
        "lower_998",
        "upper_95",
        "upper_998",
    ]
    assert len(layers_of(spec, "rule")) == 1
    (points,) = layers_of(spec, "point")
    assert points["encoding"]["shape"]["field"] == "flag_words"
    assert layers_of(spec, "text") == [], "no team is outside the 99.8% limits"
    assert spec["title"] == "DNA" and "Outside" not in spec["description"]


def test_funnel_chart_without_teams_still_renders() -> None:
    empty = pd.DataFrame({"team": ["A"], "numerator": [0], "denominator": [0]})
    chart = funnel_chart(funnel(empty, kind="rate", multiplier=1000), title="Falls", unit_words="")
    assert "<svg" in to_svg(chart)


def test_team_multiples_shares_one_y_axis_and_describes_itself() -> None:
    months = pd.date_range("2024-01-01", periods=6, freq="MS")
    frame = pd.DataFrame(
        {"team": ["Ward 1"] * 6 + ["Ward 2"] * 6, "month": list(months) * 2, "value": range(12)}
    )
    spec = to_spec(team_multiples(frame, title="Length of stay", unit_words="days"))
    assert spec["title"] == "Length of stay"
    assert "one panel per team" in spec["spec"]["description"]
    assert spec.get("resolve", {}).get("scale", {}).get("y", "shared") == "shared"
    assert len(max(datasets(spec), key=len)) == 12
