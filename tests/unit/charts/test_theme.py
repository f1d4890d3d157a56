"""Theme: series order and colours, contrast, and the shared config."""

from __future__ import annotations

import pytest

from valuedcare.charts.theme import (
    LENS_LABELS,
    SERIES_COLOURS,
    SERIES_ORDER,
    SERIES_SHAPES,
    config,
    contrast_ratio,
    series_domain,
)


def test_series_domain_keeps_the_fixed_order_and_only_present_names():
    assert series_domain({"Peer median", "Experts by experience", "Board"}) == [
        "Board",
        "Experts by experience",
        "Peer median",
    ]


def test_series_domain_rejects_unknown_names():
    with pytest.raises(ValueError, match="Boards"):
        series_domain(["Boards"])


def test_every_lens_has_a_styled_series():
    assert set(LENS_LABELS.values()) <= set(SERIES_ORDER)
    assert set(SERIES_COLOURS) == set(SERIES_SHAPES) == set(SERIES_ORDER)
    assert len(set(SERIES_COLOURS.values())) == len(SERIES_ORDER)
    assert len(set(SERIES_SHAPES.values())) == len(SERIES_ORDER)


def test_contrast_ratio_matches_the_wcag_extremes():
    assert contrast_ratio("#000000", "#FFFFFF") == pytest.approx(21)
    assert contrast_ratio("#FFFFFF", "#000000") == pytest.approx(21)
    assert contrast_ratio("#005EB8", "#005EB8") == pytest.approx(1)


def test_series_colours_reach_3_to_1_against_white():
    for colour in SERIES_COLOURS.values():
        assert contrast_ratio(colour, "#FFFFFF") >= 3


def test_config_font_stack_ends_in_sans_serif_everywhere():
    settings = config()
    assert settings["font"].endswith("sans-serif")
    for guide in ("axis", "legend", "header"):
        assert settings[guide]["labelFont"].endswith("sans-serif")
    assert settings["view"]["stroke"] is None
