"""Item-level aggregates of anonymous answers: counts, means and the distribution by option (pure).

The row-level answers of anonymous lenses never leave the server; what leaves is one summary per
item and group of respondents, which ``valuedcare.disclosure.items`` then protects. Inputs:

ITEM_ANSWERS (one row per stored answer of a released anonymous response)
    response_id, organisation_id, cycle, lens, questionnaire, item_id
    choices     list     option values the answer chose (empty for text and numbers)
    number      float    the number as given for scale and number items, NaN otherwise
    score       float    the 1-5 score of a scored answer, NaN otherwise
    not_known   bool     "don't know" or "not applicable"

MEMBERSHIP (one row per response and grouping it falls in)
    response_id, organisation_id, cycle, lens, questionnaire
    group        str     "all", "team", or the id of an item that describes the respondent
    group_value  str     "all", the team, the option chosen, or ``NOT_GIVEN``
Within one grouping every response has exactly one value, so the groups of a grouping partition
the "all" group: that is what lets secondary suppression reason by subtraction.

Output ITEM_SUMMARY (one row per group and item)
    *GROUP_KEYS, item_id
    group_respondents  int   responses in the group
    respondents        int   responses in the group that answered the item ("don't know" counts)
    scored             int   answers with a score;    mean_score   float  their mean
    numbered           int   answers with a number;   mean_number  float  their mean
    not_known          int   "don't know" answers
    option_counts      dict  option value -> responses that chose it
"""

from __future__ import annotations

from typing import Final

import pandas as pd

ALL: Final = "all"
TEAM: Final = "team"
NOT_GIVEN: Final = "(not given)"
GROUP_KEYS: Final = (
    "organisation_id",
    "cycle",
    "lens",
    "questionnaire",
    "group",
    "group_value",
)
RESPONSE_KEYS: Final = ("organisation_id", "cycle", "lens", "questionnaire")
ITEM_SUMMARY_COLUMNS: Final = (
    *GROUP_KEYS,
    "item_id",
    "group_respondents",
    "respondents",
    "scored",
    "mean_score",
    "numbered",
    "mean_number",
    "not_known",
    "option_counts",
)


def summarise_items(answers: pd.DataFrame, membership: pd.DataFrame) -> pd.DataFrame:
    """ITEM_SUMMARY from ITEM_ANSWERS and MEMBERSHIP (see the module docstring); rows sorted by
    the group keys and item id."""
    keys = list(GROUP_KEYS)
    if answers.empty or membership.empty:
        return pd.DataFrame(columns=list(ITEM_SUMMARY_COLUMNS))
    groups = membership.groupby(keys, sort=False)["response_id"].nunique()
    groups = groups.rename("group_respondents").reset_index()
    joined = answers.merge(
        membership[["response_id", "group", "group_value"]], on="response_id", how="inner"
    )
    joined["score"] = pd.to_numeric(joined["score"], errors="coerce")
    joined["number"] = pd.to_numeric(joined["number"], errors="coerce")
    joined["not_known"] = joined["not_known"].astype(bool)
    by_item = joined.groupby([*keys, "item_id"], sort=True)
    items = by_item.agg(
        respondents=("response_id", "nunique"),
        scored=("score", "count"),
        mean_score=("score", "mean"),
        numbered=("number", "count"),
        mean_number=("number", "mean"),
        not_known=("not_known", "sum"),
    ).reset_index()
    chosen = joined[[*keys, "item_id", "response_id", "choices"]].explode("choices")
    chosen = chosen[chosen["choices"].notna()]
    counts = chosen.groupby([*keys, "item_id", "choices"], sort=False)["response_id"].nunique()
    option_counts: dict[tuple, dict] = {}
    for (*key, option), count in counts.items():
        option_counts.setdefault(tuple(key), {})[option] = int(count)
    items["option_counts"] = [
        option_counts.get(key, {})
        for key in items[[*keys, "item_id"]].itertuples(index=False, name=None)
    ]
    items = items.merge(groups, on=keys, how="left")
    return items[list(ITEM_SUMMARY_COLUMNS)]
