"""The PDF board paper: its title page, tables, agreed position and comments, and suppression."""

from __future__ import annotations

from datetime import date

import pytest

from tests.unit.reports.pdf_text import pdf_text
from valuedcare.data.records import AssessmentInfo, FreeText
from valuedcare.reports.model import (
    AgreedStatement,
    Cell,
    IngredientCard,
    LensLine,
    ScoreRow,
    TrustReport,
)
from valuedcare.reports.pdf import build_board_paper, find_fonts

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


def test_board_paper_with_core_font_shows_the_report_and_hides_suppressed_numbers() -> None:
    data = build_board_paper(_report(), None, prepared_on=date(2026, 4, 2), fonts=None)
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
    # title page, scores table, ingredient summary and the notes all say it
    assert text.count("fewer than 5 responses") >= 4


@pytest.mark.skipif(find_fonts() is None, reason="no DejaVu or Liberation fonts installed")
def test_board_paper_with_system_fonts_keeps_unicode() -> None:
    pytest.importorskip("pypdf")
    report = _report()
    data = build_board_paper(report, None, prepared_on=date(2026, 4, 2))
    text = pdf_text(data)
    assert "Board paper" in text
    assert "fewer than 5 responses" in text


def test_board_paper_has_a_plan_page_with_open_overdue_done_and_earlier_actions() -> None:
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
    text = pdf_text(build_board_paper(report, None, prepared_on=date(2026, 4, 2), fonts=None))
    assert "The improvement plan" in text
    assert "2 open actions, 1 overdue; 1 done since 1 April 2025" in text
    assert "Run pulse surveys" in text and "31 January 2026 (overdue)" in text
    assert "Train ward managers" in text and "Board visits" in text
    assert "What earlier plans said, and what changed" in text
    assert "+0.6 (improved)" in text
