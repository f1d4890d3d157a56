"""Pieces shared by the compare pages: settings, names, options and heatmap tables."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
from markupsafe import Markup

from valuedcare.disclosure import DisclosureRules
from valuedcare.formatting import one_dp
from valuedcare.questionnaire import IngredientSet
from valuedcare.scoring.columns import INGREDIENT, SCORE

LENS_TITLES = {
    "board": "Board members",
    "board_agreed": "Board agreed position",
    "experts_by_experience": "Experts by experience",
    "partner": "Partners",
}
NO_TEAM = "No team or locality given"


@dataclass(frozen=True)
class CompareSettings:
    """What the compare pages need from the configuration."""

    secret: str
    rules: DisclosureRules

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> CompareSettings:
        return cls(secret=str(config["SECRET_KEY"]), rules=DisclosureRules.from_config(config))

    @property
    def min_respondents(self) -> int:
        return self.rules.min_respondents

    @property
    def min_organisations(self) -> int:
        return self.rules.min_organisations


@dataclass(frozen=True)
class Option:
    """A choice offered as a link (a comparator group, a lens)."""

    key: str
    label: str


@dataclass(frozen=True)
class HeatmapRow:
    label: str
    scores: list[float | None]


@dataclass(frozen=True)
class Heatmap:
    """A heatmap's Vega-Lite spec with the same numbers as a table (columns: ingredient titles)."""

    spec: Markup
    row_title: str
    columns: list[str]
    rows: list[HeatmapRow]


def value(number: Any) -> float | None:
    """A float, or None for missing values (so templates can test ``is none``)."""
    if number is None or pd.isna(number):
        return None
    result = float(number)
    return None if math.isnan(result) else result


def for_display(scores: pd.Series) -> pd.Series:
    """Scores rounded to one decimal place exactly as pages print them (``formatting.one_dp``).

    Chart labels and tooltips format numbers with binary rounding, which can disagree with the
    half-up rounding of the tables next to them (1.95 would read 1.9 in a chart and 2.0 in its
    table). Charts are therefore drawn from already-rounded scores; missing values stay missing.
    """
    return scores.astype(float).map(lambda x: x if math.isnan(x) else float(one_dp(x)))


def ingredient_pairs(ingredients: IngredientSet) -> list[tuple[str, str]]:
    """(id, short title) pairs in model order, as the chart builders take them."""
    return [(each.id, each.short_title) for each in ingredients]


def heatmap_table(
    cells: pd.DataFrame,
    row_field: str,
    row_title: str,
    ingredients: Sequence[tuple[str, str]],
    spec: Markup,
) -> Heatmap:
    """The data table of a heatmap: one row per ``row_field`` value (in order), one column per
    ingredient; ``cells`` has row_field, ingredient and score columns."""
    wide = cells.pivot_table(
        index=row_field,
        columns=INGREDIENT,
        values=SCORE,
        aggfunc="first",
        dropna=False,
        sort=False,
    )
    order = list(dict.fromkeys(cells[row_field].tolist()))
    ids = [ingredient for ingredient, _ in ingredients]
    wide = wide.reindex(index=order, columns=ids)
    values = wide.to_numpy(dtype=float, na_value=math.nan).tolist()
    rows = [
        HeatmapRow(str(label), [None if math.isnan(x) else x for x in scores])
        for label, scores in zip(order, values, strict=True)
    ]
    return Heatmap(spec=spec, row_title=row_title, columns=[t for _, t in ingredients], rows=rows)
