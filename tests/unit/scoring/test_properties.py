"""Properties that must hold for any answers, checked on generated frames."""

import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.disclosure_rules import RULES, rules_for
from tests.unit.scoring.strategies import answers_frames, shuffled
from valuedcare.scoring import (
    board_disagreement,
    experience_gaps,
    ingredient_experience_gaps,
    score_responses,
    summarise_scores,
    target_gaps,
)
from valuedcare.scoring.columns import ANONYMOUS_LENSES, SUMMARY_STATISTIC_COLUMNS

FAST = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
BY_TEAM = ("organisation_id", "cycle", "lens", "team")


@FAST
@given(answers_frames())
def test_scores_stay_on_the_one_to_five_scale(answers: pd.DataFrame) -> None:
    scores = score_responses(answers)
    summary = summarise_scores(scores, rules=rules_for(1))

    assert scores["score"].dropna().between(1, 5).all()
    for column in ("score", "median", "min", "max"):
        assert summary[column].dropna().between(1, 5).all()
    assert summary["not_known_share"].dropna().between(0, 1).all()


@FAST
@given(answers_frames(), st.data())
def test_row_order_does_not_change_any_result(answers: pd.DataFrame, data: st.DataObject) -> None:
    order = data.draw(st.permutations(range(len(answers))))
    other = shuffled(answers, order)

    pd.testing.assert_frame_equal(score_responses(other), score_responses(answers))
    pd.testing.assert_frame_equal(
        summarise_scores(score_responses(other), by=BY_TEAM, rules=RULES),
        summarise_scores(score_responses(answers), by=BY_TEAM, rules=RULES),
    )
    pd.testing.assert_frame_equal(target_gaps(other), target_gaps(answers))
    pd.testing.assert_frame_equal(board_disagreement(other), board_disagreement(answers))


@FAST
@given(answers_frames(max_responses=24), st.integers(1, 6))
def test_no_suppressed_row_ever_exposes_a_number(answers: pd.DataFrame, threshold: int) -> None:
    scores = score_responses(answers)
    for by in (("organisation_id", "cycle", "lens"), BY_TEAM):
        summary = summarise_scores(scores, by=by, rules=rules_for(threshold))

        hidden = summary[summary["suppressed"]]
        assert hidden[list(SUMMARY_STATISTIC_COLUMNS)].isna().all(axis=None)
        assert hidden["lens"].isin(ANONYMOUS_LENSES).all()
        shown = summary[~summary["suppressed"] & summary["lens"].isin(ANONYMOUS_LENSES)]
        assert (shown["respondents"] >= threshold).all()


@FAST
@given(answers_frames())
def test_inputs_are_never_changed(answers: pd.DataFrame) -> None:
    before = answers.copy()
    scores = score_responses(answers)
    scores_before = scores.copy()

    summarise_scores(scores, by=BY_TEAM, rules=RULES)
    target_gaps(answers)
    board_disagreement(answers)

    pd.testing.assert_frame_equal(answers, before)
    pd.testing.assert_frame_equal(scores, scores_before)


_LEVEL = st.one_of(st.integers(1, 5).map(float), st.just(float("nan")))


@FAST
@given(st.lists(st.tuples(st.sampled_from(["B1", "B2"]), _LEVEL, _LEVEL), max_size=30))
def test_experience_gaps_hide_small_items_and_never_go_negative(rows: list[tuple]) -> None:
    pairs = pd.DataFrame(rows, columns=["item_id", "actual", "hoped"]).assign(
        response_id=range(len(rows))
    )

    gaps = experience_gaps(pairs, rules=RULES)

    hidden = gaps[gaps["suppressed"]]
    assert hidden[["actual", "hoped", "gap", "respondents"]].isna().all(axis=None)
    shown = gaps[~gaps["suppressed"]]
    assert (shown["respondents"] >= 5).all()
    # the mean shortfall is never smaller than the shortfall of the means
    assert (shown["gap"] >= (shown["hoped"] - shown["actual"]).clip(lower=0) - 1e-9).all()


@FAST
@given(
    st.lists(
        st.tuples(
            st.integers(0, 12),
            st.sampled_from(["culture", "patient_safety"]),
            _LEVEL,
            _LEVEL,
        ),
        max_size=40,
    )
)
def test_ingredient_gaps_never_show_a_figure_from_fewer_than_five_people(rows: list[tuple]) -> None:
    pairs = pd.DataFrame(rows, columns=["response_id", "ingredient", "actual", "hoped"]).assign(
        item_id="B"
    )

    gaps = ingredient_experience_gaps(pairs, rules=RULES)

    complete = pairs.dropna(subset=["actual", "hoped"])
    people = complete.groupby("ingredient")["response_id"].nunique()
    for row in gaps.itertuples():
        shown = not row.suppressed
        assert shown == (people.get(row.ingredient, 0) >= 5)
        if not shown:
            assert pd.isna(row.gap) and pd.isna(row.actual) and pd.isna(row.hoped)
        else:
            assert 0.0 <= row.gap <= 4.0
