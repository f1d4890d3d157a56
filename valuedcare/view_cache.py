"""In-process caches of page view models and chart specs (compare pages, the trust report).

Building an Altair chart and validating its Vega-Lite spec takes tens of milliseconds, and the
pandas steps behind a page take tens more, far more than reading the aggregated data. Both caches
are keyed by a digest of the data a result is built from, so a cached result is never stale: any
change in the data gives a new key. Each keeps the ``MAX_ENTRIES`` most recently used results of
this process.
"""

from __future__ import annotations

import base64
import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

import pandas as pd
from jinja2.utils import htmlsafe_json_dumps
from markupsafe import Markup

from valuedcare.charts import to_spec
from valuedcare.charts.render import Chart, spec_to_svg

MAX_ENTRIES = 256
T = TypeVar("T")


class _LruCache:
    def __init__(self, size: int) -> None:
        self.size = size
        self._items: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()

    def get_or_build(self, key: Hashable, build: Callable[[], T]) -> T:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]
        result = build()
        with self._lock:
            self._items[key] = result
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return result

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


_specs = _LruCache(MAX_ENTRIES)
_pages = _LruCache(MAX_ENTRIES)
_fallbacks = _LruCache(MAX_ENTRIES)


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


def clear_caches() -> None:
    """Forget every cached spec and page (in this process)."""
    _specs.clear()
    _pages.clear()
    _fallbacks.clear()
