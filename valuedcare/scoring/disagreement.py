"""Spread of board members' individual scores per statement: wide disagreement is a finding."""

from collections.abc import Sequence

import pandas as pd

from valuedcare.scoring.columns import (
    BOARD,
    CYCLE,
    INGREDIENT,
    ITEM_ID,
    LENS,
    MAX,
    MIN,
    NOT_KNOWN,
    ORGANISATION_ID,
    SCORE,
    SD,
)
from valuedcare.scoring.frametools import check_ingredients, sort_in_model_order

MEMBERS = "members"
RANGE = "range"
DISAGREE = "disagree"
DISAGREEMENT_COLUMNS = (MEMBERS, MIN, MAX, RANGE, SD, DISAGREE)
#: Levels between the lowest and highest board member that make a statement one the board
#: disagrees on: the report's list and the moderation meeting's "discuss first" both use it.
SPREAD_FOR_DISCUSSION = 2


def board_disagreement(
    answers: pd.DataFrame,
    *,
    threshold: float = SPREAD_FOR_DISCUSSION,
    by: Sequence[str] = (ORGANISATION_ID, CYCLE),
) -> pd.DataFrame:
    """Return the spread of individual board members' levels for each statement.

    Input: the ANSWERS frame; only the ``board`` lens (individual members) is used, and only scored
    answers ("don't know" and unanswered items are left out).

    Output columns: *by, ingredient, item_id, members (int: members who scored the statement),
    min, max, range (max - min), sd (sample standard deviation, NaN for one member), disagree
    (bool: range is at least ``threshold`` levels). Statements nobody scored get no row.
    Sorted by ``by``, ingredient in model order, then item_id.
    """
    check_ingredients(answers[INGREDIENT])
    board = answers[answers[LENS].eq(BOARD) & answers[SCORE].notna() & ~answers[NOT_KNOWN].eq(True)]
    keys = [*by, INGREDIENT, ITEM_ID]
    scores = board[SCORE].astype(float)
    grouped = scores.groupby([board[key] for key in keys], dropna=False, sort=False)
    spread = grouped.agg(**{MEMBERS: "count", MIN: "min", MAX: "max", SD: "std"}).reset_index()
    spread[RANGE] = spread[MAX] - spread[MIN]
    spread[DISAGREE] = (spread[RANGE] >= threshold).astype(bool)
    return sort_in_model_order(spread[[*keys, *DISAGREEMENT_COLUMNS]], keys)
