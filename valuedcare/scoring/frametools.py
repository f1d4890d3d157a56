"""Small frame helpers shared by the scoring and benchmarks functions.

They keep rows in the model's order and blank statistics consistently. None changes its input.
"""

from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from valuedcare.scoring.columns import (
    INGREDIENT,
    INGREDIENT_ORDER,
    LENS,
    LENSES,
    SUMMARY_NON_KEY_COLUMNS,
)
from valuedcare.scoring.errors import ScoringError

_INGREDIENT_RANK = {ingredient: rank for rank, ingredient in enumerate(INGREDIENT_ORDER)}
_LENS_RANK = {lens: rank for rank, lens in enumerate(LENSES)}


def check_ingredients(ingredients: pd.Series) -> None:
    """Raise ``ScoringError`` when a value is neither missing nor one of ``INGREDIENT_ORDER``."""
    present = ingredients.dropna().unique()
    unknown = sorted(str(value) for value in present if value not in _INGREDIENT_RANK)
    if unknown:
        raise ScoringError(f"Unknown ingredient ids: {', '.join(unknown)}")


def summary_keys(summary: pd.DataFrame, *, without: Iterable[str] = ()) -> list[str]:
    """The grouping-key columns of a SUMMARY frame (ingredient included), minus ``without``."""
    excluded = {*SUMMARY_NON_KEY_COLUMNS, *without}
    return [column for column in summary.columns if column not in excluded]


def _sort_key(column: pd.Series) -> pd.Series:
    if column.name == INGREDIENT:
        return column.map(_INGREDIENT_RANK)
    if column.name == LENS:
        # Known lenses in model order, then any other lens alphabetically after them.
        return column.map(lambda lens: f"{_LENS_RANK.get(lens, len(LENSES)):02d}{lens}")
    return column


def sort_in_model_order(frame: pd.DataFrame, keys: Sequence[str]) -> pd.DataFrame:
    """Return ``frame`` sorted by ``keys`` with a fresh 0..n-1 index.

    Ingredients sort in model order and lenses in ``LENSES`` order; other keys sort naturally with
    missing values last.
    """
    if frame.empty:
        return frame.reset_index(drop=True)
    ordered = frame.sort_values(list(keys), key=_sort_key, kind="mergesort", na_position="last")
    return ordered.reset_index(drop=True)


def blank_where(frame: pd.DataFrame, mask: pd.Series, columns: Iterable[str]) -> pd.DataFrame:
    """Return a copy of ``frame`` with ``columns`` set to missing where ``mask`` is True."""
    blanked = frame.copy()
    for column in columns:
        blanked[column] = blanked[column].mask(mask)
    return blanked


def as_shown(values: pd.Series) -> pd.Series:
    """Scores as the pages show them: half up to one decimal place (2.45 gives 2.5). Differences
    between shown figures are worked out from these, so they add up for the reader."""
    return np.floor(values.astype(float) * 10 + 0.5 + 1e-9) / 10
