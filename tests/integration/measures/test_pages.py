"""The outcome measures' pages: the summary table in words and icons, a measure's XmR chart
with its table, the funnel plot naming a team outside its limits, and the measures linked to
each ingredient on the report and the trends page."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

import pytest

from tests.integration.auth.helpers import sign_in

TEAMS = ("North locality", "South locality", "West locality")


def _store(
    organisation_id: int, rows: list[tuple[date, str, str, float, float | None, float | None]]
) -> None:
    from valuedcare.data import measures
    from valuedcare.data.scope import Scope
    from valuedcare.measures.upload import UploadRow

    platform = Scope(None, "platform_admin", None)
    upload = measures.start_upload(
        platform,
        organisation_id,
        filename="values.csv",
        measure_set_version=1,
        rows=[UploadRow(index, *row) for index, row in enumerate(rows, start=2)],
    )
    measures.confirm_upload(platform, upload)


def _months(count: int) -> list[date]:
    return [date(2024 + (m // 12), m % 12 + 1, 1) for m in range(count)]


@pytest.fixture
def trust(db: Any, factories: Any) -> Any:
    """Two years of a length of stay that falls sharply in its last month (lower is better, so an
    improvement), and of a did-not-attend rate where West locality misses about a quarter more."""
    from types import SimpleNamespace

    from valuedcare.data.scores import store_response_scores

    organisation = factories.organisation(code="PAGE1", name="Pages Trust")
    closed = factories.assessment(organisation, factories.cycle(label="2025/26", status="closed"))
    for level in (2, 3, 3):
        store_response_scores(
            factories.response(closed, answers={"bus1": (level, float(level), False, 4)}).id
        )
    rows = []
    for number, month in enumerate(_months(24)):
        for team in TEAMS:
            stay = 10.0 if number == 23 else 30.0 + (number % 3)
            rows.append((month, team, "length_of_stay", stay, None, None))
            missed = 52.0 if team == "West locality" else 40.0 + number % 4
            rows.append((month, team, "did_not_attend", missed / 4, missed, 400.0))
    _store(organisation.id, rows)
    people = SimpleNamespace(
        organisation=organisation,
        assessment=closed,
        viewer=factories.user(organisation, role="viewer"),
        other=factories.user(factories.organisation(code="PAGE2", name="Other"), role="viewer"),
    )
    db.session.commit()
    return people


def _text(response: Any) -> str:
    assert response.status_code == 200, response.status_code
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)))


def test_the_summary_says_in_words_what_the_icons_show(client: Any, trust: Any) -> None:
    sign_in(client, trust.viewer)
    text = _text(client.get(f"/organisations/{trust.organisation.id}/measures"))
    # Length of stay: 30, 31, 32 repeating for 23 months (712 days) and 10 in the last: mean
    # 722 / 24 = 30.1. Did-not-attend: 43 + 43 + 52 missed of 1,200 in the last month, 11.5%,
    # and on average (40 + 1.5) x 2 + 52 = 135 of 1,200 a month, 11.25%.
    assert (
        "Measure Average length of stay (adult acute) Latest month December 2025 Latest value "
        "10.0 Mean 30.1 Target 32.0 Variation L Special cause variation: improvement (lower "
        "values) Assurance ? Hit and miss: the target may or may not be met" in text
    )
    assert (
        "Measure Did-not-attend rate Latest month December 2025 Latest value 11.5% Mean 11.3% "
        "Target None Variation Common cause variation: no significant change Assurance No "
        "target set" in text
    )
    assert (
        "Measure Median wait from referral to first contact Latest month None Latest value Mean "
        "Target 28.0 Variation No values yet Assurance No values yet" in text
    )
    assert "Upload values" not in text, "viewers do not upload"


def test_a_measure_page_has_its_chart_table_and_funnel(client: Any, trust: Any) -> None:
    sign_in(client, trust.viewer)
    response = client.get(f"/organisations/{trust.organisation.id}/measures/did_not_attend")
    text = _text(response)
    body = response.get_data(as_text=True)
    assert 'id="xmr-chart-spec"' in body and 'id="funnel-chart-spec"' in body
    assert "Outside the 99.8% limits: West locality." in text
    # The last 12 months: West locality missed 12 x 52 = 624 of 12 x 400 = 4,800 (13.0%).
    assert "West locality 624 4,800 13.0%" in text
    # January 2024: 40 + 40 + 52 = 132 of 1,200 (11.0%).
    assert "January 2024 11.0%" in text, "the chart's table gives every month"
    assert (
        "Experts by experience, Understanding your business and resources, Digitalisation" in text
    )
    assert client.get(f"/organisations/{trust.organisation.id}/measures/no_such").status_code == 404


def test_other_organisations_see_nothing(client: Any, trust: Any) -> None:
    sign_in(client, trust.other)
    for path in ("measures", "measures/did_not_attend", "measures.csv"):
        assert client.get(f"/organisations/{trust.organisation.id}/{path}").status_code == 404


def test_the_report_and_trends_show_linked_measures_beside_each_ingredient(
    client: Any, trust: Any
) -> None:
    sign_in(client, trust.viewer)
    report = _text(client.get(f"/reports/assessments/{trust.assessment.id}"))
    assert "Outcome measures for this ingredient" in report
    assert (
        "Average length of stay (adult acute) : 10.0 in December 2025. Special cause variation: "
        "improvement (lower values)" in report
    )
    assert "this does not mean that one causes the other" in report
    trends = _text(client.get(f"/compare/organisations/{trust.organisation.id}/trends"))
    assert "Outcome measures beside the trends" in trends
    assert "Did-not-attend rate : 11.5% in December 2025. Common cause variation" in trends


def test_without_values_the_report_shows_no_measures(client: Any, db: Any, factories: Any) -> None:
    from valuedcare.data.scores import store_response_scores

    organisation = factories.organisation(code="PAGE3", name="Empty Trust")
    closed = factories.assessment(organisation, factories.cycle(label="2025/26", status="closed"))
    store_response_scores(factories.response(closed, answers={"bus1": (3, 3.0, False, 4)}).id)
    viewer = factories.user(organisation, role="viewer")
    db.session.commit()
    sign_in(client, viewer)
    assert "Outcome measures for this ingredient" not in _text(
        client.get(f"/reports/assessments/{closed.id}")
    )
    summary = _text(client.get(f"/organisations/{organisation.id}/measures"))
    assert "No values have been stored yet." in summary


def test_a_new_upload_shows_at_once(client: Any, trust: Any, db: Any) -> None:
    sign_in(client, trust.viewer)
    before = _text(client.get(f"/organisations/{trust.organisation.id}/measures"))
    assert "Median wait from referral to first contact Latest month None" in before
    _store(
        trust.organisation.id,
        [
            (month, "North locality", "wait_to_first_contact", 20.0, None, None)
            for month in _months(3)
        ],
    )
    db.session.commit()
    after = _text(client.get(f"/organisations/{trust.organisation.id}/measures"))
    assert (
        "Median wait from referral to first contact Latest month March 2024 Latest value 20.0"
        in after
    )


def test_the_board_paper_has_a_page_of_outcome_measures_in_words(client: Any, trust: Any) -> None:
    from tests.unit.reports.pdf_text import pdf_text

    sign_in(client, trust.viewer)
    response = client.get(f"/reports/assessments/{trust.assessment.id}/board-paper.pdf")
    assert response.status_code == 200
    text = pdf_text(response.data)
    assert "Outcome measures" in text
    assert "Special cause variation: improvement (lower values)" in text
    assert "Hit and miss" in text
    assert "Median wait from referral" not in text, "measures without values are left out"


def test_a_board_paper_without_values_has_no_measures_page(
    client: Any, db: Any, factories: Any
) -> None:
    from tests.unit.reports.pdf_text import pdf_text
    from valuedcare.data.scores import store_response_scores

    organisation = factories.organisation(code="PAGE4", name="Paper Trust")
    closed = factories.assessment(organisation, factories.cycle(label="2025/26", status="closed"))
    store_response_scores(factories.response(closed, answers={"bus1": (3, 3.0, False, 4)}).id)
    viewer = factories.user(organisation, role="viewer")
    db.session.commit()
    sign_in(client, viewer)
    text = pdf_text(client.get(f"/reports/assessments/{closed.id}/board-paper.pdf").data)
    assert "Making Data Count" not in text


def test_limits_can_be_recalculated_from_a_month_when_something_changed(
    client: Any, trust: Any
) -> None:
    sign_in(client, trust.viewer)
    url = f"/organisations/{trust.organisation.id}/measures/length_of_stay"
    whole = _text(client.get(url))
    assert "Variation L Special cause variation: improvement (lower values)" in whole
    # From December 2025, the last month: it is a phase of its own, with no limits yet, so no
    # special cause can be read from it.
    changed = _text(client.get(url, query_string={"from": "2025-12"}))
    assert "The limits are recalculated from December 2025" in changed
    assert "Variation Too few months to tell" in changed
    for ignored in ("junk", "2024-01", "2031-01", "2025-13"):
        assert "recalculated from" not in _text(client.get(url, query_string={"from": ignored}))
