"""Benchmark strip chart spec: row order, layers, omitted rows, highlight, tooltips."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd
import pytest

from tests.unit.charts.specs import IDS, INGREDIENTS, find_layer, mark_type, rows, tooltip_fields
from valuedcare.charts import benchmark_strip_chart, to_spec

NAN = math.nan


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    # Rows arrive in reverse model order; leadership has no peer statistics, culture no own score.
    group = pd.DataFrame(
        {
            "ingredient": IDS[::-1],
            "q1": [2.0] * 10,
            "median": [3.0] * 10,
            "q3": [4.0] * 10,
            "this_score": [3.5] * 10,
        }
    )
    group.loc[group["ingredient"] == "leadership", ["q1", "median", "q3"]] = NAN
    group.loc[group["ingredient"] == "culture", "this_score"] = NAN
    return to_spec(benchmark_strip_chart(group, ingredients=INGREDIENTS))


def test_rows_follow_the_model_order_whatever_the_input_order(spec):
    for layer in spec["layer"]:
        y = layer["encoding"]["y"]
        assert y["sort"] == IDS
        assert y["scale"]["domain"] == IDS
    labels = spec["layer"][0]["encoding"]["y"]["axis"]["labelExpr"]
    assert '"business_and_resources": ["Business and resources"]' in labels


def test_layers_draw_box_median_and_this_organisation_but_no_range(spec):
    assert [mark_type(layer) for layer in spec["layer"]] == ["bar", "tick", "point"]
    box, tick, point = spec["layer"]
    assert (box["encoding"]["x"]["field"], box["encoding"]["x2"]["field"]) == ("q1", "q3")
    assert tick["encoding"]["x"]["field"] == "median"
    assert point["encoding"]["x"]["field"] == "this_score"
    assert point["encoding"]["x"]["scale"]["domain"] == [1, 5]


def test_this_organisation_is_highlighted_in_nhs_blue(spec):
    scale = find_layer(spec, "point")["encoding"]["color"]["scale"]
    colours = dict(zip(scale["domain"], scale["range"], strict=True))
    assert colours["This organisation"] == "#005EB8"
    assert len(set(scale["range"])) == 3


def test_rows_without_peer_statistics_or_own_score_are_omitted(spec):
    stats = {row["ingredient"] for row in rows(spec, find_layer(spec, "bar"))}
    own = {row["ingredient"] for row in rows(spec, find_layer(spec, "point"))}
    assert stats == set(IDS) - {"leadership"}
    assert own == set(IDS) - {"culture"}


def test_tooltips_and_description(spec):
    assert tooltip_fields(find_layer(spec, "bar")) == [
        "label",
        "q1",
        "median",
        "q3",
    ]
    assert tooltip_fields(find_layer(spec, "point")) == ["label", "this_score"]
    assert spec["description"].startswith("Strip chart comparing this organisation's")


def test_missing_columns_are_reported():
    with pytest.raises(ValueError, match=r"missing columns \['this_score'\]"):
        benchmark_strip_chart(
            pd.DataFrame(columns=["ingredient", "q1", "median", "q3"]),
            ingredients=INGREDIENTS,
        )


def test_no_lowest_or_highest_score_is_drawn_or_listed(spec):
    text = str(spec)
    assert "'min'" not in text and "'max'" not in text
    assert "Lowest" not in text and "Highest" not in text
