"""Year-on-year change per ingredient, labelled only when it is larger than chance variation."""

from collections.abc import Sequence
from itertools import pairwise

import numpy as np
import pandas as pd

from valuedcare.scoring.columns import (
    BOARD,
    BOARD_AGREED,
    CYCLE,
    LENS,
    RESPONDENTS,
    SCORE,
    SD,
    SUPPRESSED,
)
from valuedcare.scoring.errors import ScoringError
from valuedcare.scoring.frametools import as_shown, sort_in_model_order, summary_keys

PREVIOUS_CYCLE = "previous_cycle"
PREVIOUS_SCORE = "previous_score"
CHANGE = "change"
THRESHOLD = "threshold"
LABEL = "label"
TREND_COLUMNS = (PREVIOUS_CYCLE, PREVIOUS_SCORE, SCORE, CHANGE, THRESHOLD, LABEL)

IMPROVED = "improved"
NO_CLEAR_CHANGE = "no clear change"
DECLINED = "declined"
NOT_COMPARABLE = "not comparable"

#: Lenses that are a census, not a sample: every board member answers (and the agreed position
#: is one answer). A change in them is real, however few people, so no standard error applies.
CENSUS_LENSES = (BOARD, BOARD_AGREED)

_TOLERANCE = 1e-9  # so that, e.g., 3.3 - 2.8 counts as a change of 0.5 despite float rounding
_PREVIOUS = "_previous"
_CYCLE_RANK = "_cycle_rank"


def trend_labels(
    summary_by_cycle: pd.DataFrame,
    *,
    cycles: Sequence[str],
    min_change: float = 0.5,
    se_multiplier: float = 2.0,
) -> pd.DataFrame:
    """Label the change in each ingredient score from one cycle to the next.

    Input: a SUMMARY frame whose ``by`` keys include cycle (e.g. organisation_id, cycle, lens, and
    optionally team). ``cycles`` gives the cycles in time order; rows for other cycles are ignored.

    Rule: change = score - previous score, both rounded half up to one decimal place first, so the
    change is exactly the difference of the two figures shown. For a census lens (the board and
    its agreed position: ``CENSUS_LENSES``, the whole board rather than a sample of it) the change
    counts when |change| >= ``min_change``. For a sampled lens (experts by experience, partners)
    it counts only when |change| >= threshold, where threshold = max(min_change,
    se_multiplier * SE) and SE = sqrt(sd1²/n1 + sd2²/n2), the standard error of the difference
    between the two means (n = respondents); when either cycle has fewer than 2 respondents or
    no sd the threshold is simply ``min_change``. Frames without a lens column are treated as
    samples. Then the label is "improved" (change >= threshold), "declined"
    (change <= -threshold) or "no clear change". A cell missing, suppressed or without a score in
    either cycle is labelled "not comparable", with change and threshold missing.

    Output columns: the summary's keys except cycle, ingredient, cycle, previous_cycle,
    previous_score, score, change, threshold, label. One row per key group and ingredient for each
    cycle after the first in ``cycles`` where either cycle has a row. Sorted by the keys, ingredient
    in model order, then cycle in ``cycles`` order.
    """
    if len(set(cycles)) != len(cycles):
        raise ScoringError("Each cycle may appear only once in 'cycles'")
    keys = summary_keys(summary_by_cycle, without=(CYCLE,))
    steps = [
        _pair_cycles(summary_by_cycle, keys, previous, current).assign(**{_CYCLE_RANK: rank})
        for rank, (previous, current) in enumerate(pairwise(cycles))
    ]
    if not steps:
        return pd.DataFrame(columns=[*keys, CYCLE, *TREND_COLUMNS])
    trends = _label(pd.concat(steps, ignore_index=True), min_change, se_multiplier)
    ordered = sort_in_model_order(trends, [*keys, _CYCLE_RANK])
    return ordered[[*keys, CYCLE, *TREND_COLUMNS]]


def _pair_cycles(
    summary: pd.DataFrame, keys: list[str], previous: str, current: str
) -> pd.DataFrame:
    """Line up each cell's row in ``previous`` with its row in ``current`` (outer join)."""
    values = [SCORE, SD, RESPONDENTS, SUPPRESSED]
    before = summary.loc[summary[CYCLE] == previous, [*keys, *values]]
    after = summary.loc[summary[CYCLE] == current, [*keys, *values]]
    paired = before.merge(after, on=keys, how="outer", suffixes=(_PREVIOUS, ""), indicator=True)
    return paired.assign(
        **{CYCLE: current, PREVIOUS_CYCLE: previous, "_both": paired.pop("_merge").eq("both")}
    )


def _label(paired: pd.DataFrame, min_change: float, se_multiplier: float) -> pd.DataFrame:
    previous_score = paired[SCORE + _PREVIOUS].astype(float)
    score = paired[SCORE].astype(float)
    comparable = (
        paired["_both"]
        & ~paired[SUPPRESSED + _PREVIOUS].eq(True)
        & ~paired[SUPPRESSED].eq(True)
        & previous_score.notna()
        & score.notna()
    )
    change = (as_shown(score) - as_shown(previous_score)).where(comparable)
    sampled = np.fmax(min_change, se_multiplier * _standard_error(paired))
    census = (
        paired[LENS].isin(CENSUS_LENSES)
        if LENS in paired.columns
        else pd.Series(False, index=paired.index)
    )
    threshold = pd.Series(np.where(census, min_change, sampled), index=paired.index).where(
        comparable
    )
    label = np.select(
        [~comparable, change >= threshold - _TOLERANCE, change <= -threshold + _TOLERANCE],
        [NOT_COMPARABLE, IMPROVED, DECLINED],
        default=NO_CLEAR_CHANGE,
    )
    return paired.assign(
        **{PREVIOUS_SCORE: previous_score, SCORE: score, CHANGE: change, THRESHOLD: threshold},
        **{LABEL: pd.Series(label, index=paired.index, dtype="str")},
    )


def _standard_error(paired: pd.DataFrame) -> pd.Series:
    """SE of the difference of two means; NaN unless both cycles have n >= 2 and an sd."""
    n1 = paired[RESPONDENTS + _PREVIOUS].astype(float)
    n2 = paired[RESPONDENTS].astype(float)
    sd1 = paired[SD + _PREVIOUS].astype(float)
    sd2 = paired[SD].astype(float)
    usable = (n1 >= 2) & (n2 >= 2) & sd1.notna() & sd2.notna()
    return np.sqrt(sd1**2 / n1 + sd2**2 / n2).where(usable)
