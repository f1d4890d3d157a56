import numpy as np
import pandas as pd
import pytest

from tests.disclosure_rules import RULES, rules_for
from tests.unit.scoring.builders import frame, load_fixture
from valuedcare.scoring import ScoringError, score_responses, summarise_scores
from valuedcare.scoring.columns import RESPONSE_SCORES_COLUMNS, SUMMARY_STATISTIC_COLUMNS

BY_TEAM = ("organisation_id", "cycle", "lens", "team")


def _response_scores(
    lens: str, scores: list[float], teams: list[str | None] | None = None
) -> pd.DataFrame:
    teams = teams or [None] * len(scores)
    rows = [
        [
            i,
            10,
            "2025",
            lens,
            team,
            "culture",
            score,
            0 if np.isnan(score) else 1,
            int(np.isnan(score)),
        ]
        for i, (score, team) in enumerate(zip(scores, teams, strict=True), start=1)
    ]
    return frame(RESPONSE_SCORES_COLUMNS, rows)


def test_fixture_board_summary_matches_hand_calculation() -> None:
    fixture = load_fixture("board_2025")

    result = summarise_scores(score_responses(fixture["answers"]), rules=RULES)

    pd.testing.assert_frame_equal(result, fixture["summary"])


def test_fixture_anonymous_lenses_are_suppressed_by_respondents_not_responses() -> None:
    fixture = load_fixture("anonymous_lenses_2025")

    result = summarise_scores(score_responses(fixture["answers"]), rules=RULES)

    pd.testing.assert_frame_equal(result, fixture["summary"])


def test_fixture_team_breakdown_suppresses_every_small_team() -> None:
    fixture = load_fixture("anonymous_lenses_2025")

    result = summarise_scores(score_responses(fixture["answers"]), by=BY_TEAM, rules=RULES)

    pd.testing.assert_frame_equal(result, fixture["summary_by_team"])


@pytest.mark.parametrize("lens", ["experts_by_experience", "partner"])
def test_four_anonymous_respondents_are_suppressed_and_five_are_shown(lens: str) -> None:
    four = summarise_scores(_response_scores(lens, [1.0, 2.0, 3.0, 4.0]), rules=RULES)
    five = summarise_scores(_response_scores(lens, [1.0, 2.0, 3.0, 4.0, 5.0]), rules=RULES)

    assert four["suppressed"].tolist() == [True]
    assert four[list(SUMMARY_STATISTIC_COLUMNS)].isna().all(axis=None)
    assert five["suppressed"].tolist() == [False]
    assert five[["score", "respondents"]].values.tolist() == [[3.0, 5]]


def test_board_lenses_are_never_suppressed() -> None:
    result = summarise_scores(_response_scores("board_agreed", [4.0]), rules=RULES)

    assert result[["score", "respondents", "suppressed"]].values.tolist() == [[4.0, 1, False]]


def test_threshold_and_suppressed_lenses_can_be_changed() -> None:
    scores = _response_scores("board", [2.0, 4.0])

    result = summarise_scores(scores, rules=rules_for(3, anonymous_lenses=("board",)))

    assert result["suppressed"].tolist() == [True]
    assert np.isnan(result["score"].iloc[0])


def test_a_single_score_has_no_standard_deviation() -> None:
    result = summarise_scores(_response_scores("board", [3.0]), rules=RULES)

    assert np.isnan(result["sd"].iloc[0])


def test_summarising_without_lens_is_refused() -> None:
    with pytest.raises(ScoringError, match="lens"):
        summarise_scores(
            _response_scores("board", [3.0]), by=("organisation_id", "cycle"), rules=RULES
        )


def test_teams_sort_by_name_with_no_team_last() -> None:
    scores = _response_scores("board", [1.0, 2.0, 3.0], teams=["south", None, "north"])

    result = summarise_scores(scores, by=BY_TEAM, rules=RULES)

    assert result["team"].tolist()[:2] == ["north", "south"]
    assert pd.isna(result["team"].iloc[2])
    assert result["score"].tolist() == [3.0, 1.0, 2.0]


def test_ingredients_come_out_in_model_order() -> None:
    rows = [
        [1, 10, "2025", "board", None, ingredient, 3.0, 1, 0]
        for ingredient in ["innovation", "experts_by_experience", "culture", "local_area"]
    ]

    result = summarise_scores(frame(RESPONSE_SCORES_COLUMNS, rows), rules=RULES)

    assert result["ingredient"].tolist() == [
        "experts_by_experience",
        "local_area",
        "culture",
        "innovation",
    ]
