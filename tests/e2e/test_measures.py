"""Outcome measures in a real browser: an improvement lead downloads the template, uploads a
file with errors, sees them listed, fixes the file and uploads it again, checks the preview,
confirms, and opens the measures page and a measure's charts. axe-core on every new page, at
1280 and at 320 px."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import Page, expect

from tests.e2e.conftest import RequestLog, assert_accessible, sign_in_browser

TEAMS = ("North locality", "South locality", "West locality")


@pytest.fixture
def trust(factories: Any, db: Any) -> Any:
    from types import SimpleNamespace

    organisation = factories.organisation(code="MEASE", name="Measures Browser Trust")
    assessment = factories.assessment(organisation, factories.cycle(label="2026/27"))
    for team in TEAMS:
        factories.response(assessment, lens="experts_by_experience", team=team)
    people = SimpleNamespace(
        organisation=organisation,
        lead=factories.user(organisation, role="organisation_admin", name="Lee Lead"),
        board=factories.user(organisation, role="board_member", name="Bea Board"),
    )
    db.session.commit()
    return people


def _months(count: int) -> list[date]:
    today = date.today()
    index = today.year * 12 + today.month - 1
    return [date(m // 12, m % 12 + 1, 1) for m in range(index - count, index)]


def _file(tmp_path: Path, broken: bool) -> Path:
    lines = ["month,team,measure,value,numerator,denominator"]
    for number, month in enumerate(_months(18)):
        for offset, team in enumerate(TEAMS):
            missed = 40 + (number % 5) + (15 if team == "West locality" else 0)
            lines.append(f"{month:%Y-%m},{team},did_not_attend,,{missed},400")
            lines.append(f"{month:%Y-%m},{team},length_of_stay,{30 + offset + number % 3},,")
    if broken:
        lines[3] = lines[3].replace("South locality", "Nowhere")
        lines[5] = re.sub(r",,\d+,400$", ",,500,400", lines[5])
    path = tmp_path / ("broken.csv" if broken else "values.csv")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _fits(page: Page, width: int) -> None:
    page.wait_for_load_state("load")  # the header's script folds its links into "More"
    wide = page.evaluate(
        "w => [...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect()"
        ".right > w + 1).slice(0, 5).map(e => e.tagName + '#' + e.id + '.' + e.className)",
        width,
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= width, wide


def test_a_lead_uploads_fixes_confirms_and_reads_the_charts(
    page: Page,
    app: Flask,
    live_server: str,
    trust: Any,
    tmp_path: Path,
    request_log: RequestLog,
    console_errors: list[str],
) -> None:
    sign_in_browser(page, app, live_server, trust.lead)
    page.goto(f"{live_server}/")
    page.locator("#maincontent").get_by_role("link", name="Outcome measures").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Outcome measures")
    expect(page.get_by_text("No values have been stored yet.")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Upload values").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Upload outcome measures")
    assert_accessible(page)
    with page.expect_download() as template:
        page.get_by_role("link", name="Download the template (Excel)").click()
    assert template.value.suggested_filename == "MEASE-measures-template.xlsx"

    page.get_by_label("Upload a file").set_input_files(_file(tmp_path, broken=True))
    page.get_by_role("button", name="Check the file").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("The file has 2 problems")
    problems = page.locator("#problems + p + ul")
    expect(problems).to_contain_text("row 4, column team: 'Nowhere' is not one of your teams")
    expect(problems).to_contain_text(
        "row 6, column numerator: The numerator cannot be more than the denominator"
    )
    assert_accessible(page)

    page.get_by_label("Upload a file").set_input_files(_file(tmp_path, broken=False))
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Check the values")
    expect(page.get_by_text("108 values, 108 new and 0 replacing")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Store these values").click()
    expect(page.locator(".nhsuk-notification-banner").first).to_contain_text("108 values stored")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Outcome measures")
    row = page.get_by_role("row", name=re.compile("Did-not-attend rate"))
    expect(row).to_contain_text("Common cause variation")
    assert_accessible(page)

    page.get_by_role("link", name="Did-not-attend rate").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Did-not-attend rate")
    page.wait_for_selector("#xmr-chart[data-vega-state=rendered] svg", state="attached")
    expect(page.locator("#funnel + p")).to_contain_text("Outside the 99.8% limits: West locality.")
    page.get_by_text("Show the numbers in this chart").click()
    expect(page.locator("#xmr-caption")).to_be_visible()
    assert_accessible(page)
    measure_url = page.url

    sign_in_browser(page, app, live_server, trust.board)
    page.set_viewport_size({"width": 320, "height": 640})
    for url in (f"{live_server}/organisations/{trust.organisation.id}/measures", measure_url):
        page.goto(url)
        _fits(page, 320)
        assert_accessible(page)
    expect(page.get_by_role("link", name="Upload values")).to_have_count(0)
    sign_in_browser(page, app, live_server, trust.lead)
    page.goto(f"{live_server}/organisations/{trust.organisation.id}/measures/upload")
    _fits(page, 320)
    assert_accessible(page)
    page.get_by_role("link", name="Type in one month's values for a team").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Type in a month's values")
    _fits(page, 320)
    assert_accessible(page)
    stay = page.get_by_role("group", name="Average length of stay (adult acute)")
    stay.get_by_label("Value (days)").fill("thirty")
    page.get_by_role("button", name="Check the values").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    _fits(page, 320)
    assert_accessible(page)
    stay.get_by_label("Value (days)").fill("30")
    page.get_by_role("button", name="Check the values").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Check the values")
    _fits(page, 320)
    assert_accessible(page)
    page.get_by_role("button", name="Cancel this upload").click()
    expect(page.locator(".nhsuk-notification-banner").first).to_contain_text("nothing from it")
    request_log.assert_only_local()
    assert console_errors == []
