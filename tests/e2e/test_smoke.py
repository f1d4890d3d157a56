"""Smoke tests in a real browser: the layout, its assets and charts work offline under the CSP.

``live_server`` serves the test ``app``. The layout and chart tests use a small site built from the
real layout, Jinja set-up and Content-Security-Policy (``layout_server``), so they need no data:
a start page like the real one, and a page with two charts.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask, Response, g, jsonify, render_template_string
from playwright.sync_api import Page, expect

import valuedcare
from tests.e2e.conftest import RequestLog, assert_accessible, serve_in_thread
from valuedcare.jinja import configure_jinja
from valuedcare.security import content_security_policy

SERVICE = "Valued care self-assessment"

SPEC = {
    "$schema": "https://vega.github.io/schema/vega-lite/v6.4.1.json",
    "description": "Mean maturity by ingredient",
    "data": {
        "values": [{"ingredient": "Culture", "score": 2.5}, {"ingredient": "Safety", "score": 3}]
    },
    "transform": [{"calculate": "datum.score * 20", "as": "percent"}],
    "mark": {"type": "bar", "tooltip": True},
    "encoding": {
        "x": {"field": "ingredient", "type": "nominal", "sort": None},
        "y": {"field": "percent", "type": "quantitative"},
    },
}

START_PAGE = """{% extends "layouts/base.html" %}
{% block page_title %}Assess your trust{% endblock %}
{% block content %}
<div class="nhsuk-grid-row"><div class="nhsuk-grid-column-two-thirds">
<h1>Assess your trust</h1>
<p>Use this service to assess your trust against the ingredients of valued care.</p>
<a class="nhsuk-button" href="/chart" role="button" draggable="false">Start now</a>
</div></div>
{% endblock %}"""

CHART_PAGE = """{% extends "layouts/base.html" %}
{% set with_charts = true %}
{% block page_title %}Chart{% endblock %}
{% block content %}
<h1>Chart</h1>
<div class="app-chart">
  <div class="app-chart__canvas" id="by-url" data-vega-spec="/chart.json"></div>
</div>
<script type="application/json" id="inline-spec">{{ spec | tojson }}</script>
<div class="app-chart">
  <div class="app-chart__canvas" id="by-id" data-vega-spec="#inline-spec"></div>
</div>
{% endblock %}"""


def layout_app() -> Flask:
    """A start page and a page with two charts (spec by URL, spec in a JSON data block)."""
    app = Flask(
        "valuedcare", root_path=str(Path(valuedcare.__file__).parent), static_url_path="/assets"
    )
    configure_jinja(app)

    @app.get("/")
    def start() -> str:
        return render_template_string(START_PAGE)

    @app.get("/chart")
    def chart() -> str:
        return render_template_string(CHART_PAGE, spec=SPEC)

    @app.get("/chart.json")
    def chart_json() -> Response:
        return jsonify(SPEC)

    @app.after_request
    def add_csp(response: Response) -> Response:
        response.headers["Content-Security-Policy"] = content_security_policy(g.get("csp_nonce"))
        return response

    return app


@pytest.fixture(scope="module")
def layout_server() -> Iterator[str]:
    server, thread = serve_in_thread(layout_app())
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


def test_live_server_serves_the_test_app(
    page: Page, live_server: str, request_log: RequestLog
) -> None:
    response = page.goto(f"{live_server}/healthz")
    assert response is not None and response.status == 200
    assert response.json()["database"] is True
    assert request_log.paths() == ["/healthz"]


@pytest.fixture(scope="module")
def site(layout_server: str) -> str:
    """Where the home page tests go: the layout site while the application's own start page
    cannot render on its own yet (it needs the sign-in user loader); ``live_server`` after that."""
    return layout_server


def test_home_page_shows_the_service_name_in_the_nhs_header(page: Page, site: str) -> None:
    response = page.goto(f"{site}/")
    assert response is not None and response.status == 200
    expect(page.locator(".nhsuk-header__service-name")).to_have_text(SERVICE)
    expect(page).to_have_title(f"{page.locator('h1').first.inner_text().strip()} – {SERVICE} – NHS")


def test_home_page_passes_axe(page: Page, site: str) -> None:
    page.goto(f"{site}/")
    assert_accessible(page)


def test_home_page_loads_css_and_javascript_from_the_app_only(
    page: Page, site: str, console_errors: list[str]
) -> None:
    request_log = RequestLog(origin=site)
    page.on("request", request_log.record)
    page.route("**/*", request_log.route)
    failed: list[str] = []
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.goto(f"{site}/")
    page.wait_for_load_state("networkidle")

    paths = request_log.paths()
    for asset in [
        "/assets/css/app.css",
        "/assets/js/init.mjs",
        "/assets/nhsuk/nhsuk-frontend.min.js",
    ]:
        assert asset in paths
    request_log.assert_only_local()
    assert failed == []
    assert console_errors == []
    # The CSS applied (design-system font, not the browser's serif), the nonce'd inline script
    # ran, and the design system's JavaScript started.
    font = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert font.lower().startswith("arial")
    expect(page.locator("body")).to_have_class(re.compile(r"\bnhsuk-frontend-supported\b"))
    expect(page.locator("header[data-nhsuk-header-init]")).to_have_count(1)


def test_charts_draw_offline_under_the_strict_csp(
    page: Page, layout_server: str, console_errors: list[str]
) -> None:
    log = RequestLog(origin=layout_server)
    page.on("request", log.record)
    page.route("**/*", log.route)
    page.goto(f"{layout_server}/chart")

    for chart in ["#by-url", "#by-id"]:
        expect(page.locator(chart)).to_have_attribute("data-vega-state", "rendered")
        expect(page.locator(f"{chart} svg .mark-rect path")).to_have_count(2)
    log.assert_only_local()
    assert console_errors == []
    assert "/assets/vendor/vega-embed.min.js" in log.paths()
    assert page.locator("style").count() == 0
    assert json.loads(page.locator("#inline-spec").inner_text())["mark"]["type"] == "bar"


def test_harness_reports_accessibility_violations_readably(page: Page) -> None:
    page.set_content(
        '<html lang="en"><body><main><h1>T</h1><img src="data:,"></main></body></html>'
    )
    with pytest.raises(AssertionError) as failure:
        assert_accessible(page)
    assert "image-alt (critical)" in str(failure.value)
    assert "-> img" in str(failure.value)


def test_harness_blocks_and_reports_requests_to_other_hosts(page: Page, layout_server: str) -> None:
    log = RequestLog(origin=layout_server)
    page.on("request", log.record)
    page.route("**/*", log.route)
    page.set_content('<img src="http://tracker.invalid/pixel.png" alt="">')
    page.wait_for_load_state("load")
    assert log.external == ["http://tracker.invalid/pixel.png"]
    with pytest.raises(AssertionError, match="tracker.invalid"):
        log.assert_only_local()
