"""Turn chart objects into Vega-Lite specs (for the browser) or static SVG, PNG and PDF.

Static output uses vl-convert, which runs Vega in an embedded JavaScript engine: no browser and
no network (remote data loading is disabled; chart data is always inline).
"""

from __future__ import annotations

from typing import Any

import altair as alt
import vl_convert as vlc

from valuedcare.charts.theme import config

Chart = alt.Chart | alt.LayerChart | alt.FacetChart | alt.ConcatChart | alt.HConcatChart
# vl-convert names Vega-Lite versions like "v6_4"; match the schema Altair validates against.
_VL_VERSION = "_".join(alt.SCHEMA_VERSION.split(".")[:2])


def to_spec(chart: Chart) -> dict[str, Any]:
    """Return the validated Vega-Lite spec of ``chart`` with the NHS theme config applied.

    The chart itself is not modified. The theme is applied with a single ``configure`` call so
    that no setting (for example the view stroke) is replaced by a later one.
    """
    themed = chart.copy(deep=False).configure(**config())
    return themed.to_dict(validate=True)


def to_svg(chart: Chart) -> str:
    """Render ``chart`` (themed) to an SVG document string."""
    return vlc.vegalite_to_svg(to_spec(chart), vl_version=_VL_VERSION, allowed_base_urls=[])


def spec_to_svg(spec: str | dict) -> str:
    """Render an already themed Vega-Lite spec (as ``to_spec`` gives, or its JSON) to SVG."""
    return vlc.vegalite_to_svg(spec, vl_version=_VL_VERSION, allowed_base_urls=[])


def to_png(chart: Chart, scale: float = 2) -> bytes:
    """Render ``chart`` (themed) to PNG bytes; ``scale=2`` suits high-density screens and print."""
    return vlc.vegalite_to_png(
        to_spec(chart), vl_version=_VL_VERSION, scale=scale, allowed_base_urls=[]
    )


def to_pdf(chart: Chart) -> bytes:
    """Render ``chart`` (themed) to a one-page vector PDF."""
    return vlc.vegalite_to_pdf(to_spec(chart), vl_version=_VL_VERSION, allowed_base_urls=[])
