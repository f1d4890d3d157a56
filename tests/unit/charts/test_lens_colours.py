"""One colour per lens everywhere: the chart theme and the style sheet's keys say the same
(partners were orange in the chart and green in its key)."""

from __future__ import annotations

import re
from pathlib import Path

from valuedcare.charts.theme import LENS_COLOURS, contrast_ratio

STYLES = Path(__file__).resolve().parents[3] / "valuedcare" / "frontend" / "scss" / "_charts.scss"


def _style_sheet_colours() -> dict[str, str]:
    block = re.search(r"\$app-series-colours:\s*\((.*?)\);", STYLES.read_text(), re.S)
    assert block, "no $app-series-colours map in _charts.scss"
    return {
        name: colour.upper()
        for name, colour in re.findall(r'"(\w+)":\s*(#[0-9a-fA-F]{6})', block.group(1))
    }


def test_style_sheet_and_charts_use_the_same_colour_for_each_lens() -> None:
    assert _style_sheet_colours() == {lens: colour.upper() for lens, colour in LENS_COLOURS.items()}


def test_every_lens_colour_stands_out_against_white() -> None:
    for lens, colour in LENS_COLOURS.items():
        assert contrast_ratio(colour, "#FFFFFF") >= 3, lens
