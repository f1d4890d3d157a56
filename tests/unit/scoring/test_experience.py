import numpy as np
import pandas as pd

from tests.disclosure_rules import RULES
from valuedcare.scoring import experience_gaps


def _pairs(
    item_id: str, actual: list[float], hoped: list[float], first_id: int = 1
) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "response_id": range(first_id, first_id + len(actual)),
            "item_id": item_id,
            "actual": actual,
            "hoped": hoped,
        }
    )


def test_gap_counts_shortfalls_only_and_suppresses_small_items() -> None:
    pairs = pd.concat(
        [
            # shortfalls 4, 3, 1, 0, 0 (4 and 5 were better than or as hoped): mean 8/5
            _pairs("B1", [1, 2, 3, 4, 5], [5, 5, 4, 3, 5]),
            # a "not applicable" answer leaves four complete pairs: suppressed
            _pairs("B2", [1, 2, 3, 4, np.nan], [5, 5, 5, 5, 5], first_id=1),
        ],
        ignore_index=True,
    )

    result = experience_gaps(pairs, rules=RULES)

    expected = pd.DataFrame(
        {
            "item_id": ["B1", "B2"],
            "actual": [3.0, np.nan],  # (1+2+3+4+5) / 5
            "hoped": [4.4, np.nan],  # (5+5+4+3+5) / 5
            "gap": [1.6, np.nan],
            "respondents": pd.array([5, None], dtype="Int64"),
            "suppressed": [False, True],
        }
    )
    pd.testing.assert_frame_equal(result, expected)


def test_groups_by_extra_keys() -> None:
    pairs = pd.concat(
        [
            _pairs("B1", [2.0] * 5, [4.0] * 5).assign(organisation_id=2),
            _pairs("B1", [3.0] * 5, [3.0] * 5, first_id=6).assign(organisation_id=1),
        ],
        ignore_index=True,
    )

    result = experience_gaps(pairs, by=["organisation_id"], rules=RULES)

    assert result[["organisation_id", "gap"]].values.tolist() == [[1, 0.0], [2, 2.0]]
