import numpy as np
import pandas as pd

from tests.unit.scoring.builders import frame
from valuedcare.scoring import perception_gaps

SUMMARY_COLUMNS = [
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


def _summary_row(lens: str, ingredient: str, score: float, suppressed: bool = False) -> list:
    if suppressed:
        return [10, "2025", lens, ingredient, NAN, NAN, NAN, NAN, NAN, None, NAN, True]
    return [10, "2025", lens, ingredient, score, score, NAN, score, score, 5, 0.0, False]


def test_board_is_set_beside_each_other_lens() -> None:
    summary = frame(
        SUMMARY_COLUMNS,
        [
            _summary_row("board", "experts_by_experience", 3.5),
            _summary_row("board_agreed", "experts_by_experience", 3.0),
            _summary_row("experts_by_experience", "experts_by_experience", 2.25),
            _summary_row("board", "local_area", 4.0),
            _summary_row("partner", "local_area", 0.0, suppressed=True),
        ],
    )

    result = perception_gaps(summary)

    expected = pd.DataFrame(
        {
            "organisation_id": [10, 10, 10],
            "cycle": ["2025"] * 3,
            "ingredient": ["experts_by_experience"] * 2 + ["local_area"],
            "other_lens": ["board_agreed", "experts_by_experience", "partner"],
            "board_score": [3.5, 3.5, 4.0],
            "other_score": [3.0, 2.25, NAN],
            "gap": [0.5, 1.2, NAN],  # 3.5 - 3.0, and 3.5 - 2.3 as shown (2.25 shows as 2.3)
            "suppressed": [False, False, True],
        }
    )
    # The suppressed partner score never becomes a number, and the lenses that do not assess an
    # ingredient (the partner lens on experts_by_experience, say) get no row.
    pd.testing.assert_frame_equal(result, expected)


def test_missing_board_score_gives_no_gap() -> None:
    summary = frame(SUMMARY_COLUMNS, [_summary_row("partner", "local_area", 3.0)])

    result = perception_gaps(summary)

    assert result[["other_lens", "other_score"]].values.tolist() == [["partner", 3.0]]
    assert result["board_score"].isna().all() and result["gap"].isna().all()
