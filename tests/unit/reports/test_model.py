"""Level names, change and respondent wording, and which lenses a report shows."""

from __future__ import annotations

import math
from datetime import date

import pytest

from tests.disclosure_rules import RULES
from valuedcare.data.records import AssessmentInfo
from valuedcare.reports.model import (
    Cell,
    Change,
    ScoreRow,
    TrustReport,
    level_name,
    level_number,
    respondents_text,
    responses_text,
    signed_one_dp,
)


@pytest.mark.parametrize(
    ("score", "name"),
    [
        (1.0, "Beginning"),
        (1.94, "Beginning"),
        (1.96, "Emerging"),  # shown as 2.0, so it has reached level 2
        (2.94, "Emerging"),
        (2.95, "Developing"),  # 2.95 is shown as 3.0 (half up)
        (3.99, "Embedded"),  # shown as 4.0
        (4.9, "Embedded"),
        (5.0, "Leading"),
    ],
)
def test_level_name_is_the_level_the_score_shown_has_reached(score: float, name: str) -> None:
    assert level_name(score) == name


def test_missing_scores_have_no_level() -> None:
    assert level_number(None) is None
    assert level_name(math.nan) is None


@pytest.mark.parametrize(
    ("change", "text"), [(0.45, "+0.5"), (-1.25, "-1.3"), (0.0, "0.0"), (-0.04, "0.0"), (None, "")]
)
def test_signed_change(change: float | None, text: str) -> None:
    assert signed_one_dp(change) == text


def test_cell_text_never_shows_a_suppressed_number() -> None:
    assert Cell(2.25, 8).text == "2.3"
    assert Cell(None, None, suppressed=True).text == "fewer than 5 responses"
    assert Cell(None).text == "no responses"
    assert Cell(None, empty_text="not recorded").text == "not recorded"
    assert Cell(3.04, 6).level == "Developing"


def test_change_text_carries_its_label() -> None:
    assert Change("2024/25", 2.5, 0.6, "improved").text == "+0.6 (improved)"
    assert Change("2024/25", None, None, "not comparable").text == "not comparable"


@pytest.mark.parametrize(
    ("lens", "count", "text"),
    [
        ("partner", 4, "fewer than 5"),
        ("experts_by_experience", 1, "fewer than 5"),
        ("experts_by_experience", 5, "5 to 9"),
        ("partner", 12, "10 to 19"),
        ("board", 3, "3"),
        ("board", 1234, "1,234"),
        ("partner", 0, "none"),
        ("board", None, "none"),
    ],
)
def test_respondents_of_small_anonymous_groups_are_not_counted_out(
    lens: str, count: int | None, text: str
) -> None:
    assert respondents_text(lens, count, RULES) == text


def _info() -> AssessmentInfo:
    return AssessmentInfo(
        1,
        2,
        "TST1",
        "Test Trust",
        "Peers",
        False,
        3,
        "2025/26",
        "closed",
        date(2025, 4, 1),
        date(2026, 3, 31),
    )


def test_report_columns_are_the_lenses_with_a_result() -> None:
    # board scored; board_agreed not recorded; experts by experience suppressed; partners none
    cells = (Cell(3.0, 6), Cell(None), Cell(None, None, True), Cell(None))
    report = TrustReport(
        info=_info(),
        previous_cycle=None,
        respondents={},
        peer_shown=False,
        table=(ScoreRow("culture", "Culture", cells, Cell(None)),),
        cards=(),
        perception_gaps=(),
        disagreements=(),
        agreed=(),
    )
    assert report.columns == ((0, "board"), (2, "experts_by_experience"))
    assert report.lens_labels == ("Board", "Experts by experience")
    assert report.has_suppressed_cells


@pytest.mark.parametrize(
    ("lens", "count", "text"),
    [
        ("board", 1, "1 response"),
        ("board", 8, "8 responses"),
        ("partner", 1, "fewer than 5 responses"),
        ("experts_by_experience", 0, "no responses"),
        ("experts_by_experience", 40, "20 or more responses"),
    ],
)
def test_responses_in_words(lens: str, count: int, text: str) -> None:
    assert responses_text(lens, count, RULES) == text


def test_the_radar_draws_a_lens_only_with_enough_ingredients_and_says_what_it_leaves_out() -> None:
    """Board: scores on three ingredients (a shape). Partners: asked about two, with a score on
    both, and not asked about the third: too few to draw, so the note says the table has them.
    Experts by experience: suppressed everywhere, so neither drawn nor described as scored."""
    from valuedcare.reports.compose import radar_scores
    from valuedcare.reports.model import radar_lenses

    rows = []
    for key, title, partner in [
        ("culture", "Culture", Cell(3.0, 6)),
        ("leadership", "Leadership", Cell(2.0, 6)),
        ("innovation", "Innovation", Cell(None, None, False, "not asked")),
    ]:
        cells = (Cell(3.5, 9), Cell(None), Cell(4.0, 2, True), partner)
        rows.append(ScoreRow(key, title, cells, Cell(None)))
    report = TrustReport(
        info=_info(), previous_cycle=None, respondents={}, peer_shown=False, table=tuple(rows),
        cards=(), perception_gaps=(), disagreements=(), agreed=(),
    )  # fmt: skip
    assert radar_lenses(report.table) == ("board",)
    assert set(radar_scores(report.table)["series"]) == {"Board"}
    assert report.radar_notes == (
        "Partners were not asked about Innovation.",
        "Partners have scores on too few ingredients to draw as a shape, so they are in the "
        "table only.",
    )
