"""Outcome measures: the definitions in a ``kind: measures`` file, as plain data.

A measure is reported monthly per team or locality. It is either a single value (``build:
value``) or a numerator over a denominator (``build: ratio``), shown as the ratio times its
``multiplier`` (100 for a percentage, 1,000 for a rate per 1,000 occupied bed days).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

Unit = Literal["days", "percent", "count", "rate_per_1000_obd", "pounds"]
Domain = Literal["cost", "activity", "quality"]
Better = Literal["higher", "lower", "neither"]
Build = Literal["value", "ratio"]

UNIT_WORDS: dict[str, str] = {
    "days": "days",
    "percent": "%",
    "count": "count",
    "rate_per_1000_obd": "per 1,000 occupied bed days",
    "pounds": "pounds",
}


@dataclass(frozen=True)
class Measure:
    """One outcome measure."""

    id: str
    title: str
    definition: str
    unit: Unit
    domain: Domain
    better: Better
    build: Build
    ingredients: tuple[str, ...]
    source: str
    target: float | None = None
    # Whether values may be set beside other organisations' (the cross-trust comparison).
    comparable: bool = False
    # For ``build: ratio``: the shown value is numerator / denominator * multiplier.
    multiplier: float = 1.0
    numerator: str | None = None  # what the numerator counts, in words
    denominator: str | None = None  # what the denominator counts, in words

    @property
    def is_ratio(self) -> bool:
        return self.build == "ratio"

    @property
    def is_share(self) -> bool:
        """A ratio whose numerator is part of its denominator (so it can never exceed it)."""
        return self.is_ratio and self.unit == "percent"

    def shown(self, numerator: float, denominator: float) -> float:
        return numerator / denominator * self.multiplier


@dataclass(frozen=True)
class MeasureSet:
    """Every measure of one version of the measures file, in file order."""

    slug: str
    version: int
    title: str
    measures: tuple[Measure, ...]

    def __iter__(self) -> Iterator[Measure]:
        return iter(self.measures)

    def __len__(self) -> int:
        return len(self.measures)

    def get(self, measure_id: str) -> Measure | None:
        return next((each for each in self.measures if each.id == measure_id), None)

    def for_ingredient(self, ingredient_id: str) -> tuple[Measure, ...]:
        return tuple(each for each in self.measures if ingredient_id in each.ingredients)
