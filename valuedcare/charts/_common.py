"""Small helpers shared by the chart builders (label wrapping, ingredient order, checks)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence

import pandas as pd

Ingredients = Sequence[tuple[str, str]]


def wrap_label(text: str, width: int = 14) -> list[str]:
    """Split ``text`` into lines of at most ``width`` characters, breaking only at spaces.

    A single word longer than ``width`` stays whole on its own line.
    """
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines or [""]


def label_expr(labels: dict[str, list[str]]) -> str:
    """Return a Vega expression mapping ``datum.value`` (an id) to its label lines.

    Used as an axis or header ``labelExpr`` so that fields can hold stable ids while the
    reader sees wrapped display labels.
    """
    return f"{json.dumps(labels)}[datum.value]"


def ingredient_ids(ingredients: Ingredients) -> list[str]:
    """Return the ingredient ids in model order, rejecting an empty or duplicated list."""
    ids = [ingredient_id for ingredient_id, _ in ingredients]
    if not ids:
        raise ValueError("at least one ingredient is needed")
    if len(set(ids)) != len(ids):
        raise ValueError("ingredient ids must be unique")
    return ids


def check_known_ingredients(values: Iterable[str], ingredients: Ingredients) -> None:
    """Raise ``ValueError`` if ``values`` name an ingredient that is not in ``ingredients``."""
    unknown = sorted(set(values) - set(ingredient_ids(ingredients)))
    if unknown:
        raise ValueError(f"unknown ingredient ids {unknown}")


def check_columns(frame: pd.DataFrame, required: Iterable[str], name: str) -> None:
    """Raise ``ValueError`` naming the missing columns of ``frame`` (called ``name``)."""
    missing = [column for column in required if column not in frame.columns]
    if missing:
        raise ValueError(f"{name} is missing columns {missing}")


def format_score(value: float | None) -> str:
    """Format a score to one decimal place, or an en dash when it is missing."""
    if value is None or pd.isna(value):
        return "–"
    return f"{float(value):.1f}"
