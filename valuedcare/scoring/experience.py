"""The experts-by-experience care gap: what actually happened against what people hoped for."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import pandas as pd

from valuedcare.scoring.columns import (
    EXPERTS_BY_EXPERIENCE,
    INGREDIENT,
    ITEM_ID,
    RESPONDENTS,
    RESPONSE_ID,
    SCORE,
    SD,
    SUPPRESSED,
)
from valuedcare.scoring.frametools import blank_where, check_ingredients, sort_in_model_order
from valuedcare.scoring.trends import DECLINED, IMPROVED, LABEL, trend_labels

if TYPE_CHECKING:
    from valuedcare.disclosure import DisclosureRules

ACTUAL = "actual"
HOPED = "hoped"
GAP = "gap"
EXPERIENCE_STATISTIC_COLUMNS = (ACTUAL, HOPED, GAP, RESPONDENTS)


def experience_gaps(
    pairs: pd.DataFrame,
    *,
    by: Sequence[str] = (),
    rules: DisclosureRules,
) -> pd.DataFrame:
    """Return the mean actual and hoped-for answers and the mean shortfall per item.

    Input columns: response_id (int), item_id (str, the "what actually happened" item), actual
    (float 1-5, NaN for "not applicable" or unanswered), hoped (float 1-5, NaN when unanswered),
    plus any ``by`` keys (e.g. organisation_id, cycle). Only complete pairs count: a response that
    gave one answer of the pair but not the other is left out of every statistic for that item, so
    actual, hoped and gap always describe the same people.

    Output columns: *by, item_id, actual (mean), hoped (mean), gap (mean of max(0, hoped - actual):
    shortfalls only, so better-than-hoped care does not cancel out worse care), respondents (Int64:
    responses with a complete pair), suppressed (bool). Items answered by fewer than
    ``rules.min_respondents`` (the experts-by-experience lens is anonymous) have every statistic
    set to missing and suppressed True.
    Sorted by ``by`` then item_id.
    """
    keys = [*by, ITEM_ID]
    complete = pairs[ACTUAL].notna() & pairs[HOPED].notna()
    values = pairs[keys].assign(
        **{
            ACTUAL: pairs[ACTUAL].where(complete).astype(float),
            HOPED: pairs[HOPED].where(complete).astype(float),
            GAP: (pairs[HOPED] - pairs[ACTUAL]).clip(lower=0.0).where(complete).astype(float),
            RESPONSE_ID: pairs[RESPONSE_ID].where(complete),
        }
    )
    grouped = values.groupby(keys, dropna=False, sort=False)
    gaps = grouped[[ACTUAL, HOPED, GAP]].mean()
    gaps[RESPONDENTS] = grouped[RESPONSE_ID].nunique().astype("Int64")
    gaps = gaps.reset_index()
    lens = pd.Series(EXPERTS_BY_EXPERIENCE, index=gaps.index)
    suppressed = rules.hidden_mask(lens, gaps[RESPONDENTS])
    gaps = blank_where(gaps, suppressed, EXPERIENCE_STATISTIC_COLUMNS)
    gaps[SUPPRESSED] = suppressed.astype(bool)
    return sort_in_model_order(gaps, keys)


GAP_SD = "gap_sd"
INGREDIENT_GAP_COLUMNS = (ACTUAL, HOPED, GAP, GAP_SD, RESPONDENTS)

NARROWED = "narrowed"
WIDENED = "widened"
_GAP_LABELS = {IMPROVED: WIDENED, DECLINED: NARROWED}


def ingredient_experience_gaps(
    pairs: pd.DataFrame,
    *,
    by: Sequence[str] = (),
    rules: DisclosureRules,
) -> pd.DataFrame:
    """Return the actual, hoped-for and gap figures per ingredient, as ingredient scores are made.

    Input: the pairs frame of ``experience_gaps`` with an ``ingredient`` column (the ingredient of
    the "what actually happened" item). Each response first gets its own means over its complete
    pairs in the ingredient (its actual, hoped and shortfall); the organisation's figures are the
    means of those per-response figures, so somebody who answered more pairs does not count for
    more, just as with ingredient scores.

    Output columns: *by, ingredient, actual, hoped, gap (means of the per-response figures),
    gap_sd (sample standard deviation of the per-response gaps, NaN with fewer than 2),
    respondents (Int64: responses with at least one complete pair in the ingredient), suppressed.
    Ingredients with fewer than ``rules.min_respondents`` such responses have every figure missing.
    Sorted by ``by`` then ingredient in the model's order.
    """
    keys = [*by, INGREDIENT]
    complete = pairs[ACTUAL].notna() & pairs[HOPED].notna() & pairs[INGREDIENT].notna()
    check_ingredients(pairs.loc[complete, INGREDIENT])
    kept = pairs.loc[complete, [*keys, RESPONSE_ID]].assign(
        **{
            ACTUAL: pairs.loc[complete, ACTUAL].astype(float),
            HOPED: pairs.loc[complete, HOPED].astype(float),
            GAP: (pairs.loc[complete, HOPED] - pairs.loc[complete, ACTUAL])
            .clip(lower=0.0)
            .astype(float),
        }
    )
    per_response = kept.groupby([*keys, RESPONSE_ID], dropna=False)[[ACTUAL, HOPED, GAP]].mean()
    grouped = per_response.reset_index().groupby(keys, dropna=False, sort=False)
    gaps = grouped[[ACTUAL, HOPED, GAP]].mean()
    gaps[GAP_SD] = grouped[GAP].std(ddof=1)
    gaps[RESPONDENTS] = grouped[RESPONSE_ID].nunique().astype("Int64")
    gaps = gaps.reset_index()
    if gaps.empty:
        return pd.DataFrame(columns=[*keys, *INGREDIENT_GAP_COLUMNS, SUPPRESSED])
    lens = pd.Series(EXPERTS_BY_EXPERIENCE, index=gaps.index)
    suppressed = rules.hidden_mask(lens, gaps[RESPONDENTS])
    gaps = blank_where(gaps, suppressed, INGREDIENT_GAP_COLUMNS)
    gaps[SUPPRESSED] = suppressed.astype(bool)
    return sort_in_model_order(gaps, keys)


def gap_trends(gaps_by_cycle: pd.DataFrame, *, cycles: Sequence[str]) -> pd.DataFrame:
    """Label the change in each ingredient's gap from one cycle to the next.

    Input: the output of ``ingredient_experience_gaps`` grouped by at least ``cycle``. The rule is
    the one for every sampled figure (``trend_labels``): the change is the difference of the two
    gaps as shown, and counts only when it is at least max(0.5, 2 x its standard error). A smaller
    gap is better, so the labels are "narrowed", "widened", "no clear change" or "not comparable"
    (either cycle missing or suppressed).

    Output columns: *keys, ingredient, cycle, previous_cycle, previous_score (the earlier gap),
    score (this gap), change, threshold, label.
    """
    as_summary = gaps_by_cycle.rename(columns={GAP: SCORE, GAP_SD: SD}).drop(
        columns=[ACTUAL, HOPED]
    )
    trends = trend_labels(as_summary, cycles=cycles)
    trends[LABEL] = trends[LABEL].replace(_GAP_LABELS)
    return trends
