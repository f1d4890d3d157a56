"""How figures are published once the rules allow them: rounding and banding.

Exact figures stay on the server. Scores leave it rounded to one decimal place (half up, as the
pages show them), so tiny differences between two reads cannot single anyone out; counts of
anonymous respondents leave it in bands; while a cycle is open, response counts for chasing are
rounded to the nearest 5 below 20.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

from valuedcare.disclosure.rules import (
    CHASE_EXACT_FROM,
    COUNT_BAND_EDGES,
    SCORE_DECIMALS,
    DisclosureRules,
)


def _missing(value: float | None) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def round_score(value: float | None) -> float | None:
    """A score as published: one decimal, half up (``2.45`` gives ``2.5``); None if missing."""
    if value is None or _missing(value):
        return None
    quantum = Decimal(1).scaleb(-SCORE_DECIMALS)
    rounded = Decimal(repr(float(value))).quantize(quantum, rounding=ROUND_HALF_UP)
    return float(abs(rounded) if rounded == 0 else rounded)


def round_share(value: float | None) -> float | None:
    """A share (0 to 1) as published: to the whole percent (``0.125`` gives ``0.13``)."""
    if value is None or _missing(value):
        return None
    rounded = Decimal(repr(float(value))).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return float(rounded)


def band_count(count: int | None, rules: DisclosureRules) -> str | None:
    """A count of anonymous respondents as published: with a threshold of 5, ``"5 to 9"``,
    ``"10 to 19"`` or ``"20 or more"``; None below the threshold (nothing is shown then)."""
    if count is None or _missing(float(count)) or count < rules.min_respondents:
        return None
    edges = [
        rules.min_respondents,
        *(edge for edge in COUNT_BAND_EDGES if edge > rules.min_respondents),
    ]
    for lower, upper in zip(edges, edges[1:], strict=False):
        if count < upper:
            return f"{lower} to {upper - 1}"
    return f"{edges[-1]} or more"


def chase_count(count: int) -> int:
    """A response count shown while a cycle is open, to chase responses: exact from 20, else
    rounded half up to the nearest 5 (1 and 2 give 0, 3 to 7 give 5, 18 and 19 give 20)."""
    if count >= CHASE_EXACT_FROM:
        return count
    return int(Decimal(count / 5).quantize(Decimal(1), rounding=ROUND_HALF_UP)) * 5
