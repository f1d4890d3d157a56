import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.disclosure_rules import RULES, rules_for
from valuedcare.benchmarks import summarise_group

NAN = np.nan
REASON = "fewer than 5 organisations in this comparator group"


def _org_scores(cells: dict[tuple[str, str], dict[int, float | None]]) -> pd.DataFrame:
    """One row per organisation and cell; None marks a suppressed result."""
    rows = [
        {
            "organisation_id": organisation_id,
            "ingredient": ingredient,
            "lens": lens,
            "score": NAN if score is None else score,
            "suppressed": score is None,
        }
        for (ingredient, lens), scores in cells.items()
        for organisation_id, score in scores.items()
    ]
    return pd.DataFrame(rows)


def test_group_distribution_and_position_worked_by_hand() -> None:
    org_scores = _org_scores(
        {
            # org 6 suppressed and org 7 missing: neither feeds the group -> 2, 3, 3, 4, 5
            ("culture", "board_agreed"): {1: 2.0, 2: 3.0, 3: 3.0, 4: 4.0, 5: 5.0, 6: None, 7: NAN},
            # the viewer (3) is lowest: 1.5, 2, 3, 4, 5
            ("leadership", "board_agreed"): {1: 2.0, 2: 3.0, 3: 1.5, 4: 4.0, 5: 5.0},
            # the viewer's own result is suppressed: 1, 2, 3, 4, 5 from the others
            ("local_area", "partner"): {1: 1.0, 2: 2.0, 3: None, 4: 3.0, 5: 4.0, 6: 5.0},
            # only three organisations: no group shown
            ("innovation", "board_agreed"): {1: 2.0, 2: 3.0, 3: 4.0},
        }
    )

    result = summarise_group(org_scores, organisation_id=3, rules=RULES)

    expected = pd.DataFrame(
        {
            "ingredient": ["local_area", "culture", "leadership", "innovation"],
            "lens": ["partner", "board_agreed", "board_agreed", "board_agreed"],
            "n_organisations": [5, 5, 5, 3],
            # linear quartiles of 5 sorted values sit exactly on the 2nd, 3rd and 4th values
            "q1": [2.0, 3.0, 2.0, NAN],
            "median": [3.0, 3.0, 3.0, NAN],
            "q3": [4.0, 4.0, 4.0, NAN],
            "organisation_score": [NAN, 3.0, 1.5, 4.0],
            # culture: (1 below + half of 2 ties) / 5 = 40%; leadership: (0 + half of itself) / 5
            "percentile_rank": [NAN, 40.0, 10.0, NAN],
            "band": pd.Series([None, "middle 50%", "below the lower quartile", None], dtype=object),
            "shown": [True, True, True, False],
            "reason": pd.Series([None, None, None, REASON], dtype=object),
        }
    )
    pd.testing.assert_frame_equal(result, expected)


def test_quartiles_interpolate_between_ranks() -> None:
    # 1..6: q1 at rank 1.25 -> 2.25, median 3.5, q3 at rank 3.75 -> 4.75
    org_scores = _org_scores({("culture", "board"): {i: float(i) for i in range(1, 7)}})

    result = summarise_group(org_scores, organisation_id=6, rules=RULES)

    row = result.iloc[0]
    assert (row["q1"], row["median"], row["q3"]) == (2.25, 3.5, 4.75)
    assert row["band"] == "above the upper quartile"
    assert row["percentile_rank"] == pytest.approx(100 * 5.5 / 6)


@pytest.mark.parametrize(("score", "band"), [(2.0, "middle 50%"), (4.0, "middle 50%")])
def test_quartile_boundaries_belong_to_the_middle(score: float, band: str) -> None:
    others = {1: 1.0, 2: 2.0, 3: 3.0, 4: 4.0, 5: 5.0}
    viewer = next(i for i, value in others.items() if value == score)
    org_scores = _org_scores({("culture", "board"): others})

    assert summarise_group(org_scores, organisation_id=viewer, rules=RULES)["band"].tolist() == [
        band
    ]


def test_minimum_group_size_can_be_changed() -> None:
    org_scores = _org_scores({("culture", "board"): {1: 2.0, 2: 3.0, 3: 4.0}})

    result = summarise_group(org_scores, organisation_id=1, rules=rules_for(min_organisations=3))

    assert result[["shown", "median", "band"]].values.tolist() == [
        [True, 3.0, "below the lower quartile"]
    ]
    assert result["reason"].tolist() == [None]


_SCORE = st.floats(1, 5, allow_nan=False).map(lambda x: round(x, 1))


@settings(max_examples=20, deadline=None)
@given(
    st.lists(st.tuples(_SCORE, st.booleans()), min_size=1, max_size=12),
    st.integers(0, 11),
    st.floats(1, 5),
)
def test_group_statistics_match_numpy_and_ignore_suppressed_values(
    results: list[tuple[float, bool]], viewer_index: int, replacement: float
) -> None:
    org_scores = pd.DataFrame(
        {
            "organisation_id": range(1, len(results) + 1),
            "ingredient": "culture",
            "lens": "partner",
            "score": [score for score, _ in results],
            "suppressed": [suppressed for _, suppressed in results],
        }
    )
    viewer = viewer_index % len(results) + 1

    result = summarise_group(
        org_scores, organisation_id=viewer, rules=rules_for(min_organisations=1)
    )
    # what a suppressed cell held must make no difference at all
    blurred = org_scores.assign(
        score=org_scores["score"].mask(org_scores["suppressed"], replacement)
    )
    pd.testing.assert_frame_equal(
        summarise_group(blurred, organisation_id=viewer, rules=rules_for(min_organisations=1)),
        result,
    )

    group = [score for score, suppressed in results if not suppressed]
    row = result.iloc[0]
    assert row["n_organisations"] == len(group)
    if group:
        q1, median, q3 = np.percentile(group, [25, 50, 75])
        assert (row["q1"], row["median"], row["q3"]) == pytest.approx((q1, median, q3))
    if not np.isnan(row["percentile_rank"]):
        assert 0 <= row["percentile_rank"] <= 100


def test_no_single_organisations_lowest_or_highest_score_is_published() -> None:
    """The lowest and highest scores are one organisation's own: never part of the summary."""
    org_scores = _org_scores({("culture", "board"): {1: 1.1, 2: 2.0, 3: 3.0, 4: 4.0, 5: 4.9}})

    result = summarise_group(org_scores, organisation_id=3, rules=RULES)

    assert not {"min", "max"} & set(result.columns)
    assert not {1.1, 4.9} & set(result[["q1", "median", "q3"]].iloc[0])
