"""A trust user opens the benchmark and trend pages in a real browser: charts draw, axe is clean."""

from __future__ import annotations

from datetime import date

import pytest
from flask import Flask
from playwright.sync_api import Page, expect

from tests.e2e.conftest import RequestLog, assert_accessible, sign_in_browser

INGREDIENTS = ("experts_by_experience", "culture", "leadership", "patient_safety")


@pytest.fixture
def trust_user(app: Flask, db, factories):
    """Six trusts over two cycles; returns (user, organisation, latest cycle)."""
    from valuedcare.caching import clear_all

    clear_all()
    cycles = [
        factories.cycle(label="2024/25", status="closed", opens_on=date(2024, 4, 1)),
        factories.cycle(label="2025/26", status="closed", opens_on=date(2025, 4, 1)),
    ]
    organisations = [factories.organisation(region="Midlands") for _ in range(6)]
    for step, cycle in enumerate(cycles):
        for index, organisation in enumerate(organisations):
            assessment = factories.assessment(organisation=organisation, cycle=cycle)
            for person in range(10):
                score = 1.5 + (index * 0.4 + person * 0.1 + step * 0.5) % 3.5
                if person < 5:
                    factories.scored_response(
                        assessment, lens="board", scores=dict.fromkeys(INGREDIENTS, score)
                    )
                factories.scored_response(  # two teams of five
                    assessment,
                    lens="experts_by_experience",
                    team=f"Team {person % 2 + 1}",
                    scores={"experts_by_experience": score - 0.5, "culture": score - 0.3},
                )
    user = factories.user(organisations[0], role="board_member")
    db.session.commit()
    return user, organisations[0], cycles[-1]


def _charts_drawn(page: Page, count: int) -> None:
    charts = page.locator("[data-vega-spec]")
    expect(charts).to_have_count(count)
    for index in range(count):
        expect(charts.nth(index)).to_have_attribute("data-vega-state", "rendered")


def test_a_trust_user_reads_the_benchmark_and_the_trends(
    page: Page,
    app: Flask,
    live_server: str,
    trust_user,
    request_log: RequestLog,
    console_errors: list[str],
) -> None:
    user, organisation, cycle = trust_user
    sign_in_browser(page, app, live_server, user)

    page.goto(f"{live_server}/compare/organisations/{organisation.id}/cycles/{cycle.id}/benchmark")
    expect(page.locator("h1")).to_have_text("Benchmark for 2025/26")
    _charts_drawn(page, 2)
    expect(page.get_by_text("Organisation 5").first).to_be_attached()
    assert_accessible(page)

    page.get_by_role("link", name="Experts by experience").click()
    _charts_drawn(page, 2)
    assert_accessible(page)

    page.goto(f"{live_server}/compare/organisations/{organisation.id}/trends")
    expect(page.locator("h1")).to_have_text("Trends over cycles")
    _charts_drawn(page, 3)
    assert_accessible(page)

    page.get_by_role("link", name="Culture statements").first.click()
    expect(page.locator("h1")).to_contain_text("Culture")
    assert_accessible(page)

    page.goto(f"{live_server}/compare/organisations/{organisation.id}/cycles/{cycle.id}/teams")
    _charts_drawn(page, 1)
    assert_accessible(page)
    assert console_errors == []
