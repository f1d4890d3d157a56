"""Primary suppression: no statistic of an anonymous lens from fewer than the threshold."""

from __future__ import annotations

import pandas as pd

from valuedcare.disclosure.rules import DisclosureRules
from valuedcare.scoring.columns import LENS, RESPONDENTS, SUMMARY_STATISTIC_COLUMNS, SUPPRESSED
from valuedcare.scoring.frametools import blank_where


def suppress_summary(summary: pd.DataFrame, rules: DisclosureRules) -> pd.DataFrame:
    """Return a SUMMARY frame with every statistic blanked (respondents and the don't-know share
    included) where an anonymous lens has fewer than ``rules.min_respondents`` respondents, and
    ``suppressed`` set True there (rows suppressed before stay suppressed)."""
    hidden = rules.hidden_mask(summary[LENS], summary[RESPONDENTS])
    earlier = summary.get(SUPPRESSED, pd.Series(False, index=summary.index)).astype(bool)
    hidden = hidden | earlier
    present = [column for column in SUMMARY_STATISTIC_COLUMNS if column in summary.columns]
    suppressed = blank_where(summary, hidden, present)
    suppressed[SUPPRESSED] = hidden
    return suppressed
