"""Perception gaps: how far the board's view is from each other lens on the same ingredient."""

import pandas as pd

from valuedcare.scoring.columns import (
    BOARD,
    INGREDIENT,
    LENS,
    SCORE,
    SUPPRESSED,
)
from valuedcare.scoring.frametools import as_shown, sort_in_model_order, summary_keys

OTHER_LENS = "other_lens"
BOARD_SCORE = "board_score"
OTHER_SCORE = "other_score"
GAP = "gap"


def perception_gaps(summary: pd.DataFrame) -> pd.DataFrame:
    """Return the board's score beside every other lens's score, per group and ingredient.

    Input: a SUMMARY frame from ``summarise_scores`` (any ``by`` keys that include lens).

    Output columns: the summary's ``by`` keys except lens, ingredient, other_lens, board_score,
    other_score, gap (board_score - other_score), suppressed (bool: either side was suppressed).
    There is one row for each summary row of another lens (a lens that does not assess an
    ingredient has nothing to compare); board_score is NaN when the board has no row for it. gap is
    NaN when either side is missing or suppressed (suppressed scores are already missing in the
    summary). A positive gap means the board rates the ingredient higher.
    Sorted by the keys, ingredient in model order, then other_lens in ``LENSES`` order.
    """
    keys = summary_keys(summary, without=(LENS, INGREDIENT))
    cell = [*keys, INGREDIENT]
    is_board = summary[LENS] == BOARD
    board = summary.loc[is_board, [*cell, SCORE, SUPPRESSED]]
    board = board.rename(columns={SCORE: BOARD_SCORE, SUPPRESSED: "_board_suppressed"})
    others = summary.loc[~is_board, [*cell, LENS, SCORE, SUPPRESSED]]
    gaps = others.merge(board, on=cell, how="left", validate="many_to_one")
    gaps = gaps.rename(columns={SCORE: OTHER_SCORE})
    gaps[GAP] = as_shown(gaps[BOARD_SCORE]) - as_shown(gaps[OTHER_SCORE])  # as the reader sees
    gaps[SUPPRESSED] = gaps[SUPPRESSED].eq(True) | gaps["_board_suppressed"].eq(True)
    ordered = sort_in_model_order(gaps, [*cell, LENS]).rename(columns={LENS: OTHER_LENS})
    return ordered[[*cell, OTHER_LENS, BOARD_SCORE, OTHER_SCORE, GAP, SUPPRESSED]]
