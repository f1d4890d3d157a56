"""Charts in a real browser: readable radar labels at any width, a server-drawn chart when
JavaScript does not run, and drawings hidden from assistive technology (the caption and the
table carry what they show)."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from tests.integration.auth.helpers import PASSWORD, make_user
from tests.integration.reports.trust_fixture import build_trust

WAIT = 15_000


@pytest.fixture
def lead(db: Any, factories: Any) -> dict[str, Any]:
    trust = build_trust(factories)
    from valuedcare.models import Organisation

    organisation = db.session.get(Organisation, trust.organisation_id)
    user = make_user(db, "organisation_admin", organisation, email="lee.lead@example.org")
    db.session.commit()
    return {"user": user, "trust": trust}


def _sign_in(page: Page) -> None:
    page.set_default_timeout(WAIT)
    page.goto("/account/sign-in")
    page.get_by_label("Email address").fill("lee.lead@example.org")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


SMALLEST_LABEL = """() => {
  const svg = document.querySelector('.app-chart--radar svg');
  const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
  const labels = [...svg.querySelectorAll('text')].filter(t => /[A-Za-z]/.test(t.textContent));
  return Math.min(...labels.map(t => parseFloat(getComputedStyle(t).fontSize) * scale));
}"""


@pytest.mark.parametrize("width", [1280, 768, 320])
def test_radar_labels_are_at_least_12_pixels_as_seen(
    browser: Browser, live_server: str, lead: dict, width: int
) -> None:
    context = browser.new_context(base_url=live_server, viewport={"width": width, "height": 900})
    try:
        page = context.new_page()
        _sign_in(page)
        page.goto(f"/reports/assessments/{lead['trust'].assessment_id}")
        page.wait_for_selector(".app-chart--radar [data-vega-state=rendered] svg")
        assert page.evaluate(SMALLEST_LABEL) >= 12
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        canvas = page.locator(".app-chart--radar .app-chart__canvas")
        assert canvas.get_attribute("aria-hidden") == "true"
        assert page.locator(".app-chart--radar .app-chart__fallback").count() == 0
    finally:
        context.close()


def test_without_javascript_every_chart_shows_the_server_drawing(
    browser: Browser, live_server: str, lead: dict
) -> None:
    context = browser.new_context(base_url=live_server, java_script_enabled=False)
    try:
        page = context.new_page()
        _sign_in(page)
        trust = lead["trust"]
        organisation = f"/compare/organisations/{trust.organisation_id}"
        seen = 0
        for path in (
            f"/reports/assessments/{trust.assessment_id}",
            f"{organisation}/trends",
            f"{organisation}/cycles/{trust.cycle_id}/benchmark",
            f"{organisation}/cycles/{trust.cycle_id}/teams",
        ):
            page.goto(path)
            canvases = page.locator(".app-chart__canvas")
            seen += canvases.count()
            for index in range(canvases.count()):
                canvas = canvases.nth(index)
                assert canvas.get_attribute("aria-hidden") == "true", path
                image = canvas.locator("img.app-chart__fallback")
                assert image.get_attribute("alt") == "", path
                drawn = image.evaluate("img => img.complete && img.naturalWidth > 0")
                assert drawn and image.is_visible(), f"{path}: chart {index} is not drawn"
        assert seen >= 3  # the radar, the trend lines and at least one heatmap
    finally:
        context.close()
