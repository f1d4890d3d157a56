"""The experts-by-experience care gap: what actually happened against what people hoped for."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import pandas as pd

from valuedcare.scoring.columns import (
    EXPERTS_BY_EXPERIENCE,
    ITEM_ID,
    RESPONDENTS,
    RESPONSE_ID,
    SUPPRESSED,
)
from valuedcare.scoring.frametools import blank_where, sort_in_model_order

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
