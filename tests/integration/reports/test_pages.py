"""The report page, its downloads and the moderation page over HTTP: content, suppression and
who may see what."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from openpyxl import load_workbook

from tests.integration.reports.conftest import main_content
from tests.integration.reports.trust_fixture import build_trust
from tests.unit.reports.pdf_text import pdf_text

SUPPRESSED_MEAN = ("4.7", "4.67", "4.666")  # experts by experience: (5 + 5 + 4) / 3, 3 people
SECRET = "SMALL GROUP SECRET"


def _url(trust: Any, suffix: str = "") -> str:
    return f"/reports/assessments/{trust.assessment_id}{suffix}"


def test_report_page_shows_the_numbers_and_marks_suppressed_cells(
    client: Any, closed_trust: Any, signed_in: Any
) -> None:
    signed_in("viewer", closed_trust.organisation_id)
    response = client.get(_url(closed_trust))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    main = main_content(html)
    assert "Ashvale Test Trust" in main
    assert f'data-vega-spec="{_url(closed_trust, "/radar.json")}"' in main
    assert '<strong class="nhsuk-tag nhsuk-tag--grey">fewer than 5 responses</strong>' in main
    for expected in [
        "2.8",
        "2.5",
        "2.2",
        "4.0",
        "Emerging",
        "+0.8 (improved)",
        "the mean of the statements that have a target",  # the target gap's base, stated
        "Partner comment 3",
        "fewer than 5 responses",
    ]:
        assert expected in main, expected
    for hidden in [*SUPPRESSED_MEAN, SECRET, "Brackenmoor Other Trust"]:
        assert hidden not in main, hidden
    assert SECRET not in html and "Brackenmoor" not in html
    assert "Agree the board&#39;s position" not in main  # viewers do not moderate


def test_the_report_opens_with_a_summary_worked_out_from_the_fixture(
    client: Any, closed_trust: Any, signed_in: Any
) -> None:
    """The worked trust (trust_fixture): 3 board members, 3 experts by experience (suppressed,
    so "fewer than 5"), 5 partners; 3 of 55 statements agreed; board members' scores 2.8
    (experts by experience), 3.0 (local area and culture), the rest not scored."""
    signed_in("viewer", closed_trust.organisation_id)
    main = main_content(client.get(_url(closed_trust)).get_data(as_text=True))
    summary = main[main.index('id="summary"') : main.index("</ul>", main.index('id="summary"'))]
    assert main.index('id="summary"') < main.index('id="scores"') < main.index('id="ingredients"')
    for sentence in [
        "Responses: 3 board members, fewer than 5 experts by experience and 5 to 9 partners.",
        "The board has agreed 3 of 55 statements so far",
        "On board members&#39; scores, the trust is strongest on Understanding the local area "
        "and Culture (3.0, Developing) and weakest on Experts by experience (2.8, Emerging).",
        "Since 2024/25, board members&#39; scores improved on Experts by experience",
    ]:
        assert sentence in summary, sentence
    for hidden in [*SUPPRESSED_MEAN, SECRET]:
        assert hidden not in summary, hidden
    # each ingredient is collapsed, with its headline figure on the closed expander
    assert '<details class="nhsuk-details nhsuk-expander" id="ingredient-culture">' in main
    assert 'Culture<span class="app-details__figure">: board members 3.0, Developing' in main


def test_radar_json_svg_and_png_carry_no_suppressed_value(
    client: Any, closed_trust: Any, signed_in: Any
) -> None:
    signed_in("viewer", closed_trust.organisation_id)
    response = client.get(_url(closed_trust, "/radar.json"))
    assert response.status_code == 200 and response.mimetype == "application/json"
    spec = json.loads(response.get_data(as_text=True))
    rows = [row for rows in spec.get("datasets", {}).values() for row in rows]
    series = {row.get("series") for row in rows if "series" in row}
    # the agreed position is provisional; partners have a score on one ingredient only, a lone
    # dot, so the radar leaves them to the table and its caption says so
    assert series == {"Board", "Peer median"}
    board = [
        r
        for r in rows
        if r.get("series") == "Board" and r.get("ingredient") == "experts_by_experience"
    ]
    assert board and board[0]["score"] == pytest.approx(8.5 / 3)
    text = response.get_data(as_text=True)
    assert "4.666" not in text
    svg = client.get(_url(closed_trust, "/radar.svg"))
    assert svg.status_code == 200 and svg.mimetype == "image/svg+xml"
    body = svg.get_data(as_text=True)
    assert body.lstrip().startswith("<svg") and ">Board<" in body  # in the key
    assert ">Partners<" not in body
    assert ">Experts by experience<" not in body  # (the axis label is split over two lines)
    assert "sx: " not in body and "series: " not in body  # no internals read out per point
    assert "attachment" in svg.headers["Content-Disposition"]
    page = main_content(client.get(_url(closed_trust)).get_data(as_text=True))
    assert "Partners have scores on too few ingredients to draw as a shape" in page
    png = client.get(_url(closed_trust, "/radar.png"))
    assert png.status_code == 200 and png.data.startswith(b"\x89PNG")
    assert png.headers["Cache-Control"] == "private, no-store"


def test_board_paper_pdf(client: Any, closed_trust: Any, signed_in: Any) -> None:
    signed_in("viewer", closed_trust.organisation_id)
    response = client.get(_url(closed_trust, "/board-paper.pdf"))
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert 'filename="TSTA-2025-26-board-paper.pdf"' in response.headers["Content-Disposition"]
    text = pdf_text(response.data)
    for expected in [
        "Board paper",
        "Ashvale Test Trust",
        "fewer than 5 responses",
        "2.8",
        "Two members had no evidence of gap measurement.",
        "Partner comment 2",
    ]:
        assert expected in text, expected
    for hidden in [SECRET, "4.7", "Brackenmoor Other Trust"]:
        assert hidden not in text, hidden


def test_csv_and_xlsx_downloads_apply_suppression(
    client: Any, closed_trust: Any, signed_in: Any
) -> None:
    signed_in("organisation_admin", closed_trust.organisation_id)
    answers = client.get(_url(closed_trust, "/answers.csv"))
    assert answers.status_code == 200 and answers.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(answers.get_data(as_text=True))))
    assert {r["lens"] for r in rows} == {"board", "board_agreed"}  # named lenses only
    summaries = client.get(_url(closed_trust, "/summaries.csv"))
    assert summaries.status_code == 200
    summary_rows = list(csv.DictReader(io.StringIO(summaries.get_data(as_text=True))))
    assert {r["lens"] for r in summary_rows} == {"experts_by_experience", "partner"}
    assert {r["suppressed"] for r in summary_rows if r["lens"] == "experts_by_experience"} == {
        "true"
    }
    scores = client.get(_url(closed_trust, "/scores.xlsx"))
    sheet = load_workbook(io.BytesIO(scores.data), read_only=True).worksheets[0]
    table = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert [
        "TSTA",
        "2025/26",
        "experts_by_experience",
        "experts_by_experience",
        "Experts by experience",
        None,
        None,
        None,
        True,
    ] in table
    assert client.get(_url(closed_trust, "/answers.json")).status_code == 404


@pytest.mark.parametrize(
    "suffix",
    [
        "",
        "/radar.json",
        "/radar.svg",
        "/board-paper.pdf",
        "/scores.csv",
        "/answers.xlsx",
        "/moderation",
        "/moderation/culture",
        "/moderation/culture/present",
    ],
)
def test_another_organisations_assessment_is_not_found(
    client: Any, closed_trust: Any, signed_in: Any, suffix: str
) -> None:
    signed_in("organisation_admin", closed_trust.other_organisation_id)
    assert client.get(_url(closed_trust, suffix)).status_code == 404


def test_board_members_see_the_report_only_after_the_cycle_closes(
    client: Any, factories: Any, db: Any, signed_in: Any
) -> None:
    trust = build_trust(factories, current_status="open")
    db.session.commit()
    signed_in("board_member", trust.organisation_id)
    response = client.get(_url(trust))
    assert response.status_code == 403
    assert "This report is not available yet" in response.get_data(as_text=True)
    assert client.get(_url(trust, "/board-paper.pdf")).status_code == 403
    assert client.get(_url(trust, "/answers.csv")).status_code == 403
    previous = f"/reports/assessments/{trust.previous_assessment_id}"
    assert client.get(previous).status_code == 200
    index = client.get("/reports/").get_data(as_text=True)
    assert previous in index and _url(trust) not in index


def test_leads_see_an_open_cycle_and_viewers_wait_for_the_close(
    client: Any, factories: Any, db: Any, signed_in: Any
) -> None:
    trust = build_trust(factories, current_status="open")
    db.session.commit()
    signed_in("viewer", trust.organisation_id)
    assert client.get(_url(trust)).status_code == 403
    signed_in("organisation_admin", trust.organisation_id)
    page = client.get(_url(trust)).get_data(as_text=True)
    assert "This cycle is still open" in page


@pytest.mark.parametrize(
    ("role", "status"), [("board_member", 403), ("viewer", 403), ("organisation_admin", 200)]
)
def test_only_leads_and_platform_admins_moderate(
    client: Any, closed_trust: Any, signed_in: Any, role: str, status: int
) -> None:
    signed_in(role, closed_trust.organisation_id)
    assert client.get(_url(closed_trust, "/moderation")).status_code == status


def test_moderation_page_and_saving(
    client: Any, closed_trust: Any, signed_in: Any, db: Any
) -> None:
    signed_in("platform_admin", None)
    ingredient = _url(closed_trust, "/moderation/experts_by_experience")
    page = client.get(ingredient)
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Lowest level 2, highest 4, median 4.0 from 3 members; median target 4.5." in html
    assert '<option value="3" selected>3 Developing</option>' in html
    form = {"revision": "1", "level_ebe1": "2", "rationale_ebe1": ""}
    refused = client.post(ingredient, data=form)
    assert refused.status_code == 200
    body = refused.get_data(as_text=True)
    assert "<title>Error: " in body and 'href="#rationale_ebe1"' in body
    form["rationale_ebe1"] = "Evidence from two committees only."
    saved = client.post(ingredient, data=form)
    assert saved.status_code == 302
    report = client.get(_url(closed_trust)).get_data(as_text=True)
    assert "Evidence from two committees only." in report


def test_anonymous_visitors_are_asked_to_sign_in(client: Any, closed_trust: Any) -> None:
    assert client.get(_url(closed_trust)).status_code in (302, 401)


def test_downloads_are_recorded_in_the_audit_log(
    client: Any, db: Any, closed_trust: Any, signed_in: Any
) -> None:
    from sqlalchemy import select

    from valuedcare.models import AuditEvent

    user = signed_in("organisation_admin", closed_trust.organisation_id)
    assert client.get(_url(closed_trust, "/scores.csv")).status_code == 200
    assert client.get(_url(closed_trust, "/radar.png")).status_code == 200
    assert client.get(_url(closed_trust)).status_code == 200  # viewing is not an export
    events = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "export").order_by(AuditEvent.id)
    ).all()
    assert [
        (e.actor_id, e.organisation_id, e.target_type, e.target_id, e.detail) for e in events
    ] == [
        (
            user.id,
            closed_trust.organisation_id,
            "assessment",
            str(closed_trust.assessment_id),
            {"download": name, "cycle": "2025/26"},
        )
        for name in ("scores.csv", "radar.png")
    ]


def test_exports_are_for_improvement_leads_only(
    client: Any, closed_trust: Any, signed_in: Any
) -> None:
    signed_in("viewer", closed_trust.organisation_id)
    assert client.get(_url(closed_trust, "/scores.csv")).status_code == 403
    page = client.get(_url(closed_trust)).get_data(as_text=True)
    assert "scores.csv" not in page and "board-paper.pdf" in page
