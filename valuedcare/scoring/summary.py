"""Summarise per-response scores by organisation, cycle, lens (and optionally team)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from valuedcare.scoring.columns import (
    CYCLE,
    INGREDIENT,
    ITEMS_NOT_KNOWN,
    ITEMS_SCORED,
    LENS,
    MAX,
    MEDIAN,
    MIN,
    NOT_KNOWN_SHARE,
    ORGANISATION_ID,
    RESPONDENTS,
    SCORE,
    SD,
    SUMMARY_STATISTIC_COLUMNS,
    SUMMARY_VALUE_COLUMNS,
    SUPPRESSED,
)
from valuedcare.scoring.errors import ScoringError
from valuedcare.scoring.frametools import blank_where, sort_in_model_order

if TYPE_CHECKING:
    from valuedcare.disclosure import DisclosureRules

_STATISTICS = {SCORE: "mean", MEDIAN: "median", SD: "std", MIN: "min", MAX: "max"}


def summarise_scores(
    response_scores: pd.DataFrame,
    by: Sequence[str] = (ORGANISATION_ID, CYCLE, LENS),
    *,
    rules: DisclosureRules,
) -> pd.DataFrame:
    """Return the SUMMARY frame: statistics of per-response scores per ``by`` group and ingredient.

    Input: the RESPONSE_SCORES frame from ``score_responses``. ``by`` must include ``lens`` (scores
    from different lenses are not comparable and suppression depends on the lens) and may include
    ``team``; responses without a team form their own group (team missing).

    Output columns: *by, ingredient, score (mean of the per-response scores), median, sd (sample
    standard deviation, NaN when fewer than 2 scores), min, max, respondents (Int64: responses
    with a score; "don't know"-only responses are not counted), not_known_share ("don't know"
    answers divided by scored plus "don't know" answers), suppressed (bool).

    Small-number suppression (``rules``, from ``valuedcare.disclosure``): when the lens is anonymous
    and respondents is below ``rules.min_respondents``, every statistic above (respondents and
    not_known_share included) is set to missing and suppressed is True, so no number from a small
    group ever leaves this function.

    Rows are sorted by ``by`` (lenses in ``LENSES`` order) and then ingredient in model order.
    """
    keys = [*by, INGREDIENT]
    if LENS not in by:
        raise ScoringError("Scores can only be summarised by lens: add 'lens' to 'by'")
    grouped = response_scores.groupby(keys, dropna=False, sort=False)
    statistics = grouped[SCORE].agg(**_STATISTICS)
    statistics[RESPONDENTS] = grouped[SCORE].count().astype("Int64")
    counts = grouped[[ITEMS_SCORED, ITEMS_NOT_KNOWN]].sum()
    answered = counts[ITEMS_SCORED] + counts[ITEMS_NOT_KNOWN]
    statistics[NOT_KNOWN_SHARE] = counts[ITEMS_NOT_KNOWN] / answered.where(answered > 0, np.nan)
    summary = statistics.reset_index()
    suppressed = rules.hidden_mask(summary[LENS], summary[RESPONDENTS])
    summary = blank_where(summary, suppressed, SUMMARY_STATISTIC_COLUMNS)
    summary[SUPPRESSED] = suppressed.astype(bool)
    return sort_in_model_order(summary[[*keys, *SUMMARY_VALUE_COLUMNS]], keys)
