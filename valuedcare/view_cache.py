"""In-process caches of page view models and chart specs (compare pages, the trust report).

Building an Altair chart and validating its Vega-Lite spec takes tens of milliseconds, and the
pandas steps behind a page take tens more, far more than reading the aggregated data. Both caches
are keyed by a digest of the data a result is built from, so a cached result is never stale: any
change in the data gives a new key. Each keeps the ``MAX_ENTRIES`` most recently used results of
this process. They are caches of the one facility, ``valuedcare.caching`` (rule ``CONTENT``).
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable, Hashable
from typing import TypeVar

import pandas as pd
from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup

from valuedcare.caching import Rule, cache
from valuedcare.charts import to_spec
from valuedcare.charts.render import Chart, spec_to_svg

MAX_ENTRIES = 256
T = TypeVar("T")


_specs = cache("chart specs", rule=Rule.CONTENT, size=MAX_ENTRIES)
_pages = cache("page view models", rule=Rule.CONTENT, size=MAX_ENTRIES)
_fallbacks = cache("chart fallback images", rule=Rule.CONTENT, size=MAX_ENTRIES)


def frame_digest(frame: pd.DataFrame, *extra: object) -> str:
    """A digest of a frame's columns, values and row order, plus any ``extra`` values."""
    digest = hashlib.sha256(repr((list(frame.columns), extra)).encode())
    if len(frame):
        digest.update(pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes())
    return digest.hexdigest()


def cached_spec(
    kind: str, frame: pd.DataFrame, build: Callable[[pd.DataFrame], Chart], *extra: object
) -> Markup:
    """The themed Vega-Lite spec of ``build(frame)`` as HTML-safe JSON, for a data block.

    ``kind`` and ``extra`` (hashable options the chart depends on, such as its ingredients) are
    part of the key. The JSON escapes ``<``, ``>``, ``&`` and quotes, so it is safe inside
    ``<script type="application/json">``.
    """
    key = f"{kind}:{frame_digest(frame, *extra)}"
    return _specs.get_or_build(key, lambda: htmlsafe_json_dumps(to_spec(build(frame))))


def svg_data_url(svg: str) -> str:
    """An SVG document as a ``data:`` URL, for an ``<img>`` (the CSP allows ``data:`` images)."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def chart_fallback(spec: str) -> str:
    """The chart of a spec's JSON drawn on the server, as a ``data:`` URL: what a page shows
    until JavaScript draws the chart, or instead of it when JavaScript does not run."""
    key = "fallback:" + hashlib.sha256(str(spec).encode("utf-8")).hexdigest()
    return _fallbacks.get_or_build(key, lambda: svg_data_url(spec_to_svg(str(spec))))


def cached_page(key: Hashable, build: Callable[[], T]) -> T:
    """The page view model for ``key``, built once. The key must include a digest of every
    piece of data the page shows (and who it is for), so that it changes whenever they do."""
    return _pages.get_or_build(key, build)
