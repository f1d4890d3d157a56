"""Heatmap spec: axis order, fixed colour domain, labels, suppressed cells, text contrast."""

from __future__ import annotations

import math
from typing import Any

import pandas as pd
import pytest

from tests.unit.charts.specs import IDS, INGREDIENTS, mark_type, rows, tooltip_fields
from valuedcare.charts import heatmap_chart, to_spec
from valuedcare.charts.heatmap import cell_fill, text_colour
from valuedcare.charts.theme import contrast_ratio

ROWS = ["Organisation 3", "Organisation 1"]


@pytest.fixture(scope="module")
def spec() -> dict[str, Any]:
    cells = pd.DataFrame(
        [(org, ingredient, 1.0 + i * 0.4) for org in ROWS for i, ingredient in enumerate(IDS)],
        columns=["organisation", "ingredient", "score"],
    )
    cells.loc[1, "score"] = math.nan
    chart = heatmap_chart(
        cells, row_field="organisation", row_title="Organisation", ingredients=INGREDIENTS
    )
    return to_spec(chart)


def test_ingredients_run_across_in_model_order_and_rows_keep_their_order(spec):
    encoding = spec["layer"][0]["encoding"]
    assert encoding["x"]["sort"] == IDS
    assert encoding["x"]["axis"]["orient"] == "top"
    assert encoding["y"]["sort"] == ROWS
    assert encoding["y"]["field"] == "organisation"


def test_colour_is_a_sequential_scale_over_the_fixed_domain(spec):
    scored = spec["layer"][0]
    assert mark_type(scored) == "rect"
    assert scored["encoding"]["color"]["field"] == "score"
    assert scored["encoding"]["color"]["scale"]["domain"] == [1, 5]
    assert scored["transform"] == [{"filter": "isValid(datum.score)"}]


def test_missing_cells_are_grey_and_labelled_with_a_dash(spec):
    missing = spec["layer"][1]
    assert missing["transform"] == [{"filter": "!isValid(datum.score)"}]
    assert missing["encoding"]["fill"]["scale"]["range"] == ["#E8EDEE"]
    text = spec["layer"][2]
    assert mark_type(text) == "text"
    labels = {(row["organisation"], row["ingredient"]): row["text"] for row in rows(spec, text)}
    assert labels[("Organisation 3", "national_picture")] == "–"
    assert labels[("Organisation 3", "local_area")] == "1.8"
    assert tooltip_fields(text) == ["organisation", "label", "tip"]


def test_text_colour_flips_to_white_on_dark_cells_and_always_reads_at_4_5_to_1():
    assert text_colour(1.0) == "#000000"
    assert text_colour(5.0) == "#FFFFFF"
    for hundredths in range(100, 501):
        score = hundredths / 100
        assert contrast_ratio(cell_fill(score), text_colour(score)) >= 4.5


def test_cell_fill_interpolates_between_the_ramp_ends():
    assert cell_fill(1.0) == "#CCE0F4"
    assert cell_fill(5.0) == "#003087"
    # Half way: (0xCC + 0x00) / 2 = 0x66, (0xE0 + 0x30) / 2 = 0x88, (0xF4 + 0x87) / 2 ≈ 0xBE.
    assert cell_fill(3.0) == "#6688BE"


def test_description_names_the_rows(spec):
    assert "by organisation (2 rows)" in spec["description"]
