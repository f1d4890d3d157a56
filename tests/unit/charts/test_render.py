"""Rendering: every builder yields a themed, described spec; static output is real SVG/PNG."""

from __future__ import annotations

from collections.abc import Callable

import altair as alt
import pandas as pd
import pytest

from tests.unit.charts.specs import IDS, INGREDIENTS
from valuedcare.charts import (
    benchmark_strip_chart,
    dumbbell_chart,
    heatmap_chart,
    radar_chart,
    to_png,
    to_spec,
    to_svg,
    trend_chart,
)

SCORES = pd.DataFrame({"series": "Board", "ingredient": IDS, "score": 3.0})


def _radar() -> alt.TopLevelMixin:
    return radar_chart(SCORES, ingredients=INGREDIENTS)


def _benchmark() -> alt.TopLevelMixin:
    stats = {"min": 1.0, "q1": 2.0, "median": 3.0, "q3": 4.0, "max": 5.0, "this_score": 2.5}
    return benchmark_strip_chart(
        pd.DataFrame({"ingredient": IDS, **stats}), ingredients=INGREDIENTS
    )


def _heatmap() -> alt.TopLevelMixin:
    cells = SCORES.assign(cycle="2025/26")
    return heatmap_chart(cells, row_field="cycle", row_title="Cycle", ingredients=INGREDIENTS)


def _trend() -> alt.TopLevelMixin:
    return trend_chart(SCORES.assign(cycle="2025/26"), ingredients=INGREDIENTS)


def _dumbbell() -> alt.TopLevelMixin:
    return dumbbell_chart(pd.DataFrame({"item": ["A"], "actual": [2.0], "hoped": [4.0]}))


BUILDERS: list[Callable[[], alt.TopLevelMixin]] = [_radar, _benchmark, _heatmap, _trend, _dumbbell]


@pytest.mark.parametrize("build", BUILDERS, ids=lambda build: build.__name__.strip("_"))
def test_every_chart_has_an_accessible_description_and_the_theme(build):
    spec = to_spec(build())
    assert spec["description"].endswith(".")
    assert len(spec["description"]) > 40
    assert spec["config"]["font"] == "Arial, Liberation Sans, sans-serif"
    assert spec["config"]["view"]["stroke"] is None
    assert spec["$schema"].startswith("https://vega.github.io/schema/vega-lite/v")


def test_to_spec_leaves_the_chart_unconfigured():
    chart = _dumbbell()
    to_spec(chart)
    assert chart.to_dict().get("config", {}).get("font") is None


def test_to_svg_draws_the_axis_labels_as_text():
    svg = to_svg(_radar())
    assert svg.lstrip().startswith("<svg")
    assert ">Culture</text>" in svg
    assert "Leadership" in svg


def test_to_png_returns_a_png_image():
    assert to_png(_dumbbell(), scale=1).startswith(b"\x89PNG\r\n\x1a\n")
