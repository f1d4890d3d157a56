"""NHS colours, series styling and the shared Vega-Lite config for every chart.

The four lens colours and the peer-median grey were chosen to stay apart under protanopia and
deuteranopia and to reach at least 3:1 contrast against white (WCAG 1.4.11). Colour is never the
only cue: each series also has its own marker shape, and the peer median is dashed.
"""

from __future__ import annotations

from typing import Any, Final

# NHS identity colours.
NHS_BLUE: Final = "#005EB8"
NHS_DARK_BLUE: Final = "#003087"
NHS_PINK: Final = "#AE2573"
NHS_PURPLE: Final = "#330072"
NHS_DARK_GREY: Final = "#425563"
NHS_MID_GREY: Final = "#768692"
NHS_PALE_GREY: Final = "#E8EDEE"
NHS_WARM_YELLOW: Final = "#FFB81C"
NHS_GREEN: Final = "#009639"
NHS_BLACK: Final = "#212B32"
NHS_WHITE: Final = "#FFFFFF"
# NHS orange (#ED8B00) darkened until it reaches 4:1 contrast against white.
NHS_ORANGE_DARK: Final = "#B86E00"

# Light greys for chart furniture (rings, spokes, grid lines, suppressed cells).
GRID_GREY: Final = "#D8DDE0"
BAND_GREY: Final = "#D8DDE0"
SUPPRESSED_GREY: Final = "#E8EDEE"

FONT: Final = "Arial, Liberation Sans, sans-serif"

# Display names of the series, in the fixed order used for legends and colour scales.
BOARD: Final = "Board"
BOARD_AGREED: Final = "Board agreed"
EXPERTS_BY_EXPERIENCE: Final = "Experts by experience"
PARTNERS: Final = "Partners"
PEER_MEDIAN: Final = "Peer median"

SERIES_ORDER: Final[tuple[str, ...]] = (
    BOARD,
    BOARD_AGREED,
    EXPERTS_BY_EXPERIENCE,
    PARTNERS,
    PEER_MEDIAN,
)

SERIES_COLOURS: Final[dict[str, str]] = {
    BOARD: NHS_BLUE,
    BOARD_AGREED: NHS_PURPLE,
    EXPERTS_BY_EXPERIENCE: NHS_PINK,
    PARTNERS: NHS_ORANGE_DARK,
    PEER_MEDIAN: NHS_DARK_GREY,
}

SERIES_SHAPES: Final[dict[str, str]] = {
    BOARD: "circle",
    BOARD_AGREED: "square",
    EXPERTS_BY_EXPERIENCE: "diamond",
    PARTNERS: "triangle-up",
    PEER_MEDIAN: "cross",
}

SOLID: Final[list[int]] = [1, 0]
DASHED: Final[list[int]] = [6, 4]

# Stable lens ids mapped to the series display names used in charts.
LENS_LABELS: Final[dict[str, str]] = {
    "board": BOARD,
    "board_agreed": BOARD_AGREED,
    "experts_by_experience": EXPERTS_BY_EXPERIENCE,
    "partner": PARTNERS,
}

# One colour per lens everywhere: charts, their keys and data tables. The style sheet's
# ``$app-series-colours`` (valuedcare/frontend/scss/_charts.scss) must say the same; a test
# compares them.
LENS_COLOURS: Final[dict[str, str]] = {
    lens: SERIES_COLOURS[label] for lens, label in LENS_LABELS.items()
} | {"peer_median": SERIES_COLOURS[PEER_MEDIAN]}

# Sequential blue ramp for maturity levels 1-5 (interpolated in RGB space).
SEQUENTIAL_BLUES: Final[tuple[str, str]] = ("#CCE0F4", NHS_DARK_BLUE)
SCORE_DOMAIN: Final[list[int]] = [1, 5]


def hex_to_rgb(colour: str) -> tuple[int, int, int]:
    """Parse ``#RRGGBB`` into 0-255 channels."""
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return red, green, blue


def relative_luminance(colour: str) -> float:
    """WCAG 2 relative luminance of a ``#RRGGBB`` colour (0 for black, 1 for white)."""
    linear = [
        c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
        for c in (channel / 255 for channel in hex_to_rgb(colour))
    ]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2 contrast ratio between two ``#RRGGBB`` colours, from 1 to 21."""
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def series_domain(present: set[str] | list[str]) -> list[str]:
    """Return the series names in ``present`` in the fixed legend order.

    Raises ``ValueError`` for a name that is not one of ``SERIES_ORDER``, so that a typo cannot
    silently produce an unstyled series.
    """
    unknown = sorted(set(present) - set(SERIES_ORDER))
    if unknown:
        raise ValueError(f"unknown chart series {unknown}; expected some of {list(SERIES_ORDER)}")
    return [name for name in SERIES_ORDER if name in set(present)]


def _guide(**extra: Any) -> dict[str, Any]:
    """Font settings shared by axes, legends and facet headers."""
    return {
        "labelFont": FONT,
        "titleFont": FONT,
        "labelFontSize": 12,
        "titleFontSize": 12,
        "labelColor": NHS_BLACK,
        "titleColor": NHS_BLACK,
        **extra,
    }


def config() -> dict[str, Any]:
    """Return the Vega-Lite ``config`` block shared by every chart (fonts, sizes, colours).

    The font stack ends in ``sans-serif`` because the server-side renderer does no font alias
    matching: a lone ``Arial`` renders no text at all where only Liberation fonts are installed.
    """
    return {
        # No ARIA attributes on marks: the drawing is hidden from assistive technology, and its
        # caption and data table carry what it shows (Vega would read out its internals).
        "aria": False,
        "font": FONT,
        "background": NHS_WHITE,
        "padding": 8,
        "view": {"stroke": None},
        "title": {
            "font": FONT,
            "fontSize": 16,
            "fontWeight": "bold",
            "color": NHS_BLACK,
            "anchor": "start",
            "offset": 12,
        },
        "axis": _guide(
            titleFontWeight="bold",
            gridColor=NHS_PALE_GREY,
            domainColor=NHS_MID_GREY,
            tickColor=NHS_MID_GREY,
        ),
        "legend": _guide(labelLimit=260, symbolStrokeWidth=2),
        "header": _guide(),
        "text": {"font": FONT, "color": NHS_BLACK},
    }
