import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.disclosure_rules import RULES
from valuedcare.scoring import mirrored_perception_gaps


def _board(rows: list[tuple[int, str, str, float]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["response_id", "measures", "ingredient", "score"])


def _others(rows: list[tuple[int, str, str, str, float]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["response_id", "lens", "board_key", "ingredient", "score"])


FAST = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])

BOARD = _board(
    [
        # member 1: cul1 4, cul2 2 (mean 3); member 2: cul1 5, cul2 3 (mean 4); cul3 is not
        # mirrored, so its level never counts
        (1, "cul1", "culture", 4.0),
        (1, "cul2", "culture", 2.0),
        (1, "cul3", "culture", 1.0),
        (2, "cul1", "culture", 5.0),
        (2, "cul2", "culture", 3.0),
        (2, "cul3", "culture", 1.0),
    ]
)


def test_the_gap_compares_only_the_statements_a_lens_mirrors() -> None:
    # five partners agree with the mirrored ideas 2 (cul1) and 3 (cul2), so 2.5 each
    others = _others(
        [
            (10 + n, "partner", key, "culture", score)
            for n in range(5)
            for key, score in (("cul1", 2.0), ("cul2", 3.0))
        ]
    )

    gaps = mirrored_perception_gaps(BOARD, others, rules=RULES)

    row = gaps.iloc[0]
    assert (row["ingredient"], row["other_lens"], row["statements"]) == ("culture", "partner", 2)
    assert row["board_score"] == pytest.approx(3.5)  # members' means 3 and 4
    assert row["other_score"] == pytest.approx(2.5)
    assert row["gap"] == pytest.approx(1.0)
    assert row["respondents"] == 5 and not row["suppressed"]


def test_a_small_group_shows_no_figure_but_the_basis_stays() -> None:
    others = _others([(10 + n, "experts_by_experience", "cul1", "culture", 5.0) for n in range(4)])

    row = mirrored_perception_gaps(BOARD, others, rules=RULES).iloc[0]

    assert row["suppressed"]
    assert pd.isna(row["other_score"]) and pd.isna(row["gap"]) and pd.isna(row["respondents"])
    assert row["statements"] == 1


def test_not_sure_answers_are_never_scored() -> None:
    others = _others(
        [(10 + n, "partner", "cul1", "culture", 4.0) for n in range(5)]
        + [(20, "partner", "cul1", "culture", float("nan"))]
    )

    row = mirrored_perception_gaps(BOARD, others, rules=RULES).iloc[0]

    assert row["respondents"] == 5 and row["other_score"] == pytest.approx(4.0)


def test_no_mirrored_answers_give_no_gaps() -> None:
    assert mirrored_perception_gaps(BOARD, _others([]), rules=RULES).empty


@FAST
@given(
    st.lists(
        st.tuples(
            st.integers(0, 9),
            st.sampled_from(["partner", "experts_by_experience"]),
            st.sampled_from([1.0, 2.0, 3.0, 4.0, 5.0, float("nan")]),
        ),
        max_size=30,
    )
)
def test_a_suppressed_lens_never_produces_a_figure(rows: list[tuple]) -> None:
    others = _others([(r, lens, "cul1", "culture", score) for r, lens, score in rows])

    gaps = mirrored_perception_gaps(BOARD, others, rules=RULES)

    for row in gaps.itertuples():
        people = others[(others["lens"] == row.other_lens) & others["score"].notna()][
            "response_id"
        ].nunique()
        assert row.suppressed == (people < 5)
        if row.suppressed:
            assert pd.isna(row.gap) and pd.isna(row.other_score)
