"""The PDF board paper: its cover sheet, tables, agreed position and comments, suppression, and
that rendering never opens a URL."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from flask import Flask

from tests.unit.reports.pdf_text import pdf_text
from valuedcare.data.records import AssessmentInfo, CoverSheet, FreeText
from valuedcare.reports.model import (
    AgreedStatement,
    Cell,
    IngredientCard,
    LensLine,
    ScoreRow,
    TrustReport,
)
from valuedcare.reports.paper import PLACEHOLDER, build_board_paper, local_only_fetcher
from valuedcare.reports.summary import summarise

INFO = AssessmentInfo(
    7,
    3,
    "TST7",
    "Brackenmoor Trust (fictional)",
    "Peers",
    True,
    2,
    "2025/26",
    "closed",
    date(2025, 4, 1),
    date(2026, 3, 31),
)


def _report() -> TrustReport:
    board = Cell(3.46, 9)
    hidden = Cell(None, None, suppressed=True)  # experts by experience, 3 respondents
    partners = Cell(2.71, 6)
    row = ScoreRow("culture", "Culture", (board, Cell(None), hidden, partners), Cell(None))
    lines = tuple(
        LensLine(lens, label, cell, None, Cell(None))
        for lens, label, cell in [
            ("board", "Board", board),
            ("board_agreed", "Board agreed", Cell(None)),
            ("experts_by_experience", "Experts by experience", hidden),
            ("partner", "Partners", partners),
        ]
    )
    return TrustReport(
        info=INFO,
        previous_cycle="2024/25",
        respondents={"board": 9, "experts_by_experience": 3, "partner": 6},
        table=(row,),
        peer_shown=False,
        cards=(IngredientCard("culture", "Culture", lines, None, None, None),),
        perception_gaps=(),
        disagreements=(),
        agreed=(
            AgreedStatement(
                "culture",
                "Culture",
                "cul1",
                "Staff feel safe to speak up.",
                3,
                4,
                "Pulse survey shows progress on two wards only.",
            ),
        ),
        comments=(
            FreeText(
                "partner",
                "p12",
                "One thing to strengthen the partnership?",
                "Joint training days with the police.",
            ),
        ),
    )


@pytest.fixture
def rendering(app: Flask):
    """A request context: the paper is drawn from the application's templates."""
    with app.test_request_context():
        yield


def _paper(report: TrustReport, cover: CoverSheet | None = None) -> str:
    return pdf_text(build_board_paper(report, cover, radar_svg=None, prepared_on=date(2026, 4, 2)))


def test_board_paper_shows_the_report_and_hides_suppressed_numbers(rendering: None) -> None:
    data = build_board_paper(_report(), None, radar_svg=None, prepared_on=date(2026, 4, 2))
    assert data.startswith(b"%PDF")
    text = pdf_text(data)
    for expected in [
        "Board paper",
        "Brackenmoor Trust (fictional)",
        "2 April 2026",
        "3.5",
        "2.7",
        "fewer than 5 responses",
        "Pulse survey shows progress on two wards only.",
        "Joint training days with the police.",
        "Experts by experience: fewer than 5",
    ]:
        assert expected in text, expected
    assert "Experts by experience: 3 responses" not in text
    # the cover sheet, scores table and the notes all say it
    assert text.count("fewer than 5 responses") >= 3


def test_an_unfilled_cover_sheet_says_who_completes_it(rendering: None) -> None:
    text = _paper(_report())
    # meeting, date, purpose, recommendation, assurance, objectives and risks
    assert text.count(PLACEHOLDER) == 7
    assert "Page 1 of" in text


def test_a_filled_cover_sheet_is_on_the_paper(rendering: None) -> None:
    cover = CoverSheet(
        meeting="Board meeting in public",
        meeting_on=date(2026, 5, 14),
        purpose="approve",
        executive_summary="Culture is improving; partners see less progress.",
        recommendation="Approve the plan.",
        assurance="limited",
        strategic_objectives="Objective 3",
        risks="BAF 7",
    )
    text = _paper(_report(), cover)
    for expected in [
        "Board meeting in public",
        "14 May 2026",
        "To approve",
        "Culture is improving; partners see less progress.",
        "Approve the plan.",
        "Limited assurance",
        "Objective 3",
        "BAF 7",
    ]:
        assert expected in text, expected
    assert PLACEHOLDER not in text


def test_the_renderer_opens_data_urls_only() -> None:
    fetcher = local_only_fetcher()
    for url in ("https://example.org/font.woff", "http://127.0.0.1/x.png", "file:///etc/passwd"):
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    assert fetcher.fetch("data:text/plain;base64,b2s=").read() == b"ok"


def test_board_paper_has_a_plan_page_with_open_overdue_done_and_earlier_actions(
    rendering: None,
) -> None:
    from dataclasses import replace

    from valuedcare.reports.model import Change, PlanLine, PlanReview, PlanSummary

    plan = PlanSummary(
        open=(
            PlanLine(
                "Culture",
                "Run pulse surveys",
                "Director of nursing",
                date(2026, 1, 31),
                "At risk",
                True,
                "2024/25",
            ),
            PlanLine("Leadership", "Board visits", "Jo Evans", None, "On track", False, "2025/26"),
        ),
        done=(
            PlanLine(
                "Culture",
                "Train ward managers",
                "Chief nurse",
                date(2025, 9, 30),
                "Done",
                False,
                "2024/25",
            ),
        ),
    )
    review = PlanReview(
        "culture",
        "Culture",
        4,
        "Run pulse surveys",
        "at_risk",
        "At risk",
        "2024/25",
        True,
        Change("2024/25", 2.1, 0.6, "improved"),
    )
    report = replace(_report(), plan=plan, plan_review=(review,))
    text = _paper(report)
    assert "The improvement plan" in text
    assert "2 open actions, 1 overdue; 1 done since 1 April 2025" in text
    assert "Run pulse surveys" in text and "31 January 2026 (overdue)" in text
    assert "Train ward managers" in text and "Board visits" in text
    assert "What earlier plans said, and what changed" in text
    assert "+0.6 (improved)" in text


def test_the_executive_summary_is_the_reports_own_unless_the_lead_writes_one(
    app: Flask, rendering: None
) -> None:
    """With no summary written by the lead, the cover sheet quotes the report's generated
    summary (``reports.summary``), sentence for sentence; the lead's own text replaces it."""
    report = _report()
    sentences = summarise(report)
    report = replace(report, summary=sentences)
    text = _paper(report)
    assert sentences and all(" ".join(sentence.text.split()) in text for sentence in sentences)
    written = CoverSheet(executive_summary="The lead's own summary.")
    text = _paper(report, written)
    assert "The lead's own summary." in text
    assert not any(sentence.text in text for sentence in sentences)
