import numpy as np
import pandas as pd
import pytest

from tests.unit.scoring.builders import frame
from valuedcare.scoring import ScoringError, trend_labels

COLUMNS = [
    "organisation_id",
    "cycle",
    "lens",
    "ingredient",
    "score",
    "median",
    "sd",
    "min",
    "max",
    "respondents",
    "not_known_share",
    "suppressed",
]
NAN = np.nan


def _row(cycle: str, score: float, sd: float = NAN, n: int = 1, lens: str = "board_agreed") -> list:
    return [10, cycle, lens, "culture", score, score, sd, score, score, n, 0.0, False]


def _suppressed(cycle: str, lens: str = "partner") -> list:
    return [10, cycle, lens, "culture", NAN, NAN, NAN, NAN, NAN, None, NAN, True]


def _labels(rows: list[list], cycles: tuple[str, ...] = ("2024", "2025")) -> list[str]:
    return trend_labels(frame(COLUMNS, rows), cycles=list(cycles))["label"].tolist()


@pytest.mark.parametrize(
    ("previous", "current", "label"),
    [
        (3.0, 3.5, "improved"),  # exactly the 0.5 threshold counts
        (2.8, 3.3, "improved"),  # 0.5 despite float rounding (3.3 - 2.8 = 0.4999...)
        (3.0, 3.4, "no clear change"),
        (3.0, 2.6, "no clear change"),
        (3.0, 2.5, "declined"),
    ],
)
def test_single_respondent_lenses_use_the_half_level_rule(
    previous: float, current: float, label: str
) -> None:
    assert _labels([_row("2024", previous), _row("2025", current)]) == [label]


def test_noisy_samples_need_more_than_half_a_level() -> None:
    # SE = sqrt(1.0**2 / 4 + 1.0**2 / 4) = sqrt(0.5) = 0.7071; threshold 2 * SE = 1.4142
    rows = [
        _row("2024", 3.0, sd=1.0, n=4, lens="experts_by_experience"),
        _row("2025", 4.0, sd=1.0, n=4, lens="experts_by_experience"),
    ]

    result = trend_labels(frame(COLUMNS, rows), cycles=["2024", "2025"])

    assert result["label"].tolist() == ["no clear change"]
    assert result["threshold"].iloc[0] == pytest.approx(2 * np.sqrt(0.5))
    assert result["change"].tolist() == [1.0]


def test_steady_groups_still_need_half_a_level() -> None:
    # SE = sqrt(0.1**2 / 9 + 0.1**2 / 9) = 0.047: the 0.5 floor applies
    rows = [
        _row("2024", 3.0, sd=0.1, n=9, lens="board"),
        _row("2025", 3.6, sd=0.1, n=9, lens="board"),
    ]

    result = trend_labels(frame(COLUMNS, rows), cycles=["2024", "2025"])

    assert result[["threshold", "label"]].values.tolist() == [[0.5, "improved"]]


def test_a_large_decline_beyond_the_standard_error_is_labelled() -> None:
    rows = [
        _row("2024", 4.0, sd=1.0, n=4, lens="board"),
        _row("2025", 2.5, sd=1.0, n=4, lens="board"),
    ]

    assert _labels(rows) == ["declined"]


def test_suppressed_or_missing_cells_are_not_comparable() -> None:
    suppressed = [_suppressed("2024"), _row("2025", 3.0, sd=1.0, n=5, lens="partner")]
    missing = [_row("2025", 3.0)]

    result = trend_labels(frame(COLUMNS, suppressed), cycles=["2024", "2025"])

    assert result["label"].tolist() == ["not comparable"]
    assert result[["previous_score", "change", "threshold"]].isna().all(axis=None)
    assert _labels(missing) == ["not comparable"]


def test_each_cycle_is_compared_with_the_one_before_in_the_given_order() -> None:
    rows = [_row("2026", 2.0), _row("2024", 3.0), _row("2025", 4.0), _row("2023", 1.0)]

    result = trend_labels(frame(COLUMNS, rows), cycles=["2024", "2025", "2026"])

    expected = pd.DataFrame(
        {
            "organisation_id": [10, 10],
            "lens": ["board_agreed"] * 2,
            "ingredient": ["culture"] * 2,
            "cycle": ["2025", "2026"],
            "previous_cycle": ["2024", "2025"],
            "previous_score": [3.0, 4.0],
            "score": [4.0, 2.0],
            "change": [1.0, -2.0],
            "threshold": [0.5, 0.5],
            "label": ["improved", "declined"],
        }
    )
    pd.testing.assert_frame_equal(result, expected)


def test_threshold_parameters_change_the_rule() -> None:
    rows = frame(COLUMNS, [_row("2024", 3.0), _row("2025", 3.5)])

    result = trend_labels(rows, cycles=["2024", "2025"], min_change=1.0)

    assert result["label"].tolist() == ["no clear change"]


def test_repeated_cycles_are_refused() -> None:
    with pytest.raises(ScoringError):
        trend_labels(frame(COLUMNS, [_row("2024", 3.0)]), cycles=["2024", "2024"])


def test_a_complement_suppressed_cell_is_not_comparable_and_not_a_grouping_key() -> None:
    rows = frame(
        COLUMNS,
        [_row("2024", 3.0, sd=1.0, n=6, lens="partner"), _suppressed("2025")],
    ).assign(complement_suppressed=[False, True])

    result = trend_labels(rows, cycles=["2024", "2025"])

    assert "complement_suppressed" not in result.columns
    assert result["label"].tolist() == ["not comparable"]


@pytest.mark.parametrize(
    ("before", "after", "label"),
    [
        (3.8, 2.8, "declined"),  # 3 members, wide spread: the whole board fell a level
        (3.0, 3.4, "no clear change"),  # less than half a level
        (2.96, 3.45, "improved"),  # shown as 3.0 and 3.5: a change of 0.5 as shown
    ],
)
def test_the_board_is_a_census_not_a_sample(before: float, after: float, label: str) -> None:
    rows = [
        _row("2024", before, sd=1.5, n=3, lens="board"),
        _row("2025", after, sd=1.5, n=3, lens="board"),
    ]

    result = trend_labels(frame(COLUMNS, rows), cycles=["2024", "2025"])

    assert result["label"].tolist() == [label]
    assert result["threshold"].tolist() == [0.5]


def test_changes_are_the_difference_of_the_figures_shown() -> None:
    # 3.34 and 4.46 are shown as 3.3 and 4.5: the change shown is +1.2, not +1.1 or +1.3
    rows = [
        _row("2024", 3.34, sd=0.2, n=12, lens="partner"),
        _row("2025", 4.46, sd=0.2, n=12, lens="partner"),
    ]

    result = trend_labels(frame(COLUMNS, rows), cycles=["2024", "2025"])

    assert result["change"].iloc[0] == pytest.approx(1.2)
