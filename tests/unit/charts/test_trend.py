"""Trend small multiples spec: panels, cycle order, fixed y domain, lens styling."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd
import pytest

from tests.unit.charts.specs import IDS, INGREDIENTS, rows, tooltip_fields
from valuedcare.charts import to_spec, trend_chart

# Deliberately not in alphabetical order: the data order must win.
CYCLES = ["Baseline", "2024/25", "2025/26"]


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    records = [
        (cycle, ingredient, series, 2.0 + c)
        for c, cycle in enumerate(CYCLES)
        for ingredient in IDS
        for series in ("Experts by experience", "Board")
    ]
    series = pd.DataFrame(records, columns=["cycle", "ingredient", "series", "score"])
    series.loc[0, "score"] = math.nan
    return to_spec(trend_chart(series, ingredients=INGREDIENTS))


def test_one_panel_per_ingredient_in_model_order_five_to_a_row(spec):
    facet = spec["encoding"]["facet"]
    assert facet["field"] == "ingredient"
    assert facet["sort"] == IDS
    assert facet["columns"] == 5


def test_cycles_keep_the_order_given_in_the_data(spec):
    x = spec["encoding"]["x"]
    assert x["type"] == "ordinal"
    assert x["sort"] == CYCLES
    assert x["scale"]["domain"] == CYCLES


def test_score_axis_is_fixed_from_1_to_5(spec):
    assert spec["encoding"]["y"]["scale"]["domain"] == [1, 5]


def test_lines_with_points_coloured_by_lens_in_the_fixed_order(spec):
    assert spec["mark"]["type"] == "line"
    assert spec["mark"]["point"]["filled"] is True
    colour = spec["encoding"]["color"]
    assert colour["field"] == "series"
    assert colour["scale"] == {
        "domain": ["Board", "Experts by experience"],
        "range": ["#005EB8", "#AE2573"],
    }


def test_missing_scores_are_omitted_and_points_have_tooltips(spec):
    data = rows(spec, spec)
    assert len(data) == 3 * 10 * 2 - 1
    assert tooltip_fields(spec) == ["series", "label", "cycle", "score"]
    assert spec["description"].endswith("for Board and Experts by experience.")
