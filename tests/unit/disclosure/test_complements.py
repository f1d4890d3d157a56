import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.disclosure_rules import RULES
from valuedcare.disclosure import suppress_complements
from valuedcare.scoring import summarise_scores
from valuedcare.scoring.columns import RESPONSE_SCORES_COLUMNS, SUMMARY_STATISTIC_COLUMNS

PARENT = ("organisation_id", "cycle", "lens")
CHILD = (*PARENT, "team")


def _scores(lens: str, team_sizes: dict[str | None, int]) -> pd.DataFrame:
    """Response scores with the given number of respondents per team (scores 1, 2, 3, ...)."""
    teams = [team for team, size in team_sizes.items() for _ in range(size)]
    return pd.DataFrame(
        [
            [i, 10, "2025", lens, team, "local_area", float(i % 5 + 1), 1, 0]
            for i, team in enumerate(teams, start=1)
        ],
        columns=list(RESPONSE_SCORES_COLUMNS),
    )


def _protect(scores: pd.DataFrame) -> pd.DataFrame:
    return suppress_complements(
        summarise_scores(scores, by=PARENT, rules=RULES),
        summarise_scores(scores, by=CHILD, rules=RULES),
        rules=RULES,
    )


def test_one_small_team_takes_the_next_smallest_team_with_it() -> None:
    # parent 3 + 7 + 6 + 8 = 24; without protection 24 - (7 + 6 + 8) = 3 would give team a away
    result = _protect(_scores("partner", {"a": 3, "b": 7, "c": 6, "d": 8}))

    assert result["team"].tolist() == ["a", "b", "c", "d"]
    assert result["suppressed"].tolist() == [True, False, True, False]
    assert result["complement_suppressed"].tolist() == [False, False, True, False]
    assert result.loc[2, list(SUMMARY_STATISTIC_COLUMNS)].isna().all()
    assert result.loc[[1, 3], "respondents"].tolist() == [7, 8]


def test_ties_go_to_the_first_team_by_name_and_no_team_comes_last() -> None:
    result = _protect(_scores("experts_by_experience", {None: 6, "b": 6, "a": 2}))

    suppressed = result.loc[result["suppressed"], "team"].tolist()
    assert suppressed == ["a", "b"]


def test_suppressed_teams_that_together_hold_enough_need_no_partner() -> None:
    # hidden: 24 - 16 = 8 respondents between a and b: their mean cannot be tied to one team
    result = _protect(_scores("partner", {"a": 4, "b": 4, "c": 16}))

    assert result["suppressed"].tolist() == [True, True, False]
    assert not result["complement_suppressed"].any()


def test_suppressed_teams_that_together_hold_too_few_take_another() -> None:
    # hidden: 2 + 2 = 4 < 5, so the smallest shown team (c, 5) is suppressed as well
    result = _protect(_scores("partner", {"a": 2, "b": 2, "c": 5, "d": 9}))

    assert result["suppressed"].tolist() == [True, True, True, False]
    assert result["complement_suppressed"].tolist() == [False, False, True, False]


def test_nothing_changes_when_the_parent_is_itself_suppressed_or_no_child_is() -> None:
    small = _scores("partner", {"a": 2, "b": 2})  # 4 in all: the parent is suppressed
    board = _scores("board", {"a": 1, "b": 6})  # board results are never suppressed

    for scores in (small, board):
        children = summarise_scores(scores, by=CHILD, rules=RULES)
        result = suppress_complements(
            summarise_scores(scores, by=PARENT, rules=RULES), children, rules=RULES
        )
        pd.testing.assert_frame_equal(result.drop(columns="complement_suppressed"), children)
        assert not result["complement_suppressed"].any()


_TEAM_SIZES = st.dictionaries(
    st.sampled_from([None, "a", "b", "c", "d", "e"]), st.integers(1, 12), min_size=1
)


@settings(max_examples=30, deadline=None)
@given(_TEAM_SIZES, st.sets(st.integers(1, 80), max_size=6))
def test_suppressed_teams_can_never_be_recovered_by_subtraction(
    team_sizes: dict[str | None, int], dont_know_only: set[int]
) -> None:
    scores = _scores("experts_by_experience", team_sizes)
    # some responses answered "don't know" throughout: rows without a score
    dont_know = scores["response_id"].isin(dont_know_only)
    scores = scores.assign(
        score=scores["score"].mask(dont_know),
        items_scored=scores["items_scored"].mask(dont_know, 0),
        items_not_known=scores["items_not_known"].mask(dont_know, 1),
    )
    parent = summarise_scores(scores, by=PARENT, rules=RULES)

    children = suppress_complements(
        parent, summarise_scores(scores, by=CHILD, rules=RULES), rules=RULES
    )

    if children["suppressed"].any() and not parent["suppressed"].iloc[0]:
        hidden = parent["respondents"].iloc[0] - children["respondents"].sum()  # NA rows skipped
        assert hidden >= 5
    assert (
        children.loc[children["suppressed"], list(SUMMARY_STATISTIC_COLUMNS)].isna().all(axis=None)
    )
