import pandas as pd

from tests.unit.scoring.builders import answers_frame, load_fixture
from valuedcare.scoring import target_gaps


def test_fixture_target_gaps_per_item_and_ingredient() -> None:
    fixture = load_fixture("board_2025")

    result = target_gaps(fixture["answers"])

    pd.testing.assert_frame_equal(result, fixture["target_gaps"])


def test_ingredient_row_uses_only_items_with_both_a_level_and_a_target() -> None:
    answers = answers_frame(
        [
            {"response_id": 1, "item_id": "CUL1", "score": 2.0, "target": 4.0},
            {"response_id": 1, "item_id": "CUL2", "not_known": True, "target": 5.0},
        ]
    )

    result = target_gaps(answers)

    ingredient = result[result["level"] == "ingredient"]
    assert ingredient[["current", "target", "gap"]].values.tolist() == [[2.0, 4.0, 2.0]]
    item = result[result["item_id"] == "CUL2"]
    assert item["current"].isna().all() and item["gap"].isna().all()
    assert item["target"].tolist() == [5.0]


def test_items_without_targets_and_anonymous_lenses_are_left_out() -> None:
    answers = answers_frame(
        [
            {"response_id": 1, "item_id": "CUL1", "score": 2.0},
            {"response_id": 2, "item_id": "EBE1", "score": 2.0, "target": 4.0, "lens": "partner"},
        ]
    )

    assert target_gaps(answers).empty


def test_a_level_above_target_is_no_gap() -> None:
    answers = answers_frame([{"response_id": 1, "item_id": "LEA1", "score": 5.0, "target": 3.0}])

    result = target_gaps(answers)

    assert result["gap"].tolist() == [0.0, 0.0]
