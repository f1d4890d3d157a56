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
