"""Perception gaps: the board's view beside another lens's view of the same ideas.

A perception gap is worked out only between *mirrored* statements: an item of the experts by
experience or partner questionnaire that ``mirrors`` a board statement asks the same idea in the
respondent's words, on an agreement scale (the questionnaire validator refuses a mirror on a
frequency item). Comparing an ingredient's maturity level with how often something happened to
people would compare unlike things, so no gap is worked out from ingredient scores.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from valuedcare.scoring.columns import (
    INGREDIENT,
    LENS,
    RESPONDENTS,
    RESPONSE_ID,
    SCORE,
    SUPPRESSED,
)
from valuedcare.scoring.frametools import as_shown, blank_where, sort_in_model_order

if TYPE_CHECKING:
    from valuedcare.disclosure import DisclosureRules

OTHER_LENS = "other_lens"
BOARD_SCORE = "board_score"
OTHER_SCORE = "other_score"
GAP = "gap"
STATEMENTS = "statements"
BOARD_KEY = "board_key"
PERCEPTION_COLUMNS = (
    INGREDIENT,
    OTHER_LENS,
    BOARD_SCORE,
    OTHER_SCORE,
    GAP,
    STATEMENTS,
    RESPONDENTS,
    SUPPRESSED,
)


def _lens_means(answers: pd.DataFrame) -> pd.DataFrame:
    """Per ingredient: the mean over respondents of each respondent's mean score, and how many
    respondents have one. Input: response_id, ingredient, score (NaN ignored)."""
    scored = answers.dropna(subset=[SCORE])
    per_response = scored.groupby([INGREDIENT, RESPONSE_ID])[SCORE].mean().reset_index()
    grouped = per_response.groupby(INGREDIENT)
    return pd.DataFrame(
        {SCORE: grouped[SCORE].mean(), RESPONDENTS: grouped[RESPONSE_ID].nunique()}
    ).reset_index()


def mirrored_perception_gaps(
    board: pd.DataFrame, others: pd.DataFrame, *, rules: DisclosureRules
) -> pd.DataFrame:
    """The board members' view beside each other lens's view of the statements it mirrors.

    ``board``: board members' answers; columns response_id, measures (the statement's key),
    ingredient, score (1-5 level, NaN for "don't know"). ``others``: answers of other lenses to
    mirroring items; columns response_id, lens, board_key (the board statement mirrored),
    ingredient, score (1-5, NaN for "not sure").

    Per other lens and ingredient, the basis is the set of board statements that lens's items
    mirror. Board score: the mean over members of each member's mean level on those statements;
    other score: the mean over respondents of each respondent's mean score on the mirroring items;
    gap = board score - other score, both as shown (one decimal), positive when the board rates
    itself higher. statements: how many board statements the comparison rests on. Suppressed (and
    other score, gap and respondents missing) when the other lens has fewer than the minimum
    number of respondents. Sorted by ingredient in the model's order, then lens.
    """
    if others.empty:
        return pd.DataFrame(columns=list(PERCEPTION_COLUMNS))
    rows = []
    for (lens, ingredient), group in others.groupby([LENS, INGREDIENT], sort=False):
        keys = set(group[BOARD_KEY])
        theirs = _lens_means(group.assign(**{INGREDIENT: ingredient}))
        ours = _lens_means(board[board["measures"].isin(keys)].assign(**{INGREDIENT: ingredient}))
        other_score = theirs[SCORE].iloc[0] if not theirs.empty else float("nan")
        respondents = int(theirs[RESPONDENTS].iloc[0]) if not theirs.empty else 0
        board_score = ours[SCORE].iloc[0] if not ours.empty else float("nan")
        rows.append((ingredient, lens, board_score, other_score, len(keys), respondents))
    gaps = pd.DataFrame(
        rows, columns=[INGREDIENT, OTHER_LENS, BOARD_SCORE, OTHER_SCORE, STATEMENTS, RESPONDENTS]
    )
    gaps[RESPONDENTS] = gaps[RESPONDENTS].astype("Int64")
    gaps[GAP] = as_shown(gaps[BOARD_SCORE]) - as_shown(gaps[OTHER_SCORE])
    hidden = rules.hidden_mask(gaps[OTHER_LENS], gaps[RESPONDENTS])
    gaps = blank_where(gaps, hidden, (OTHER_SCORE, GAP, RESPONDENTS))
    gaps[SUPPRESSED] = hidden.astype(bool)
    ordered = sort_in_model_order(gaps.rename(columns={OTHER_LENS: LENS}), [INGREDIENT, LENS])
    return ordered.rename(columns={LENS: OTHER_LENS})[list(PERCEPTION_COLUMNS)]
