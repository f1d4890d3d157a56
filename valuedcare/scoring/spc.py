"""Statistical process control: XmR charts as NHS England's "Making Data Count" guidance and the
NHS-R Community's open-source NHSRplotthedots package describe them (pure pandas and numpy).

For each phase of a monthly series (a new phase starts at each ``rebase`` month, when a change
is known to have happened):

- the **mean** of the values, and the **moving ranges** ``|x[i] - x[i-1]|`` within the phase;
- the **mean moving range**, after screening outliers as NHSRplotthedots does by default
  (``screen_outliers = TRUE``): moving ranges at or above ``3.267`` times the mean moving range
  (the moving range chart's upper limit) are left out and the mean is taken again;
- **process limits** at ``mean ± 2.66 × mean moving range`` (three sigma, with sigma estimated as
  the mean moving range over 1.128), and the "near the limits" lines two thirds of the way out
  (two sigma).

A point shows **special cause variation** when, within its phase:

1. it lies beyond a process limit;
2. it is one of a run of 7 or more points on the same side of the mean (a point exactly on the
   mean ends a run);
3. it is one of 7 or more points each higher than the one before (or each lower): a trend; an
   equal pair ends a trend;
4. it lies beyond two thirds of the way to a limit (and within the limit), in three consecutive
   points that are all on the same side of the mean and hold at least one other such point
   ("two in three").

A special-cause point is **improvement** or **concern** by the measure's better direction and
the direction of the first rule that flags it, in NHSRplotthedots' order (since late 2023, when
it stopped colouring a trend's points by their side of the mean): beyond a limit and
two-in-three take the point's side of the mean, a trend its own direction (where a falling trend
meets a rising one, the shared point takes the later trend's), and a run its side. Where neither
direction is better the point is **neither**, high or low. The chart's **variation** is the last
point's: common cause, or special cause improvement, concern or neither, each high or low (the
icons' "H" and "L"). **Assurance** compares the current phase's limits with a target, as
NHSRplotthedots does: a target below the lower limit is consistently met when higher is better
(not met when lower is better), a target above the upper limit the reverse, and a target between
them or on a limit is hit and miss (it may or may not be met). There is no assurance without a
target or a better direction.

Where every moving range is 0 (a flat series) the limits sit on the mean and every point is
common cause (NHSRplotthedots leaves such limits blank). Differences smaller than ``NOISE`` times
the phase's largest magnitude are rounding error from floating-point arithmetic and count as
none, so a point computed to lie a hair off the mean or a limit is on it.

Fewer than 12 points in the current phase give provisional limits (``too_few_points``);
NHSRplotthedots warns at the same number. Fewer than 2 points give no limits at all.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Literal

import numpy as np
import pandas as pd

Better = Literal["higher", "lower", "neither"]

LIMIT_FACTOR = 2.66
MOVING_RANGE_LIMIT_FACTOR = 3.267
RUN_LENGTH = 7
TREND_LENGTH = 7
FEW_POINTS = 12
#: Points a phase needs for a moving range, and so for limits.
LIMITS_FROM = 2
#: Relative size below which a difference is floating-point rounding error, not a difference.
NOISE = 1e-10

COMMON_CAUSE = "common_cause"
IMPROVEMENT = "improvement"
CONCERN = "concern"
NEITHER = "neither"

RULE_WORDS = {
    "beyond_limit": "beyond a process limit",
    "run": f"a run of {RUN_LENGTH} or more points on one side of the mean",
    "trend": f"{TREND_LENGTH} or more points rising or falling",
    "two_in_three": "two of three points close to a limit",
}

#: The variation icons' names, their words and the letter each icon carries.
VARIATION_WORDS = {
    "common_cause": "Common cause variation: no significant change",
    "improvement_high": "Special cause variation: improvement (higher values)",
    "improvement_low": "Special cause variation: improvement (lower values)",
    "concern_high": "Special cause variation: concern (higher values)",
    "concern_low": "Special cause variation: concern (lower values)",
    "neither_high": "Special cause variation: higher values (neither better nor worse)",
    "neither_low": "Special cause variation: lower values (neither better nor worse)",
}
VARIATION_LETTERS = {
    "common_cause": "",
    "improvement_high": "H",
    "improvement_low": "L",
    "concern_high": "H",
    "concern_low": "L",
    "neither_high": "H",
    "neither_low": "L",
}
ASSURANCE_WORDS = {
    "met": "The target is consistently met",
    "hit_and_miss": "Hit and miss: the target may or may not be met",
    "not_met": "The target is consistently not met",
}
ASSURANCE_LETTERS = {"met": "P", "hit_and_miss": "?", "not_met": "F"}

COLUMNS = [
    "month",
    "value",
    "phase",
    "mean",
    "lower",
    "upper",
    "near_lower",
    "near_upper",
    "moving_range",
    "point",
    "rules",
]


@dataclass(frozen=True)
class XmR:
    """An XmR chart's figures: one row per point (``COLUMNS``), the last point's variation and
    the current phase's assurance against the target."""

    frame: pd.DataFrame
    variation: str | None
    assurance: str | None
    too_few_points: bool
    better: Better
    target: float | None

    def _latest(self, column: str) -> float | None:
        if self.frame.empty:
            return None
        value = self.frame[column].iloc[-1]
        return None if pd.isna(value) else float(value)

    @property
    def latest_value(self) -> float | None:
        return self._latest("value")

    @property
    def mean(self) -> float | None:
        return self._latest("mean")

    @property
    def lower(self) -> float | None:
        return self._latest("lower")

    @property
    def upper(self) -> float | None:
        return self._latest("upper")

    @property
    def latest_month(self) -> date | None:
        if self.frame.empty:
            return None
        return pd.Timestamp(self.frame["month"].iloc[-1]).date()

    @property
    def variation_words(self) -> str | None:
        return VARIATION_WORDS.get(self.variation) if self.variation else None

    @property
    def assurance_words(self) -> str | None:
        return ASSURANCE_WORDS.get(self.assurance) if self.assurance else None


def _screened_mean_moving_range(moving_ranges: np.ndarray) -> float:
    ranges = moving_ranges[~np.isnan(moving_ranges)]
    if ranges.size == 0:
        return float("nan")
    first = float(ranges.mean())
    kept = ranges[ranges < MOVING_RANGE_LIMIT_FACTOR * first]
    return float(kept.mean()) if kept.size else first


def runs(signs: np.ndarray, length: int = RUN_LENGTH) -> np.ndarray:
    """True for every point in a run of ``length`` or more equal, non-zero signs."""
    flagged = np.zeros(signs.size, dtype=bool)
    start = 0
    for index in range(1, signs.size + 1):
        if index == signs.size or signs[index] != signs[start]:
            if signs[start] != 0 and index - start >= length:
                flagged[start:index] = True
            start = index
    return flagged


def trends(values: np.ndarray, tolerance: float = 0.0) -> tuple[np.ndarray, np.ndarray]:
    """(flagged, direction): points in ``TREND_LENGTH`` or more consecutive rises (or falls),
    and the trend's direction (+1 rising, -1 falling) at each flagged point; a point shared by a
    trend ending and another starting takes the later one's. A step no bigger than
    ``tolerance`` counts as level, and a level step ends a trend."""
    flagged = np.zeros(values.size, dtype=bool)
    direction = np.zeros(values.size)
    if values.size < 2:
        return flagged, direction
    steps = np.diff(values)
    steps = np.where(np.abs(steps) > tolerance, np.sign(steps), 0.0)
    start = 0
    for index in range(1, steps.size + 1):
        if index == steps.size or steps[index] != steps[start]:
            if steps[start] != 0 and index - start >= TREND_LENGTH - 1:
                flagged[start : index + 1] = True
                direction[start : index + 1] = steps[start]
            start = index
    return flagged, direction


def two_in_three(near: np.ndarray, side: np.ndarray) -> np.ndarray:
    """Points close to a limit (``near``) in any three consecutive points that all lie on the
    same side of the mean (``side``: -1, 0 or 1) and hold at least two such points, as
    NHSRplotthedots' ``ptd_two_in_three`` and ``ptd_part_of_two_in_three`` find them."""
    near = np.asarray(near, dtype=bool)
    side = np.asarray(side)
    flagged = np.zeros(near.size, dtype=bool)
    for start in range(max(0, near.size - 2)):
        window = slice(start, start + 3)
        sides = side[window]
        if sides[0] != 0 and (sides == sides[0]).all() and near[window].sum() >= 2:
            flagged[window] |= near[window]
    return flagged


def _no_rules(n: int) -> np.ndarray:
    rules = np.empty(n, dtype=object)
    for index in range(n):
        rules[index] = ()
    return rules


def _phase(values: np.ndarray) -> dict[str, np.ndarray]:
    n = values.size
    moving = np.full(n, np.nan)
    if n >= LIMITS_FROM:
        moving[1:] = np.abs(np.diff(values))
    mean = float(values.mean())
    amr = _screened_mean_moving_range(moving)
    if n < LIMITS_FROM or np.isnan(amr):
        nan = np.full(n, np.nan)
        return {
            "mean": np.full(n, mean),
            "lower": nan,
            "upper": nan,
            "near_lower": nan,
            "near_upper": nan,
            "moving_range": moving,
            "rules": _no_rules(n),
            "direction": np.zeros(n),
        }
    width = LIMIT_FACTOR * amr
    lower, upper = mean - width, mean + width
    near_lower, near_upper = mean - width * 2 / 3, mean + width * 2 / 3
    tolerance = NOISE * float(np.abs(values).max())
    offset = values - mean
    side = np.where(np.abs(offset) > tolerance, np.sign(offset), 0.0)
    beyond = (values > upper + tolerance) | (values < lower - tolerance)
    near = ~beyond & ((values > near_upper + tolerance) | (values < near_lower - tolerance))
    run = runs(side, RUN_LENGTH)
    trend, trend_direction = trends(values, tolerance)
    two = two_in_three(near, side)
    rules = _no_rules(n)
    for index in range(n):
        rules[index] = tuple(
            name
            for name, hit in (
                ("beyond_limit", beyond[index]),
                ("run", run[index]),
                ("trend", trend[index]),
                ("two_in_three", two[index]),
            )
            if hit
        )
    # The first rule that flags a point sets its direction: limit, trend, two-in-three, run.
    direction = np.where(
        beyond, side, np.where(trend, trend_direction, np.where(two | run, side, 0.0))
    )
    return {
        "mean": np.full(n, mean),
        "lower": np.full(n, lower),
        "upper": np.full(n, upper),
        "near_lower": np.full(n, near_lower),
        "near_upper": np.full(n, near_upper),
        "moving_range": moving,
        "rules": rules,
        "direction": direction,
    }


def _point(rules: tuple[str, ...], direction: float, better: Better) -> str:
    if not rules:
        return COMMON_CAUSE
    if better == "neither" or direction == 0:
        return NEITHER
    good = 1.0 if better == "higher" else -1.0
    return IMPROVEMENT if direction == good else CONCERN


def _variation(frame: pd.DataFrame, directions: np.ndarray) -> str | None:
    if frame.empty or pd.isna(frame["upper"].iloc[-1]):
        return None
    point = frame["point"].iloc[-1]
    if point == COMMON_CAUSE:
        return COMMON_CAUSE
    high = directions[-1] > 0 or (
        directions[-1] == 0 and frame["value"].iloc[-1] >= frame["mean"].iloc[-1]
    )
    return f"{point}_{'high' if high else 'low'}"


def assurance_of(
    lower: float | None, upper: float | None, better: Better, target: float | None
) -> str | None:
    if target is None or better == "neither" or lower is None or upper is None:
        return None
    if better == "higher":
        if lower > target:
            return "met"
        if upper < target:
            return "not_met"
    else:
        if upper < target:
            return "met"
        if lower > target:
            return "not_met"
    return "hit_and_miss"


def _months(index: pd.Index) -> pd.DatetimeIndex:
    return pd.DatetimeIndex(pd.to_datetime(index)).to_period("M").to_timestamp()


def xmr(
    values: pd.Series,
    *,
    better: Better,
    target: float | None = None,
    rebase: Sequence[date] = (),
) -> XmR:
    """The XmR chart of a monthly series (indexed by month, in any order; missing values are
    left out). ``rebase`` months start new phases, each with its own mean and limits."""
    series = values.dropna().astype(float)
    series.index = _months(series.index)
    series = series.sort_index()
    n = series.size
    starts = sorted({pd.Timestamp(each).to_period("M").to_timestamp() for each in rebase})
    phase = np.zeros(n, dtype=int)
    for start in starts:
        phase += (series.index >= start).astype(int)
    columns: dict[str, list] = {
        key: []
        for key in ("mean", "lower", "upper", "near_lower", "near_upper", "moving_range", "rules")
    }
    directions: list[float] = []
    array = series.to_numpy()
    for number in np.unique(phase):
        part = _phase(array[phase == number])
        for key in columns:
            columns[key].extend(list(part[key]))
        directions.extend(list(part["direction"]))
    frame = pd.DataFrame(
        {
            "month": series.index,
            "value": array,
            "phase": phase,
            **{key: columns[key] for key in columns},
        }
    )
    direction_array = np.array(directions, dtype=float)
    frame["point"] = (
        [
            _point(tuple(rules), direction, better)
            for rules, direction in zip(frame["rules"], direction_array, strict=True)
        ]
        if n
        else pd.Series(dtype=object)
    )
    frame = frame[COLUMNS] if n else pd.DataFrame(columns=COLUMNS)
    last_phase_size = int((phase == phase[-1]).sum()) if n else 0
    result_lower = (
        None if frame.empty or pd.isna(frame["lower"].iloc[-1]) else float(frame["lower"].iloc[-1])
    )
    result_upper = (
        None if frame.empty or pd.isna(frame["upper"].iloc[-1]) else float(frame["upper"].iloc[-1])
    )
    return XmR(
        frame=frame.reset_index(drop=True),
        variation=_variation(frame, direction_array),
        assurance=assurance_of(result_lower, result_upper, better, target),
        too_few_points=last_phase_size < FEW_POINTS,
        better=better,
        target=target,
    )
