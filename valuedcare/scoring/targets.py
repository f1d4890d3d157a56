"""Gaps between current maturity and the target level the board set for 12 months' time."""

from collections.abc import Sequence

import pandas as pd

from valuedcare.scoring.columns import (
    ANONYMOUS_LENSES,
    CYCLE,
    INGREDIENT,
    ITEM_ID,
    LENS,
    NOT_KNOWN,
    ORGANISATION_ID,
    SCORE,
    TARGET,
    WEIGHT,
)
from valuedcare.scoring.frametools import check_ingredients, sort_in_model_order

LEVEL = "level"
CURRENT = "current"
GAP = "gap"
TARGET_GAP_COLUMNS = (LEVEL, CURRENT, TARGET, GAP)


def target_gaps(
    answers: pd.DataFrame, by: Sequence[str] = (ORGANISATION_ID, CYCLE, LENS)
) -> pd.DataFrame:
    """Return current level, target level and the gap still to close, per item and per ingredient.

    Input: the ANSWERS frame. Answers from the anonymous lenses (``ANONYMOUS_LENSES``) are
    ignored: targets are set by boards, whose answers are not anonymous, so no small-number rule
    applies here.

    Output columns: *by, ingredient, item_id, level ("item" or "ingredient"), current, target, gap.
    - Item rows: current is the mean of the scored answers (not "don't know"), target the mean of
      the targets given; items without any target are left out.
    - Ingredient rows (item_id missing): current and target are the means of the item values
      weighted by item weight, over the items that have both a current level and a target, so
      that both sides describe the same statements. No row when no item has both.
    - gap = max(0, target - current); NaN when either side is missing.
    Sorted by ``by``, ingredient in model order, then item_id; each ingredient row follows its
    items.
    """
    check_ingredients(answers[INGREDIENT])
    board_answers = answers[~answers[LENS].isin(list(ANONYMOUS_LENSES))]
    items = _item_gaps(board_answers, [*by, INGREDIENT, ITEM_ID])
    ingredients = _ingredient_gaps(items, [*by, INGREDIENT])
    columns = [*by, INGREDIENT, ITEM_ID, *TARGET_GAP_COLUMNS]
    combined = pd.concat([items[columns], ingredients[columns]], ignore_index=True)
    combined[ITEM_ID] = combined[ITEM_ID].astype(items[ITEM_ID].dtype)
    return sort_in_model_order(combined, [*by, INGREDIENT, ITEM_ID])


def _item_gaps(answers: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    scored = answers[SCORE].notna() & ~answers[NOT_KNOWN].eq(True)
    values = answers[keys].assign(
        **{
            CURRENT: answers[SCORE].where(scored).astype(float),
            TARGET: answers[TARGET].astype(float),
            WEIGHT: answers[WEIGHT].astype(float),
        }
    )
    grouped = values.groupby(keys, dropna=False, sort=False)
    items = grouped[[CURRENT, TARGET, WEIGHT]].mean().reset_index()
    items = items[items[TARGET].notna()].reset_index(drop=True)
    return items.assign(**{LEVEL: "item", GAP: _gap(items[CURRENT], items[TARGET])})


def _ingredient_gaps(items: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    complete = items[
        items[CURRENT].notna()
        & items[TARGET].notna()
        & items[WEIGHT].gt(0)
        & items[INGREDIENT].notna()
    ]
    weighted = pd.DataFrame(
        {
            **{key: complete[key] for key in keys},
            CURRENT: complete[CURRENT] * complete[WEIGHT],
            TARGET: complete[TARGET] * complete[WEIGHT],
            WEIGHT: complete[WEIGHT],
        }
    )
    sums = weighted.groupby(keys, dropna=False, sort=False).sum().reset_index()
    current = sums[CURRENT] / sums[WEIGHT]
    target = sums[TARGET] / sums[WEIGHT]
    return sums[keys].assign(
        **{
            ITEM_ID: None,
            LEVEL: "ingredient",
            CURRENT: current,
            TARGET: target,
            GAP: _gap(current, target),
        }
    )


def _gap(current: pd.Series, target: pd.Series) -> pd.Series:
    return (target - current).clip(lower=0.0)
