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
