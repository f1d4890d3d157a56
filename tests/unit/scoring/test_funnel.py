"""Funnel plots: limits around the overall value worked out by hand, and flags for teams."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from valuedcare.scoring.funnel import Z_95, Z_998, funnel


def teams(rows: list[tuple[str, float, float]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["team", "numerator", "denominator"])


def test_share_limits_around_the_overall_share() -> None:
    # 50 + 60 + 55 + 35 = 200 of 2,000: overall 10%. For a team of 500:
    # sqrt(0.1 x 0.9 / 500) = 0.013416; 95%: 0.1 -/+ 1.96 x 0.013416 = 7.37% to 12.63%.
    result = funnel(
        teams([("A", 50, 500), ("B", 60, 500), ("C", 55, 500), ("D", 35, 500)]),
        kind="share",
        multiplier=100,
    )
    assert result.overall == pytest.approx(10.0)
    first = result.teams.iloc[0]
    spread = math.sqrt(0.1 * 0.9 / 500)
    assert first["lower_95"] == pytest.approx((0.1 - Z_95 * spread) * 100)
    assert first["upper_998"] == pytest.approx((0.1 + Z_998 * spread) * 100)
    assert result.teams["flag"].tolist() == ["within", "within", "within", "below_95"]
    assert result.outside == []


def test_a_team_far_above_is_outside_the_998_limit_and_named() -> None:
    result = funnel(
        teams([("A", 50, 500), ("B", 60, 520), ("C", 55, 480), ("D", 120, 510)]),
        kind="share",
        multiplier=100,
    )
    assert result.outside == ["D"]
    assert result.teams.set_index("team").loc["D", "flag"] == "above_998"


def test_share_limits_stay_between_0_and_100() -> None:
    result = funnel(teams([("A", 1, 10), ("B", 0, 10), ("C", 9, 10)]), kind="share", multiplier=100)
    assert (result.teams["lower_998"] >= 0).all()
    assert (result.teams["upper_998"] <= 100).all()
    assert (result.curve["upper_998"] <= 100).all()


def test_rate_limits_use_the_poisson_approximation() -> None:
    # 10 + 30 incidents over 2,000 + 2,000 bed days: 10 per 1,000. For 2,000 bed days:
    # sqrt(0.01 / 2000) = 0.0022361; 99.8%: 0.01 -/+ 3.09 x 0.0022361 = 3.09 to 16.91 per 1,000.
    result = funnel(teams([("A", 10, 2000), ("B", 30, 2000)]), kind="rate", multiplier=1000)
    assert result.overall == pytest.approx(10.0)
    first = result.teams.iloc[0]
    assert first["lower_998"] == pytest.approx((0.01 - Z_998 * math.sqrt(0.01 / 2000)) * 1000)
    assert first["value"] == pytest.approx(5.0)
    assert result.teams["flag"].tolist() == ["below_95", "above_95"]


def test_teams_without_a_denominator_are_left_out() -> None:
    result = funnel(teams([("A", 0, 0), ("B", 5, 50)]), kind="share", multiplier=100)
    assert result.teams["team"].tolist() == ["B"]
    empty = funnel(teams([("A", 0, 0)]), kind="share", multiplier=100)
    assert empty.overall is None and empty.teams.empty


def test_share_limits_are_clipped_at_0_and_100() -> None:
    # 1 of 30 overall: at 10, the 99.8% spread is 3.090232 x sqrt((1/30)(29/30) / 10) = 0.1754,
    # so the lower limit would be 0.0333 - 0.1754 < 0 and is 0. Mirrored, 29 of 30 would give an
    # upper limit above 1, which is 100%.
    low = funnel(teams([("A", 1, 10), ("B", 0, 10), ("C", 0, 10)]), kind="share", multiplier=100)
    assert low.teams["lower_998"].tolist() == [0.0, 0.0, 0.0]
    assert low.teams["lower_95"].tolist() == [0.0, 0.0, 0.0]
    assert low.teams["flag"].tolist() == ["within"] * 3, "0% is on the clipped limit, not below"
    high = funnel(teams([("A", 9, 10), ("B", 10, 10), ("C", 10, 10)]), kind="share", multiplier=100)
    assert high.teams["upper_998"].tolist() == [100.0, 100.0, 100.0]
    assert high.teams["lower_998"].iloc[0] == pytest.approx(
        (29 / 30 - Z_998 * math.sqrt(29 / 30 / 30 / 10)) * 100
    )


def test_rate_limits_stay_at_0_or_more() -> None:
    # 2 incidents over 400 bed days: 5 per 1,000. At 100 bed days the 99.8% spread is
    # 3.090232 x sqrt(0.005 / 100) = 0.02185: the lower limit would be negative and is 0.
    result = funnel(teams([("A", 0, 100), ("B", 2, 300)]), kind="rate", multiplier=1000)
    assert result.overall == pytest.approx(5.0)
    assert result.teams["lower_998"].iloc[0] == 0.0
    assert result.teams["upper_998"].iloc[0] == pytest.approx(
        (0.005 + Z_998 * math.sqrt(0.005 / 100)) * 1000
    )


def test_the_curve_spans_the_teams_and_narrows_as_teams_grow() -> None:
    result = funnel(
        teams([("A", 10, 100), ("B", 60, 500), ("C", 130, 1000)]), kind="share", multiplier=100
    )
    curve = result.curve
    assert curve["denominator"].min() <= 100 and curve["denominator"].max() >= 1000
    width = (curve["upper_95"] - curve["lower_95"]).to_numpy()
    assert (width[1:] < width[:-1]).all()
    assert (curve["upper_998"] > curve["upper_95"]).all()
    assert (curve["lower_998"] < curve["lower_95"]).all()
