"""Score each response: one weighted ingredient score per response."""

import numpy as np
import pandas as pd

from valuedcare.scoring.columns import (
    INGREDIENT,
    ITEMS_NOT_KNOWN,
    ITEMS_SCORED,
    NOT_KNOWN,
    RESPONSE_ID,
    RESPONSE_KEY_COLUMNS,
    RESPONSE_SCORES_COLUMNS,
    SCORE,
    WEIGHT,
)
from valuedcare.scoring.frametools import check_ingredients, sort_in_model_order

_WEIGHT_SUM = "_weight_sum"
_WEIGHTED_SUM = "_weighted_sum"


def score_responses(answers: pd.DataFrame) -> pd.DataFrame:
    """Return one score per response and ingredient (the RESPONSE_SCORES frame).

    Input: the ANSWERS frame (see ``valuedcare.scoring.columns``). An answer is *scored* when its
    score is present, it is not "don't know" and its weight is above zero. The ingredient score is
    the mean of the scored answers weighted by ``weight``.

    Output columns: response_id, organisation_id, cycle, lens, team, ingredient, score (float),
    items_scored (int), items_not_known (int); sorted by response_id, then ingredient in model
    order.

    A response and ingredient whose answers were all "don't know" still gets a row, with score NaN
    and items_scored 0, so that the share of "don't know" answers can be reported; summaries count
    only rows with a score as respondents. Answers that are neither scored nor "don't know"
    (unanswered items) and answers without an ingredient are ignored, so a response and ingredient
    with nothing else gets no row.

    Raises ``ScoringError`` for an ingredient id outside ``INGREDIENT_ORDER``.
    """
    check_ingredients(answers[INGREDIENT])
    mapped = answers[answers[INGREDIENT].notna()]
    totals = _ingredient_totals(mapped)
    keys = mapped.drop_duplicates(RESPONSE_ID)[list(RESPONSE_KEY_COLUMNS)]
    scores = totals.merge(keys, on=RESPONSE_ID, how="left", validate="many_to_one")
    has_score = scores[ITEMS_SCORED] > 0
    weight_sum = scores[_WEIGHT_SUM].where(has_score, np.nan)
    scores[SCORE] = (scores[_WEIGHTED_SUM] / weight_sum).astype(float)
    result = scores[list(RESPONSE_SCORES_COLUMNS)]
    return sort_in_model_order(result, [RESPONSE_ID, INGREDIENT])


def _ingredient_totals(answers: pd.DataFrame) -> pd.DataFrame:
    """Per response and ingredient: weight and weighted-score sums and the two answer counts."""
    not_known = answers[NOT_KNOWN].eq(True)
    scored = answers[SCORE].notna() & ~not_known & answers[WEIGHT].gt(0)
    parts = pd.DataFrame(
        {
            RESPONSE_ID: answers[RESPONSE_ID],
            INGREDIENT: answers[INGREDIENT],
            _WEIGHT_SUM: answers[WEIGHT].where(scored, 0.0).astype(float),
            _WEIGHTED_SUM: (answers[SCORE] * answers[WEIGHT]).where(scored, 0.0).astype(float),
            ITEMS_SCORED: scored.astype("int64"),
            ITEMS_NOT_KNOWN: not_known.astype("int64"),
        }
    )
    totals = parts.groupby([RESPONSE_ID, INGREDIENT], as_index=False, sort=False).sum()
    counted = (totals[ITEMS_SCORED] + totals[ITEMS_NOT_KNOWN]) > 0
    return totals[counted].reset_index(drop=True)
