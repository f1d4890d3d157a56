"""Fictional monthly series of outcome measures for the demonstration trusts: 36 months per team
and measure, with common-cause noise, a real shift in a few series (most for the better, some for
the worse) and one team that stands out, so that every chart state can be seen.

Series are driven by each measure's unit and direction, with plausible levels for the starter
measures (``TYPICAL``) and for any other measure by its unit.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np

from valuedcare.questionnaire.measures import Measure

MONTHS = 36
#: Series this long or longer may shift once (after a year of settled values).
SHIFTS_FROM = 24


@dataclass(frozen=True)
class Typical:
    """A measure's usual level: for a value, the mean and its month-to-month spread (as a share of
    the mean); for a ratio, the ratio (a share, or a rate per unit of the multiplier) and a team's
    usual monthly denominator."""

    level: float
    spread: float = 0.08
    denominator: float = 0.0


TYPICAL: dict[str, Typical] = {
    "length_of_stay": Typical(34.0, 0.10),
    "delayed_discharge_bed_days": Typical(160.0, 0.18),
    "out_of_area_bed_days": Typical(90.0, 0.30),
    "unplanned_admissions": Typical(0.55, denominator=45),
    "bed_occupancy": Typical(0.93, denominator=1_800),
    "wait_to_first_contact": Typical(24.0, 0.12),
    "sickness_absence": Typical(0.052, denominator=9_000),
    "violent_incidents": Typical(9.0, denominator=1_700),
    "did_not_attend": Typical(0.11, denominator=1_400),
    "cost_per_occupied_bed_day": Typical(560.0, 0.04),
}
BY_UNIT: dict[str, Typical] = {
    "days": Typical(30.0, 0.10),
    "count": Typical(120.0, 0.20),
    "pounds": Typical(500.0, 0.05),
    "percent": Typical(0.2, denominator=500),
    "rate_per_1000_obd": Typical(8.0, denominator=1_500),
}


@dataclass(frozen=True)
class DemoValue:
    month: date
    team: str
    measure: str
    value: float
    numerator: float | None
    denominator: float | None


def demo_months(as_of: date, count: int = MONTHS) -> list[date]:
    """The ``count`` months before ``as_of``'s month, oldest first."""
    index = as_of.year * 12 + as_of.month - 1
    return [date(month // 12, month % 12 + 1, 1) for month in range(index - count, index)]


def _typical(measure: Measure) -> Typical:
    return TYPICAL.get(measure.id) or BY_UNIT[measure.unit]


def _shift_sign(measure: Measure, improves: bool) -> float:
    """+1 when the series should rise: towards better if ``improves``, else away from it."""
    if measure.better == "neither":
        return 1.0
    towards_better = 1.0 if measure.better == "higher" else -1.0
    return towards_better if improves else -towards_better


def _standout_factor(measure: Measure, typical: Typical) -> float:
    """How much worse the standout team is: five of its year's standard errors, so that it lies
    outside the funnel plot's 99.8% limits (3.09 standard errors) even though it pulls the
    organisation's value towards itself, while the other teams stay inside."""
    year = typical.denominator * 12
    if measure.is_share:
        relative = math.sqrt((1 - typical.level) / (typical.level * year))
    else:
        relative = 1 / math.sqrt(typical.level * year / measure.multiplier)
    step = 5 * relative
    return 1 + step if measure.better == "lower" else 1 - step


def demo_series(
    measures: Sequence[Measure],
    teams: Sequence[str],
    months: Sequence[date],
    rng: np.random.Generator,
    *,
    standout_team: str | None = None,
) -> list[DemoValue]:
    """Every team's series of every measure. About one measure in three shifts once, for every
    team in the same month, between the first year's end and six months before the last; three
    in four of those shifts are for the better. ``standout_team`` is worse than the others on
    every share and rate with a better direction, by enough to lie outside the funnel plot's
    limits."""
    values: list[DemoValue] = []
    count = len(months)
    for measure in measures:
        typical = _typical(measure)
        # A shift is the organisation's (a change in how the service works), so every team
        # moves together and the teams stay comparable on the funnel plot.
        shift = np.zeros(count)
        if len(months) >= SHIFTS_FROM and rng.random() < 0.35:
            start = int(rng.integers(12, count - 6))
            size = rng.uniform(0.12, 0.25) * _shift_sign(measure, rng.random() < 0.75)
            shift[start:] = size
        for team in teams:
            # Teams differ a little in their usual level; on shares and rates, where the funnel
            # plot compares them, by little enough that only the standout team lies outside.
            scale = rng.uniform(0.997, 1.003) if measure.is_ratio else rng.uniform(0.9, 1.1)
            worse = 1.0
            if team == standout_team and measure.is_ratio and measure.better != "neither":
                worse = _standout_factor(measure, typical)
            for index, month in enumerate(months):
                level = typical.level * scale * worse * (1 + shift[index])
                if measure.is_ratio:
                    denominator = float(
                        max(1, rng.poisson(typical.denominator * rng.uniform(0.85, 1.15)))
                    )
                    if measure.is_share:
                        share = float(np.clip(level, 0.005, 0.97))
                        numerator = float(rng.binomial(int(denominator), share))
                    else:
                        numerator = float(rng.poisson(level * denominator / measure.multiplier))
                    values.append(
                        DemoValue(
                            month,
                            team,
                            measure.id,
                            measure.shown(numerator, denominator),
                            numerator,
                            denominator,
                        )
                    )
                else:
                    value = max(0.0, rng.normal(level, typical.spread * level))
                    if measure.unit == "count":
                        value = float(round(value))
                    values.append(DemoValue(month, team, measure.id, round(value, 2), None, None))
    return values
