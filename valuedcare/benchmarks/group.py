"""Where one organisation sits in its comparator group, per ingredient and lens."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from valuedcare.scoring.columns import INGREDIENT, LENS, MEDIAN, ORGANISATION_ID, SCORE
from valuedcare.scoring.columns import SUPPRESSED as SUPPRESSED_COLUMN
from valuedcare.scoring.frametools import blank_where, sort_in_model_order

if TYPE_CHECKING:
    from valuedcare.disclosure import DisclosureRules

N_ORGANISATIONS = "n_organisations"
Q1 = "q1"
Q3 = "q3"
ORGANISATION_SCORE = "organisation_score"
PERCENTILE_RANK = "percentile_rank"
BAND = "band"
SHOWN = "shown"
REASON = "reason"
GROUP_STATISTIC_COLUMNS = (Q1, MEDIAN, Q3)
GROUP_COLUMNS = (
    INGREDIENT,
    LENS,
    N_ORGANISATIONS,
    *GROUP_STATISTIC_COLUMNS,
    ORGANISATION_SCORE,
    PERCENTILE_RANK,
    BAND,
    SHOWN,
    REASON,
)

BELOW_LOWER_QUARTILE = "below the lower quartile"
MIDDLE_HALF = "middle 50%"
ABOVE_UPPER_QUARTILE = "above the upper quartile"

_CELL = [INGREDIENT, LENS]


def summarise_group(
    org_scores: pd.DataFrame,
    *,
    organisation_id: int,
    rules: DisclosureRules,
) -> pd.DataFrame:
    """Return the comparator-group distribution and one organisation's place in it.

    Input columns: organisation_id (int), ingredient (str), lens (str), score (float, NaN when
    suppressed or missing), suppressed (bool); one row per organisation, ingredient and lens.
    Suppressed rows and missing scores never feed the group statistics.

    Output columns, one row per ingredient and lens in the input (model order, then lens order):
    - n_organisations (int): organisations with a usable score, including this one if it has one;
    - q1, median, q3: the group distribution; quartiles use linear interpolation between closest
      ranks (the numpy and pandas default, same as ``numpy.percentile``). There is no lowest or
      highest score: each is one organisation's own score, and in a small group it would let a
      reader pick that organisation out and match it with its profile elsewhere;
    - organisation_score: this organisation's score (NaN when missing or suppressed);
    - percentile_rank: 100 x (group scores strictly below + half the group scores equal to it) /
      n_organisations, between 0 and 100 (the mid-rank convention, so ties are shared fairly);
    - band: "below the lower quartile" (score < q1), "middle 50%" (q1 <= score <= q3) or
      "above the upper quartile" (score > q3); None when there is no score or no group shown
      (band and reason are object columns holding None, not NaN, so templates can test them);
    - shown (bool): False when fewer than ``rules.min_organisations`` organisations contribute;
      then every group statistic, the percentile rank and the band are missing, and reason says why
      (reason is None when shown).
    """
    usable = org_scores[~org_scores[SUPPRESSED_COLUMN].eq(True) & org_scores[SCORE].notna()]
    cells = org_scores[_CELL].drop_duplicates()
    group = cells.merge(_group_statistics(usable), on=_CELL, how="left")
    group[N_ORGANISATIONS] = group[N_ORGANISATIONS].fillna(0).astype("int64")
    own = usable.loc[usable[ORGANISATION_ID] == organisation_id, [*_CELL, SCORE]]
    group = group.merge(own.rename(columns={SCORE: ORGANISATION_SCORE}), on=_CELL, how="left")
    group[PERCENTILE_RANK] = _percentile_ranks(usable, group)
    hidden = ~group[N_ORGANISATIONS].map(rules.shows_organisations).astype(bool)
    group = blank_where(group, hidden, (*GROUP_STATISTIC_COLUMNS, PERCENTILE_RANK))
    group[BAND] = _bands(group)
    group[SHOWN] = ~hidden
    reason = f"fewer than {rules.min_organisations} organisations in this comparator group"
    group[REASON] = pd.Series(
        [reason if h else None for h in hidden], index=group.index, dtype=object
    )
    return sort_in_model_order(group[list(GROUP_COLUMNS)], _CELL)


def _group_statistics(usable: pd.DataFrame) -> pd.DataFrame:
    scores = usable.groupby(_CELL, sort=False)[SCORE]
    statistics = scores.agg(**{N_ORGANISATIONS: "count", MEDIAN: "median"})
    statistics[Q1] = scores.quantile(0.25)
    statistics[Q3] = scores.quantile(0.75)
    return statistics.reset_index()


def _percentile_ranks(usable: pd.DataFrame, group: pd.DataFrame) -> pd.Series:
    """Mid-rank percentile of the organisation's score within its cell (NaN without a score)."""
    compared = usable[[*_CELL, SCORE]].merge(group[[*_CELL, ORGANISATION_SCORE]], on=_CELL)
    points = (compared[SCORE] < compared[ORGANISATION_SCORE]).astype(float) + 0.5 * (
        compared[SCORE] == compared[ORGANISATION_SCORE]
    ).astype(float)
    totals = compared[_CELL].assign(points=points).groupby(_CELL, sort=False)["points"].sum()
    ranked = group[_CELL].merge(totals.reset_index(), on=_CELL, how="left")["points"]
    counts = group[N_ORGANISATIONS].astype(float)
    rank = 100.0 * ranked.to_numpy() / counts.where(counts > 0).to_numpy()
    return pd.Series(rank, index=group.index).where(group[ORGANISATION_SCORE].notna())


def _bands(group: pd.DataFrame) -> pd.Series:
    score = group[ORGANISATION_SCORE]
    band = np.select(
        [score < group[Q1], score > group[Q3], (score >= group[Q1]) & (score <= group[Q3])],
        [BELOW_LOWER_QUARTILE, ABOVE_UPPER_QUARTILE, MIDDLE_HALF],
        default="",
    )
    return pd.Series(band, index=group.index, dtype=object).replace("", None)
