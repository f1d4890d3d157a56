"""Dumbbell chart spec: item order, fixed x domain, ends, omitted values, tooltips."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd
import pytest

from tests.unit.charts.specs import find_layer, rows, tooltip_fields
from valuedcare.charts import dumbbell_chart, to_spec

ITEMS = ["Staff listened to me", "I knew who to contact in a crisis", "I was involved"]


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    gaps = pd.DataFrame({"item": ITEMS, "actual": [2.0, math.nan, 4.5], "hoped": [4.5, 4.0, 4.0]})
    return to_spec(dumbbell_chart(gaps))


def test_items_keep_the_given_order_and_scores_share_the_fixed_axis(spec):
    for layer in spec["layer"]:
        assert layer["encoding"]["y"]["sort"] == ITEMS
        assert layer["encoding"]["x"]["scale"]["domain"] == [1, 5]


def test_a_rule_joins_actual_to_hoped_for(spec):
    rule = find_layer(spec, "rule")
    assert (rule["encoding"]["x"]["field"], rule["encoding"]["x2"]["field"]) == ("actual", "hoped")
    # The item without an actual score gets no rule.
    assert [row["item"] for row in rows(spec, rule)] == [ITEMS[0], ITEMS[2]]


def test_the_two_ends_differ_in_colour_and_shape(spec):
    encoding = find_layer(spec, "point")["encoding"]
    assert encoding["color"]["scale"]["domain"] == ["Actual", "Hoped for"]
    assert len(set(encoding["color"]["scale"]["range"])) == 2
    assert encoding["shape"]["scale"]["range"] == ["circle", "diamond"]


def test_missing_ends_are_omitted_and_tooltips_give_the_gap(spec):
    points = find_layer(spec, "point")
    ends = {(row["item"], row["end"]): row for row in rows(spec, points)}
    assert len(ends) == 5
    assert (ITEMS[1], "Actual") not in ends
    assert ends[(ITEMS[0], "Hoped for")]["gap"] == pytest.approx(2.5)
    assert tooltip_fields(points) == ["item", "actual", "hoped", "gap"]
    assert spec["description"].endswith("for each of 3 items.")


def test_duplicate_items_are_rejected():
    gaps = pd.DataFrame({"item": ["A", "A"], "actual": [1.0, 2.0], "hoped": [3.0, 4.0]})
    with pytest.raises(ValueError, match="more than one row"):
        dumbbell_chart(gaps)
