"""The disclosure rules: thresholds and which lenses are anonymous, in one place.

Every output of the service (pages, chart data, PDF, images, CSV/XLSX, the API) takes its rules
from one ``DisclosureRules`` value, built from the application's configuration by
``DisclosureRules.from_config``. Nothing else in the package may compare a count with a literal
threshold; ``tests/unit/disclosure/test_no_literal_thresholds.py`` searches for that.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

import pandas as pd

from valuedcare.scoring.columns import ANONYMOUS_LENSES

FLOOR: Final = 5
"""No threshold may be set below this (domain.md 2.4: the NHS small-number convention)."""

SCORE_DECIMALS: Final = 1
"""Scores leave the server rounded to one decimal place, as the pages show them."""

COUNT_BAND_EDGES: Final = (10, 20)
"""Published counts of anonymous respondents fall in bands: threshold to 9, 10 to 19, 20 or more."""

CHASE_EXACT_FROM: Final = 20
"""While a cycle is open, counts of anonymous responses under this are rounded to the nearest 5."""


class DisclosureSettingError(ValueError):
    """A threshold was set below the floor, or is not a whole number."""


@dataclass(frozen=True)
class DisclosureRules:
    """Thresholds for one running service.

    - ``min_respondents``: no figure from fewer anonymous respondents ever leaves the server;
    - ``min_organisations``: no comparison from fewer organisations is shown;
    - ``anonymous_lenses``: the lenses ``min_respondents`` applies to (board lenses are named).
    """

    min_respondents: int = FLOOR
    min_organisations: int = FLOOR
    anonymous_lenses: tuple[str, ...] = ANONYMOUS_LENSES

    def __post_init__(self) -> None:
        for name in ("min_respondents", "min_organisations"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int):
                raise DisclosureSettingError(f"{name.upper()} must be a whole number")
            if value < FLOOR:
                raise DisclosureSettingError(f"{name.upper()} must be {FLOOR} or more, not {value}")

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> DisclosureRules:
        """The rules from an application's configuration (``MIN_RESPONDENTS``,
        ``MIN_ORGANISATIONS``); missing keys take the floor."""
        return cls(
            min_respondents=_whole(config.get("MIN_RESPONDENTS", FLOOR), "MIN_RESPONDENTS"),
            min_organisations=_whole(config.get("MIN_ORGANISATIONS", FLOOR), "MIN_ORGANISATIONS"),
        )

    def is_anonymous(self, lens: str) -> bool:
        """True for a lens whose respondents are anonymous."""
        return lens in self.anonymous_lenses

    def hides_respondents(self, lens: str, respondents: float | None) -> bool:
        """True when a figure of ``lens`` drawn from ``respondents`` people must not be shown."""
        if not self.is_anonymous(lens):
            return False
        return respondents is None or _missing(respondents) or respondents < self.min_respondents

    def hidden_mask(self, lenses: pd.Series, respondents: pd.Series) -> pd.Series:
        """Vectorised ``hides_respondents``: True where a row's figures must not be shown."""
        counts = pd.to_numeric(respondents, errors="coerce")
        small = counts.isna() | (counts < self.min_respondents)
        return (lenses.isin(list(self.anonymous_lenses)) & small).astype(bool)

    def shows_organisations(self, organisations: float | None) -> bool:
        """True when a comparison across ``organisations`` organisations may be shown."""
        if organisations is None or _missing(organisations):
            return False
        return organisations >= self.min_organisations


def _whole(raw: Any, name: str) -> int:
    if isinstance(raw, int) and not isinstance(raw, bool):
        return raw
    try:
        return int(str(raw).strip())
    except ValueError as error:
        raise DisclosureSettingError(f"{name} must be a whole number, not {raw!r}") from error


def _missing(value: float) -> bool:
    try:
        return math.isnan(value)
    except TypeError:
        return False
