"""Secondary suppression: stop a suppressed cell being recovered by subtraction from its total."""

import pandas as pd

from valuedcare.disclosure.rules import DisclosureRules
from valuedcare.scoring.columns import (
    COMPLEMENT_SUPPRESSED,
    RESPONDENTS,
    SUMMARY_STATISTIC_COLUMNS,
    SUPPRESSED,
    TEAM,
)
from valuedcare.scoring.frametools import blank_where, summary_keys

_ROW = "_row"
_HIDDEN = "_hidden_respondents"


def suppress_complements(
    summary_parent: pd.DataFrame,
    summary_children: pd.DataFrame,
    *,
    rules: DisclosureRules,
    child_key: str = TEAM,
) -> pd.DataFrame:
    """Return ``summary_children`` with extra cells suppressed so no suppressed cell can be derived.

    Inputs: two SUMMARY frames from ``summarise_scores``. The parent is summarised by some keys
    (e.g. organisation_id, cycle, lens) and the children by the same keys plus ``child_key`` (e.g.
    team). A child belongs to the parent row with the same keys and ingredient.

    Risk: when a parent is published, its respondents and mean, minus those of the children still
    shown, give the combined count and mean of the suppressed children. So within every shown
    parent that has a suppressed child, the suppressed children together must have at least
    ``rules.min_respondents`` respondents (parent respondents minus the shown children's). If
    not, the shown child with the fewest respondents (ties: lowest ``child_key``, missing last) is
    suppressed too. Suppressing a shown child always restores the rule, because a shown child of an
    anonymous lens has at least ``min_respondents`` respondents. In particular, when exactly one
    child is suppressed, the next-smallest child is always suppressed with it. Parents missing from
    ``summary_parent`` are taken as unpublished, and parents that are themselves suppressed need no
    protection.

    Output: the children frame in its input order, with the chosen rows' statistics set to missing
    and suppressed True, plus a bool column complement_suppressed marking the rows suppressed here
    (they may hold 5 or more responses, so they need a different explanation for readers).
    """
    parent_keys = summary_keys(summary_parent)
    children = summary_children.reset_index(drop=True)
    at_risk = _parents_at_risk(summary_parent, children, parent_keys, rules.min_respondents)
    shown = children[~children[SUPPRESSED]].rename_axis(_ROW).reset_index()
    candidates = shown.merge(at_risk, on=parent_keys, how="inner")
    candidates = candidates.sort_values(
        [RESPONDENTS, child_key], kind="mergesort", na_position="last"
    )
    chosen = candidates.drop_duplicates(subset=parent_keys, keep="first")[_ROW]
    mask = pd.Series(children.index.isin(chosen.to_numpy()), index=children.index)
    protected = blank_where(children, mask, SUMMARY_STATISTIC_COLUMNS)
    protected[SUPPRESSED] = children[SUPPRESSED] | mask
    earlier = children.get(COMPLEMENT_SUPPRESSED, pd.Series(False, index=children.index))
    protected[COMPLEMENT_SUPPRESSED] = earlier.astype(bool) | mask
    return protected


def _parents_at_risk(
    summary_parent: pd.DataFrame,
    children: pd.DataFrame,
    parent_keys: list[str],
    min_respondents: int,
) -> pd.DataFrame:
    """Keys of shown parents whose suppressed children hold too few respondents between them."""
    by_parent = children.groupby(parent_keys, dropna=False, sort=False)
    counts = pd.DataFrame(
        {
            "_suppressed_children": by_parent[SUPPRESSED].sum(),
            "_shown_respondents": by_parent[RESPONDENTS].sum(),  # suppressed rows hold NA: skipped
        }
    ).reset_index()
    parents = summary_parent.loc[~summary_parent[SUPPRESSED], [*parent_keys, RESPONDENTS]]
    joined = parents.merge(counts, on=parent_keys, how="inner")
    hidden = joined[RESPONDENTS].astype(float) - joined["_shown_respondents"].astype(float)
    risky = joined["_suppressed_children"].gt(0) & hidden.lt(min_respondents)
    return joined.loc[risky, parent_keys]
