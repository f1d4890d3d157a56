"""Radar chart spec: axis order, polar geometry, series styling, gaps, band, tooltips."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd
import pytest

from tests.unit.charts.specs import IDS, INGREDIENTS, find_layer, rows, tooltip_fields
from valuedcare.charts import radar_chart, to_spec


def _scores(series: dict[str, list[float]]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            (name, ingredient, score)
            for name, values in series.items()
            for ingredient, score in zip(IDS, values, strict=True)
        ],
        columns=["series", "ingredient", "score"],
    )


FULL = [3.0, 2.0, 4.0, 1.0, 5.0, 2.5, 3.5, 4.5, 1.5, 2.0]
WITH_GAP = [4.0, 4.0, 4.0, math.nan, 4.0, 4.0, 4.0, 4.0, 4.0, 4.0]


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    # Deliberately listed out of the legend order.
    scores = _scores({"Peer median": FULL, "Partners": WITH_GAP, "Board": FULL})
    band = pd.DataFrame({"ingredient": IDS, "q1": [2.0] * 10, "q3": [4.0] * 10})
    chart = radar_chart(scores, ingredients=INGREDIENTS, peer_band=band, title="Maturity")
    return to_spec(chart)


def test_axis_labels_start_at_twelve_o_clock_and_run_clockwise_in_model_order(spec):
    labels = rows(spec, find_layer(spec, "text", text="lines"))
    assert [row["ingredient"] for row in labels] == IDS
    first, second = labels[0], labels[1]
    assert first["x"] == pytest.approx(0, abs=1e-9)
    assert first["y"] > 0
    # Clockwise: the second axis is to the right of the first.
    assert second["x"] > 0
    angles = [math.atan2(row["x"], row["y"]) % (2 * math.pi) for row in labels]
    assert angles == sorted(angles)


def test_long_axis_labels_are_wrapped_onto_lines(spec):
    labels = rows(spec, find_layer(spec, "text", text="lines"))
    assert labels[0]["lines"] == "Experts by\nexperience"
    assert find_layer(spec, "text", text="lines")["mark"]["lineBreak"] == "\n"


def test_vertices_sit_at_their_score_along_their_spoke(spec):
    points = rows(spec, find_layer(spec, "point", color="series"))
    board = {row["ingredient"]: row for row in points if row["series"] == "Board"}
    # Ingredient 0 (score 3) points straight up; ingredient 5 of 10 (score 2.5) straight down.
    assert (board[IDS[0]]["x"], board[IDS[0]]["y"]) == pytest.approx((0, 3.0))
    assert (board[IDS[5]]["x"], board[IDS[5]]["y"]) == pytest.approx((0, -2.5))
    # Ingredient 1 (score 2) at 36 degrees clockwise from the top.
    expected = (2 * math.sin(math.radians(36)), 2 * math.cos(math.radians(36)))
    assert (board[IDS[1]]["x"], board[IDS[1]]["y"]) == pytest.approx(expected)


def test_missing_scores_are_omitted_and_break_the_polygon(spec):
    points = rows(spec, find_layer(spec, "point", color="series"))
    partners = [row for row in points if row["series"] == "Partners"]
    assert len(partners) == 9
    assert "culture" not in {row["ingredient"] for row in partners}
    sides = rows(spec, find_layer(spec, "rule", color="series"))
    counts = pd.Series([row["series"] for row in sides]).value_counts().to_dict()
    # A complete polygon has 10 sides; the gap removes the two sides that meet at culture.
    assert counts == {"Board": 10, "Peer median": 10, "Partners": 8}


def test_series_have_a_fixed_order_and_colours_and_only_the_median_is_dashed(spec):
    encoding = find_layer(spec, "rule", color="series")["encoding"]
    assert encoding["color"]["scale"] == {
        "domain": ["Board", "Partners", "Peer median"],
        "range": ["#005EB8", "#B86E00", "#425563"],
    }
    assert encoding["strokeDash"]["scale"]["range"] == [[1, 0], [1, 0], [6, 4]]
    shapes = find_layer(spec, "point", color="series")["encoding"]["shape"]["scale"]
    assert len(set(shapes["range"])) == 3


def test_no_series_channel_hides_the_shared_legend(spec):
    # Vega-Lite merges legends that share a field, and a null legend anywhere removes them all.
    for layer in spec["layer"]:
        for channel in layer["encoding"].values():
            if isinstance(channel, dict) and channel.get("field") == "series":
                assert channel.get("legend", {}) is not None


def test_vertex_tooltips_show_series_ingredient_and_score_to_one_decimal(spec):
    points = find_layer(spec, "point", color="series")
    assert tooltip_fields(points) == ["series", "label", "score"]
    assert points["encoding"]["tooltip"][2]["format"] == ".1f"
    assert rows(spec, points)[0]["label"] == "Experts by experience"


def test_peer_band_fills_between_the_quartile_polygons(spec):
    band = rows(spec, find_layer(spec, "line", fill="band"))
    quads = pd.DataFrame(band).groupby("quad")
    assert quads.ngroups == 10
    first = quads.get_group(0).sort_values("order")
    radii = [math.hypot(x, y) for x, y in zip(first["x"], first["y"], strict=True)]
    # q3 at axes 0 and 1, then back along q1 at axes 1 and 0, closed on the first corner.
    assert radii == pytest.approx([4.0, 4.0, 2.0, 2.0, 4.0])


def test_band_skips_sectors_next_to_a_missing_quartile_and_vanishes_without_one():
    scores = _scores({"Board": FULL})
    band = pd.DataFrame({"ingredient": IDS, "q1": [2.0] * 10, "q3": [4.0] * 10})
    band.loc[3, "q1"] = math.nan
    spec = to_spec(radar_chart(scores, ingredients=INGREDIENTS, peer_band=band))
    quads = {row["quad"] for row in rows(spec, find_layer(spec, "line", fill="band"))}
    # Sectors 2-3 and 3-4 touch culture (index 3).
    assert quads == set(range(10)) - {2, 3}
    band["q3"] = math.nan
    spec = to_spec(radar_chart(scores, ingredients=INGREDIENTS, peer_band=band))
    assert all(layer["encoding"].get("fill", {}).get("field") != "band" for layer in spec["layer"])
    assert "interquartile" not in spec["description"]


def test_rings_stay_regular_because_pixels_per_unit_match_on_both_axes(spec):
    x_domain = spec["layer"][0]["encoding"]["x"]["scale"]["domain"]
    y_domain = spec["layer"][0]["encoding"]["y"]["scale"]["domain"]
    x_span, y_span = x_domain[1] - x_domain[0], y_domain[1] - y_domain[0]
    assert spec["width"] / x_span == pytest.approx(spec["height"] / y_span, rel=0.01)
    rings = rows(spec, find_layer(spec, "line", detail="ring"))
    assert sorted({row["ring"] for row in rings}) == [1, 2, 3, 4, 5]


def test_description_and_title_are_set(spec):
    assert spec["title"]["text"] == "Maturity"
    assert spec["description"] == (
        "Radar chart of maturity scores from 1 (Beginning) to 5 (Leading) on 10 ingredients "
        "for Board and Partners, with the peer median and the peer interquartile range."
    )


def test_unknown_series_and_ingredients_are_rejected():
    with pytest.raises(ValueError, match="unknown chart series"):
        radar_chart(_scores({"Bored": FULL}), ingredients=INGREDIENTS)
    bad = pd.DataFrame({"series": ["Board"], "ingredient": ["finance"], "score": [3.0]})
    with pytest.raises(ValueError, match="unknown ingredient"):
        radar_chart(bad, ingredients=INGREDIENTS)
