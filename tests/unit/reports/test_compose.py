"""The report's parts from small hand-made scoring frames."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from tests.disclosure_rules import RULES
from valuedcare.reports import compose
from valuedcare.scoring import summarise_scores

INGREDIENTS = [("experts_by_experience", "Experts by experience"), ("culture", "Culture")]
RS_COLUMNS = [
    "response_id",
    "organisation_id",
    "cycle",
    "lens",
    "team",
    "ingredient",
    "score",
    "items_scored",
    "items_not_known",
]
ANSWER_COLUMNS = [
    "response_id",
    "organisation_id",
    "cycle",
    "lens",
    "team",
    "item_id",
    "measures",
    "ingredient",
    "weight",
    "score",
    "not_known",
    "target",
]
TEXTS = {"ebe1": "Statement one", "ebe2": "Statement two", "cul1": "Culture one"}


def _summary() -> pd.DataFrame:
    rows = [
        # board: two members on experts_by_experience (3.0 and 3.5), one on culture (2.0)
        (1, 10, "2025", "board", None, "experts_by_experience", 3.0, 2, 0),
        (2, 10, "2025", "board", None, "experts_by_experience", 3.5, 2, 0),
        (1, 10, "2025", "board", None, "culture", 2.0, 1, 0),
        # experts by experience: 3 respondents -> suppressed
        (3, 10, "2025", "experts_by_experience", None, "experts_by_experience", 1.0, 1, 0),
        (4, 10, "2025", "experts_by_experience", None, "experts_by_experience", 1.0, 1, 0),
        (5, 10, "2025", "experts_by_experience", None, "experts_by_experience", 1.0, 1, 0),
    ]
    # partners: 5 respondents on culture, scores 1..5 -> mean 3.0
    rows += [(10 + i, 10, "2025", "partner", None, "culture", float(i), 1, 0) for i in range(1, 6)]
    return summarise_scores(pd.DataFrame(rows, columns=RS_COLUMNS), rules=RULES)


def _peers(shown: bool = True) -> pd.DataFrame:
    return pd.DataFrame(
        [
            ("culture", "board", 2.4, shown, 6),
            ("experts_by_experience", "board", math.nan, False, 3),
            ("culture", "partner", 2.8, shown, 5),
        ],
        columns=["ingredient", "lens", "median", "shown", "n_organisations"],
    )


def _answers(rows: list[tuple]) -> pd.DataFrame:
    full = [
        (r, 10, "2025", lens, None, item, "maturity", ingredient, 1.0, score, False, target)
        for r, lens, item, ingredient, score, target in rows
    ]
    return pd.DataFrame(full, columns=ANSWER_COLUMNS).astype({"score": float, "target": float})


def test_score_table_shows_numbers_suppression_and_the_board_peer_median() -> None:
    table = compose.score_table(_summary(), _peers(), INGREDIENTS)
    ebe, culture = table
    assert [c.text for c in ebe.cells] == [
        "3.3",
        "not recorded",
        "fewer than 5 responses",
        "no responses",
    ]  # board (3.0 + 3.5) / 2 = 3.25 -> 3.3
    assert ebe.cells[0].respondents == 2
    assert ebe.cells[2].score is None and ebe.cells[2].respondents is None
    assert ebe.peer_median.text == "not shown"
    assert [c.text for c in culture.cells] == ["2.0", "not recorded", "no responses", "3.0"]
    assert culture.peer_median.score == pytest.approx(2.4)


def test_radar_scores_leave_out_suppressed_and_missing_cells() -> None:
    table = compose.score_table(_summary(), _peers(), INGREDIENTS)
    scores = compose.radar_scores(table)
    assert sorted(map(tuple, scores.itertuples(index=False))) == sorted(
        [
            ("Board", "experts_by_experience", 3.25),
            ("Board", "culture", 2.0),
            ("Peer median", "culture", 2.4),
        ]
    )
    # partners have a score on one of the two ingredients: a lone dot, so the table has it
    assert [row.cells[3].text for row in table] == ["no responses", "3.0"]


def test_radar_spec_carries_no_value_of_a_suppressed_group() -> None:
    table = compose.score_table(_summary(), _peers(), INGREDIENTS)
    chart = compose.radar_chart(table, INGREDIENTS, "Test")
    text = chart.to_json()
    assert "Experts by experience" not in {s for s in compose.radar_scores(table)["series"]}
    assert '"score": 1.0' not in text  # the suppressed group's mean


def test_cards_pick_strongest_and_weakest_statements_and_the_agreed_target() -> None:
    answers = _answers(
        [
            (1, "board", "ebe1", "experts_by_experience", 4.0, 4.0),
            (2, "board", "ebe1", "experts_by_experience", 3.0, 5.0),
            (1, "board", "ebe2", "experts_by_experience", 2.0, 3.0),
            (2, "board", "ebe2", "experts_by_experience", 4.0, 4.0),
            (9, "board_agreed", "ebe1", "experts_by_experience", 3.0, 4.0),
            (9, "board_agreed", "ebe2", "experts_by_experience", 3.0, 5.0),
            (1, "board", "cul1", "culture", 2.0, 3.0),
        ]
    )
    cards = compose.ingredient_cards(
        _summary(),
        pd.DataFrame(columns=["lens", "ingredient"]),
        _peers(),
        answers,
        INGREDIENTS,
        TEXTS,
    )
    ebe, culture = cards
    # ebe1 mean (4 + 3) / 2 = 3.5; ebe2 mean (2 + 4) / 2 = 3.0
    assert (ebe.strongest.item_id, ebe.strongest.score) == ("ebe1", 3.5)
    assert (ebe.weakest.item_id, ebe.weakest.text, ebe.weakest.members) == (
        "ebe2",
        "Statement two",
        2,
    )
    # agreed position preferred: current (3 + 3) / 2 = 3.0, target (4 + 5) / 2 = 4.5, gap 1.5
    assert ebe.target_gap == compose.TargetGap("board_agreed", 3.0, 4.5, 1.5)
    # culture: one statement, so no strongest/weakest; board members' gap 3 - 2 = 1
    assert culture.strongest is None and culture.weakest is None
    assert culture.target_gap == compose.TargetGap("board", 2.0, 3.0, 1.0)
    assert [line.peer_median.text for line in culture.lines] == [
        "2.4",
        "not shown",
        "not shown",
        "2.8",
    ]


def test_perception_gaps_are_board_minus_other_with_their_basis_and_hidden_when_small() -> None:
    gaps = pd.DataFrame(
        {
            "ingredient": ["experts_by_experience", "culture"],
            "other_lens": ["experts_by_experience", "partner"],
            "board_score": [3.0, 2.0],
            "other_score": [float("nan"), 3.0],
            "gap": [float("nan"), -1.0],
            "statements": [1, 2],
            "respondents": pd.array([None, 6], dtype="Int64"),
            "suppressed": [True, False],
        }
    )

    rows = compose.perception_gap_rows(gaps, INGREDIENTS)

    by_key = {(g.ingredient, g.other_lens): g for g in rows}
    suppressed = by_key[("experts_by_experience", "experts_by_experience")]
    assert suppressed.gap is None and suppressed.gap_text == "fewer than 5 responses"
    partners = by_key[("culture", "partner")]
    assert partners.gap == pytest.approx(-1.0) and partners.gap_text == "-1.0"
    assert partners.basis.startswith("Board members' mean level on 2 statements")
    assert "partners agreed with the same ideas" in partners.basis


def test_disagreement_lists_statements_two_or_more_levels_apart() -> None:
    answers = _answers(
        [
            (1, "board", "ebe1", "experts_by_experience", 1.0, None),
            (2, "board", "ebe1", "experts_by_experience", 3.0, None),
            (1, "board", "ebe2", "experts_by_experience", 2.0, None),
            (2, "board", "ebe2", "experts_by_experience", 3.0, None),
            (9, "board_agreed", "cul1", "culture", 1.0, None),
            (8, "board_agreed", "cul1", "culture", 5.0, None),
        ]
    )
    rows = compose.disagreement_rows(answers, INGREDIENTS, TEXTS)
    assert [(r.item_id, r.members, r.lowest, r.highest, r.text) for r in rows] == [
        ("ebe1", 2, 1, 3, "Statement one"),
    ]
