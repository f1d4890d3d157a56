import numpy as np
import pandas as pd
import pytest

from tests.unit.scoring.builders import answers_frame, frame, load_fixture
from valuedcare.scoring import ScoringError, score_responses
from valuedcare.scoring.columns import RESPONSE_SCORES_COLUMNS


def test_fixture_board_responses_are_scored_as_worked_out_by_hand() -> None:
    fixture = load_fixture("board_2025")

    result = score_responses(fixture["answers"])

    pd.testing.assert_frame_equal(result, fixture["response_scores"])


def test_weights_pull_the_score_towards_heavier_items() -> None:
    answers = answers_frame(
        [
            {"response_id": 1, "item_id": "EBE1", "score": 1.0, "weight": 3.0},
            {"response_id": 1, "item_id": "EBE2", "score": 5.0, "weight": 1.0},
        ]
    )

    result = score_responses(answers)

    assert result["score"].tolist() == [2.0]  # (3*1 + 1*5) / 4


def test_dont_know_is_never_scored_even_when_a_score_was_stored() -> None:
    answers = answers_frame(
        [
            {"response_id": 1, "item_id": "CUL1", "score": 4.0},
            {"response_id": 1, "item_id": "CUL2", "score": 1.0, "not_known": True},
        ]
    )

    result = score_responses(answers)

    assert result[["score", "items_scored", "items_not_known"]].values.tolist() == [[4.0, 1, 1]]


def test_only_unanswered_items_give_no_row_but_dont_know_only_does() -> None:
    answers = answers_frame(
        [
            {"response_id": 1, "item_id": "CUL1"},  # unanswered
            {"response_id": 1, "item_id": "LEA1", "not_known": True},
        ]
    )

    result = score_responses(answers)

    assert result["ingredient"].tolist() == ["leadership"]
    assert np.isnan(result["score"].iloc[0])
    assert result[["items_scored", "items_not_known"]].values.tolist() == [[0, 1]]


def test_items_without_an_ingredient_or_weight_do_not_count() -> None:
    answers = answers_frame(
        [
            {"response_id": 1, "item_id": "EBE1", "score": 2.0},
            {"response_id": 1, "item_id": "EBE2", "score": 5.0, "weight": 0.0},
            {"response_id": 1, "item_id": "C1", "score": 5.0},  # no ingredient
        ]
    )

    result = score_responses(answers)

    assert result[["ingredient", "score", "items_scored"]].values.tolist() == [
        ["experts_by_experience", 2.0, 1]
    ]


def test_rows_follow_response_then_model_order() -> None:
    answers = answers_frame(
        [
            {"response_id": 2, "item_id": "SAF1", "score": 1.0},
            {"response_id": 1, "item_id": "LEA1", "score": 2.0},
            {"response_id": 1, "item_id": "EBE1", "score": 3.0},
            {"response_id": 1, "item_id": "CUL1", "score": 4.0},
        ]
    )

    result = score_responses(answers)

    assert list(zip(result["response_id"], result["ingredient"], strict=True)) == [
        (1, "experts_by_experience"),
        (1, "culture"),
        (1, "leadership"),
        (2, "patient_safety"),
    ]


def test_response_keys_are_carried_through() -> None:
    answers = answers_frame(
        [
            {
                "response_id": 7,
                "item_id": "A2",
                "ingredient": "experts_by_experience",
                "organisation_id": 3,
                "cycle": "2026",
                "lens": "experts_by_experience",
                "team": "north",
                "score": 4.0,
            }
        ]
    )

    expected = frame(
        RESPONSE_SCORES_COLUMNS,
        [[7, 3, "2026", "experts_by_experience", "north", "experts_by_experience", 4.0, 1, 0]],
    )
    pd.testing.assert_frame_equal(score_responses(answers), expected)


def test_an_unknown_ingredient_is_an_error() -> None:
    answers = answers_frame([{"response_id": 1, "item_id": "X1", "ingredient": "wellbeing"}])

    with pytest.raises(ScoringError, match="wellbeing"):
        score_responses(answers)


def test_no_answers_give_an_empty_frame_with_the_contract_columns() -> None:
    result = score_responses(load_fixture("board_2025")["answers"].iloc[0:0])

    assert result.empty
    assert list(result.columns) == list(RESPONSE_SCORES_COLUMNS)


def test_the_answers_frame_is_left_unchanged() -> None:
    answers = load_fixture("board_2025")["answers"]
    before = answers.copy()

    score_responses(answers)

    pd.testing.assert_frame_equal(answers, before)
