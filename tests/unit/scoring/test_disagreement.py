import pandas as pd

from tests.unit.scoring.builders import answers_frame, load_fixture
from valuedcare.scoring import board_disagreement


def test_fixture_board_disagreement_per_statement() -> None:
    fixture = load_fixture("board_2025")

    result = board_disagreement(fixture["answers"])

    pd.testing.assert_frame_equal(result, fixture["board_disagreement"])


def test_threshold_decides_what_counts_as_disagreement() -> None:
    answers = answers_frame(
        [
            {"response_id": 1, "item_id": "CUL1", "score": 2.0},
            {"response_id": 2, "item_id": "CUL1", "score": 4.0},
        ]
    )

    assert board_disagreement(answers)["disagree"].tolist() == [True]
    assert board_disagreement(answers, threshold=3)["disagree"].tolist() == [False]


def test_only_individual_board_members_are_compared() -> None:
    answers = answers_frame(
        [
            {"response_id": 1, "item_id": "CUL1", "score": 3.0},
            {"response_id": 2, "item_id": "CUL1", "score": 1.0, "lens": "board_agreed"},
            {"response_id": 3, "item_id": "CUL1", "score": 5.0, "lens": "partner"},
            {"response_id": 4, "item_id": "CUL1", "not_known": True},
            {"response_id": 5, "item_id": "CUL2"},  # unanswered: no row
        ]
    )

    result = board_disagreement(answers)

    assert result[["item_id", "members", "range", "disagree"]].values.tolist() == [
        ["CUL1", 1, 0.0, False]
    ]
