"""Funnel plots for comparing teams on a share or a rate (pure pandas and numpy).

Each team's value is set against its size (the denominator), around the organisation's overall
value (all numerators over all denominators). Control limits at 95% and 99.8% narrow as the
denominator grows, so a small team is not singled out for the chance variation small numbers
bring (Spiegelhalter, "Funnel plots for comparing institutional performance", Statistics in
Medicine 2005; the normal approximations of its section 3):

- a **share** (a proportion ``p`` of ``n``): ``p ± z·sqrt(p(1 − p) / n)``, kept within 0 and 1;
- a **rate** (a count over an exposure ``n``, such as occupied bed days): ``r ± z·sqrt(r / n)``,
  kept at 0 or more;

with ``z`` 1.959964 (95%) and 3.090232 (99.8%). Values are shown times the measure's multiplier
(100 for a percentage, 1,000 for a rate per 1,000 bed days). A team outside the 99.8% limits is
very unlikely to differ by chance alone: a reason to look closer, not a verdict.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

Kind = Literal["share", "rate"]
Z_95 = 1.959964
Z_998 = 3.090232
CURVE_POINTS = 60

FLAG_WORDS = {
    "above_998": "Above the 99.8% limit",
    "below_998": "Below the 99.8% limit",
    "above_95": "Above the 95% limit",
    "below_95": "Below the 95% limit",
    "within": "Within the limits",
}


@dataclass(frozen=True)
class Funnel:
    """Each team's value and flag (``teams``: team, numerator, denominator, value, lower_95,
    upper_95, lower_998, upper_998, flag), the overall value, and the limits over a range of
    denominators for drawing (``curve``: denominator and the four limits)."""

    teams: pd.DataFrame
    curve: pd.DataFrame
    overall: float | None
    kind: Kind
    multiplier: float

    @property
    def outside(self) -> list[str]:
        """Teams outside the 99.8% limits, by name."""
        flagged = self.teams[self.teams["flag"].isin(["above_998", "below_998"])]
        return [str(team) for team in flagged["team"]]


def _limits(
    overall: float, denominators: np.ndarray, z: float, kind: Kind
) -> tuple[np.ndarray, np.ndarray]:
    if kind == "share":
        spread = z * np.sqrt(overall * (1 - overall) / denominators)
        return np.clip(overall - spread, 0, 1), np.clip(overall + spread, 0, 1)
    spread = z * np.sqrt(overall / denominators)
    return np.clip(overall - spread, 0, None), overall + spread


def _flag(
    value: float, lower_95: float, upper_95: float, lower_998: float, upper_998: float
) -> str:
    if value > upper_998:
        return "above_998"
    if value < lower_998:
        return "below_998"
    if value > upper_95:
        return "above_95"
    if value < lower_95:
        return "below_95"
    return "within"


def funnel(totals: pd.DataFrame, *, kind: Kind, multiplier: float) -> Funnel:
    """The funnel plot of teams' ``numerator`` and ``denominator`` (one row per ``team``; teams
    with a denominator of 0 are left out)."""
    usable = totals[totals["denominator"] > 0].reset_index(drop=True)
    columns = ["team", "numerator", "denominator", "value", "lower_95", "upper_95"]
    columns += ["lower_998", "upper_998", "flag"]
    if usable.empty:
        return Funnel(pd.DataFrame(columns=columns), pd.DataFrame(), None, kind, multiplier)
    overall = float(usable["numerator"].sum() / usable["denominator"].sum())
    n = usable["denominator"].to_numpy(dtype=float)
    ratio = usable["numerator"].to_numpy(dtype=float) / n
    low95, high95 = _limits(overall, n, Z_95, kind)
    low998, high998 = _limits(overall, n, Z_998, kind)
    teams = pd.DataFrame(
        {
            "team": usable["team"],
            "numerator": usable["numerator"],
            "denominator": n,
            "value": ratio * multiplier,
            "lower_95": low95 * multiplier,
            "upper_95": high95 * multiplier,
            "lower_998": low998 * multiplier,
            "upper_998": high998 * multiplier,
        }
    )
    teams["flag"] = [
        _flag(r, a, b, c, d)
        for r, a, b, c, d in zip(ratio, low95, high95, low998, high998, strict=True)
    ]
    span = np.linspace(max(1.0, n.min() * 0.5), n.max() * 1.2, CURVE_POINTS)
    c_low95, c_high95 = _limits(overall, span, Z_95, kind)
    c_low998, c_high998 = _limits(overall, span, Z_998, kind)
    curve = pd.DataFrame(
        {
            "denominator": span,
            "lower_95": c_low95 * multiplier,
            "upper_95": c_high95 * multiplier,
            "lower_998": c_low998 * multiplier,
            "upper_998": c_high998 * multiplier,
        }
    )
    return Funnel(teams, curve, overall * multiplier, kind, multiplier)
