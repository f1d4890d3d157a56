import numpy as np
import pandas as pd
import pytest

from tests.disclosure_rules import RULES
from valuedcare.scoring import experience_gaps, gap_trends, ingredient_experience_gaps


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


def test_ingredient_gap_averages_each_person_first() -> None:
    # Person 1 answered two pairs in the ingredient (shortfalls 4 and 0), everyone else one
    # (shortfall 1). Per person: 2, 1, 1, 1, 1, so the gap is 6/5, not the pair mean 4/6.
    pairs = pd.DataFrame(
        {
            "response_id": [1, 1, 2, 3, 4, 5],
            "item_id": ["B2", "B3", "B2", "B2", "B2", "B2"],
            "ingredient": "experts_by_experience",
            "actual": [1.0, 5.0, 3.0, 3.0, 3.0, 3.0],
            "hoped": [5.0, 5.0, 4.0, 4.0, 4.0, 4.0],
        }
    )

    result = ingredient_experience_gaps(pairs, rules=RULES)

    row = result.iloc[0]
    assert row["gap"] == pytest.approx(1.2)
    assert row["actual"] == pytest.approx((3.0 + 3 * 4) / 5)
    assert row["hoped"] == pytest.approx(5.0 / 5 + 4 * 4.0 / 5)
    assert row["respondents"] == 5
    assert not row["suppressed"]


def test_ingredient_gap_hides_ingredients_with_too_few_people_and_keeps_model_order() -> None:
    pairs = pd.concat(
        [
            _pairs("B8", [2.0] * 5, [5.0] * 5).assign(ingredient="patient_safety"),
            _pairs("B1", [2.0] * 4, [5.0] * 4).assign(ingredient="business_and_resources"),
            _pairs("B2", [4.0] * 5, [4.0] * 5).assign(ingredient="experts_by_experience"),
        ],
        ignore_index=True,
    )

    result = ingredient_experience_gaps(pairs, rules=RULES)

    assert result["ingredient"].tolist() == [
        "experts_by_experience",
        "business_and_resources",
        "patient_safety",
    ]
    assert result["suppressed"].tolist() == [False, True, False]
    hidden = result.iloc[1]
    assert pd.isna(hidden["gap"]) and pd.isna(hidden["actual"]) and pd.isna(hidden["respondents"])
    assert result["gap"].iloc[[0, 2]].tolist() == [0.0, 3.0]


def test_gap_trend_calls_a_smaller_gap_narrowed() -> None:
    before = _pairs("B2", [1.0] * 6, [5.0] * 6).assign(cycle="2024/25")
    after = _pairs("B2", [4.0] * 6, [5.0] * 6, first_id=10).assign(cycle="2025/26")
    pairs = pd.concat([before, after], ignore_index=True).assign(ingredient="culture")
    gaps = ingredient_experience_gaps(pairs, by=["cycle"], rules=RULES)

    trends = gap_trends(gaps, cycles=["2024/25", "2025/26"])

    row = trends.iloc[0]
    assert (row["previous_score"], row["score"], row["change"]) == (4.0, 1.0, -3.0)
    assert row["label"] == "narrowed"
    widened = gap_trends(gaps, cycles=["2025/26", "2024/25"]).iloc[0]
    assert widened["label"] == "widened"


def test_gap_trend_is_not_comparable_when_a_cycle_is_suppressed() -> None:
    before = _pairs("B2", [1.0] * 4, [5.0] * 4).assign(cycle="2024/25")
    after = _pairs("B2", [4.0] * 6, [5.0] * 6, first_id=10).assign(cycle="2025/26")
    pairs = pd.concat([before, after], ignore_index=True).assign(ingredient="culture")
    gaps = ingredient_experience_gaps(pairs, by=["cycle"], rules=RULES)

    trends = gap_trends(gaps, cycles=["2024/25", "2025/26"])

    assert trends["label"].tolist() == ["not comparable"]
    assert trends["change"].isna().all()
