"""Protect item-level summaries of anonymous answers (see ``valuedcare.scoring.items``).

Primary suppression: a row of an anonymous lens is hidden when its group has fewer than
``min_respondents`` responses, or fewer than that answered the item; a mean is hidden when fewer
than that gave a score (or a number).

Secondary suppression: the groups of one grouping (teams, or the answers to one "about you"
question, with "(not given)" as a group of its own) add up to the "all" group. When some of them
are hidden, the hidden ones together must hold ``min_respondents`` or more, or else "all" minus the
shown ones would give them away; the shown group with the fewest respondents is hidden too until
that holds. This is done for whole groups (people in each group) and again for each question
(people who answered it), and for the counts behind each mean.

Hidden rows of a sub-group are dropped (so even the existence of a small group is not shown);
hidden rows of the "all" group stay, with ``suppressed`` True and nothing else.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from valuedcare.disclosure.rules import DisclosureRules
from valuedcare.scoring.items import ALL, GROUP_KEYS

_PARENT_KEYS = [key for key in GROUP_KEYS if key != "group_value"] + ["item_id"]
_MEANS = (("scored", "mean_score"), ("numbered", "mean_number"))


def protect_item_summaries(items: pd.DataFrame, rules: DisclosureRules) -> pd.DataFrame:
    """Return ITEM_SUMMARY rows with small figures hidden (module docstring) and a ``suppressed``
    column; option counts and means of hidden rows are emptied."""
    frame = items.reset_index(drop=True).copy()
    anonymous = frame["lens"].isin(list(rules.anonymous_lenses))
    minimum = rules.min_respondents
    hidden = anonymous & (_hidden_groups(frame, rules) | (frame["respondents"] < minimum))
    hidden = _with_complements(frame, hidden, "respondents", minimum, anonymous)
    frame["suppressed"] = hidden
    for count, mean in _MEANS:
        mean_hidden = hidden | (anonymous & (frame[count] < minimum))
        mean_hidden = _with_complements(frame, mean_hidden, count, minimum, anonymous)
        frame[mean] = frame[mean].astype(float).where(~mean_hidden, np.nan)
    frame["option_counts"] = [
        {} if is_hidden else counts
        for is_hidden, counts in zip(hidden, frame["option_counts"], strict=True)
    ]
    for column in ("group_respondents", "respondents", "scored", "numbered", "not_known"):
        frame[column] = frame[column].astype("Int64").where(~hidden, pd.NA)
    keep = ~hidden | (frame["group"] == ALL)
    return frame[keep].reset_index(drop=True)


def _hidden_groups(frame: pd.DataFrame, rules: DisclosureRules) -> pd.Series:
    """Per row: whether its whole group is hidden, being small or needed to protect a small one
    (the groups of one grouping add up to "all", whatever the question)."""
    keys = list(GROUP_KEYS)
    groups = frame[[*keys, "group_respondents"]].drop_duplicates(keys).reset_index(drop=True)
    groups["item_id"] = ""
    anonymous = groups["lens"].isin(list(rules.anonymous_lenses))
    small = anonymous & (groups["group_respondents"] < rules.min_respondents)
    small = _with_complements(groups, small, "group_respondents", rules.min_respondents, anonymous)
    hidden = groups.loc[small, keys].assign(_group_hidden=True)
    marked = frame[keys].merge(hidden, on=keys, how="left")["_group_hidden"]
    return pd.Series(marked.fillna(False).astype(bool).to_numpy(), index=frame.index)


def _with_complements(
    frame: pd.DataFrame,
    hidden: pd.Series,
    count: str,
    minimum: int,
    anonymous: pd.Series,
) -> pd.Series:
    """``hidden`` plus the shown sub-groups that must be hidden so no hidden one can be derived."""
    hidden = hidden.copy()
    is_all = frame["group"] == ALL
    parents = frame.loc[is_all & ~hidden, [*_PARENT_KEYS, count]]
    parents = parents.drop(columns="group").rename(columns={count: "_parent"})
    children = frame.loc[~is_all & anonymous].copy()
    if children.empty or parents.empty:
        return hidden
    children["_hidden"] = hidden[children.index]
    children = children.reset_index(names="_row")
    keys = [key for key in _PARENT_KEYS if key != "group"]
    children = children.merge(parents, on=keys, how="inner")
    for _, members in children.groupby([*keys, "group"], sort=False):
        shown = members[~members["_hidden"]]
        # a group can also be missing altogether (its members answered nothing here)
        concealed = int(members["_parent"].iloc[0]) - int(shown[count].sum())
        if 0 < concealed < minimum and not shown.empty:
            smallest = shown.sort_values([count, "group_value"], kind="mergesort").iloc[0]
            hidden[int(smallest["_row"])] = True
    return hidden
