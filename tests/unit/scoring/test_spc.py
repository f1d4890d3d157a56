"""XmR charts as "Making Data Count" describes them: worked examples whose answers are worked
out by hand in the comments, each special-cause rule on its own, and properties that must hold
for any series."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from valuedcare.scoring.spc import (
    COLUMNS,
    FEW_POINTS,
    assurance_of,
    runs,
    trends,
    two_in_three,
    xmr,
)


def monthly(values: list[float], start: str = "2024-01-01") -> pd.Series:
    return pd.Series(values, index=pd.date_range(start, periods=len(values), freq="MS"))


def flagged(result, rule: str) -> list[int]:
    return [index for index, rules in enumerate(result.frame["rules"]) if rule in rules]


def test_mean_moving_ranges_and_limits_of_a_small_series() -> None:
    # 10, 12, 11, 13, 12: mean 58 / 5 = 11.6; moving ranges 2, 1, 2, 1, mean 1.5 (none above
    # 3.267 x 1.5 = 4.9, so none screened out); limits 11.6 -/+ 2.66 x 1.5 = 7.61 and 15.59;
    # two thirds of the way out: 11.6 -/+ 2.66 = 8.94 and 14.26.
    result = xmr(monthly([10, 12, 11, 13, 12]), better="lower")
    frame = result.frame
    assert list(frame.columns) == COLUMNS
    assert frame["mean"].iloc[0] == pytest.approx(11.6)
    assert frame["moving_range"].tolist()[1:] == [2, 1, 2, 1]
    assert np.isnan(frame["moving_range"].iloc[0])
    assert result.lower == pytest.approx(7.61)
    assert result.upper == pytest.approx(15.59)
    assert frame["near_lower"].iloc[0] == pytest.approx(8.94)
    assert frame["near_upper"].iloc[0] == pytest.approx(14.26)
    assert set(frame["point"]) == {"common_cause"}
    assert result.variation == "common_cause"
    assert result.too_few_points


def test_twenty_months_with_a_known_mean_and_mean_moving_range() -> None:
    # Sum 1,011, so the mean is 1,011 / 20 = 50.55. Moving ranges 2 3 2 2 3 2 3 1 2 1 2 1 2 1 2 1
    # 1 1 2 sum to 34: the mean moving range is 34 / 19 = 1.789 (none at or above 3.267 x 1.789
    # = 5.85, so none screened out). Limits 50.55 -/+ 2.66 x 34 / 19 = 50.55 -/+ 4.76: 45.79 and
    # 55.31, which every point lies well within; no 7 on one side and no 7 rising or falling.
    values = [50, 52, 49, 51, 53, 50, 48, 51, 52, 50, 49, 51, 50, 52, 51, 49, 50, 51, 52, 50]
    result = xmr(monthly(values, "2023-01-01"), better="higher", target=45)
    assert result.mean == pytest.approx(50.55)
    assert result.frame["moving_range"].iloc[1:].sum() == 34
    assert result.lower == pytest.approx(45.79)
    assert result.upper == pytest.approx(55.31)
    assert set(result.frame["point"]) == {"common_cause"}
    assert result.variation == "common_cause"
    assert result.assurance == "met", "45 is below the lower limit, and higher is better"
    assert not result.too_few_points
    assert result.latest_month == date(2024, 8, 1)


def test_a_moving_range_above_its_own_limit_is_screened_out() -> None:
    # 10, 11, 10, 11, 10, 11, 10, 40: moving ranges six 1s and a 30, mean 36 / 7 = 5.14; the 30
    # is above 3.267 x 5.14 = 16.8, so the mean moving range is taken again without it: 1.0.
    # Mean 113 / 8 = 14.125; limits 14.125 -/+ 2.66.
    result = xmr(monthly([10, 11, 10, 11, 10, 11, 10, 40]), better="lower")
    assert result.upper == pytest.approx(14.125 + 2.66)
    assert result.lower == pytest.approx(14.125 - 2.66)
    assert "beyond_limit" in result.frame["rules"].iloc[-1]
    assert result.frame["point"].iloc[-1] == "concern"
    assert result.variation == "concern_high"


def test_a_point_beyond_the_upper_limit_is_special_cause() -> None:
    # Nineteen points between 10 and 13 and a last one of 25: the moving range of 14 into the
    # last point is screened out, the mean is 239 / 20 = 11.95 and the upper limit is far below 25.
    values = [10, 12, 11, 13, 10, 12, 11, 10, 12, 11, 13, 12, 10, 11, 12, 11, 10, 12, 11, 25]
    result = xmr(monthly(values), better="lower")
    assert result.mean == pytest.approx(11.95)
    assert flagged(result, "beyond_limit") == [19]
    assert result.variation == "concern_high"
    higher = xmr(monthly(values), better="higher")
    assert higher.variation == "improvement_high"


def test_a_run_of_seven_or_more_on_one_side_of_the_mean() -> None:
    # 0, 2, 0, 2, 0, 2 then 1.5, 1.3 alternating (13 points): sum 15.9, mean 1.223; the 2 at
    # index 5 and the seven points after it are all above the mean: a run of 8. Moving ranges:
    # five 2s, 0.5, then six 0.2s: 11.7 / 12 = 0.975, so the limits (mean -/+ 2.59) and the
    # two-thirds lines (mean -/+ 1.73) hold every point.
    values = [0, 2, 0, 2, 0, 2, 1.5, 1.3, 1.5, 1.3, 1.5, 1.3, 1.5]
    result = xmr(monthly(values), better="lower")
    assert result.mean == pytest.approx(15.9 / 13)
    assert result.upper - result.mean == pytest.approx(2.66 * 0.975)
    assert flagged(result, "run") == list(range(5, 13))
    assert flagged(result, "beyond_limit") == flagged(result, "two_in_three") == []
    assert flagged(result, "trend") == []
    assert result.variation == "concern_high"


def test_six_points_above_the_mean_are_not_a_run() -> None:
    values = [0, 2, 0, 2, 0, 2, 0, 1.5, 1.3, 1.5, 1.3, 1.5, 1.3]
    result = xmr(monthly(values), better="lower")
    assert flagged(result, "run") == []


def test_a_point_on_the_mean_ends_a_run() -> None:
    # 3, 3, 3, 2, 3, 3, 3 then six 1s: sum 26 over 13 points, mean exactly 2. The 2 sits on the
    # mean, so the 3s make two runs of 3, not one of 7. With a 3 in its place (sum 27, mean 2.08)
    # the seven 3s are a run.
    on_mean = xmr(monthly([3, 3, 3, 2, 3, 3, 3] + [1] * 6), better="lower")
    assert on_mean.mean == pytest.approx(2.0)
    assert flagged(on_mean, "run") == []
    above = xmr(monthly([3] * 7 + [1] * 6), better="lower")
    assert flagged(above, "run") == list(range(7))


def test_seven_points_rising_are_a_trend() -> None:
    # 4, 6, 4, 6 then 3, 3.5, ..., 6 (seven points, each 0.5 higher): mean 51.5 / 11 = 4.68;
    # moving ranges 2, 2, 2, 3 and six 0.5s: 12 / 10 = 1.2; limits 4.68 -/+ 3.19 and two-thirds
    # lines 4.68 -/+ 2.13 hold every point, and no seven are on one side of the mean.
    values = [4, 6, 4, 6, 3, 3.5, 4, 4.5, 5, 5.5, 6]
    result = xmr(monthly(values), better="higher")
    assert result.mean == pytest.approx(51.5 / 11)
    assert result.upper - result.mean == pytest.approx(2.66 * 1.2)
    assert flagged(result, "trend") == list(range(4, 11))
    assert flagged(result, "run") == flagged(result, "beyond_limit") == []
    assert result.variation == "improvement_high"
    assert xmr(monthly(values), better="lower").variation == "concern_high"


def test_a_falling_trend_above_the_mean_is_a_fall() -> None:
    # 13 down to 10 in steps of 0.5 (seven points, sum 80.5), then 6, 9, 6, 9, 6, 9, 6 (sum 51):
    # mean 131.5 / 14 = 9.393. Moving ranges six 0.5s, 4 and six 3s: 25 / 13 = 1.923 (none
    # screened out: 3.267 x 1.923 = 6.28); limits 9.393 -/+ 5.115 = 4.28 and 14.51, near-limit
    # lines 12.80 and 5.98: only the 13 is close, alone in its three. The first seven points are
    # both a run above the mean and a falling trend (which 6 extends to eight); the trend comes
    # first, so when higher is better they are a concern, not an improvement, as NHSRplotthedots
    # has coloured trends since late 2023. The last seven are a run below the mean.
    values = [13, 12.5, 12, 11.5, 11, 10.5, 10, 6, 9, 6, 9, 6, 9, 6]
    result = xmr(monthly(values), better="higher")
    assert result.mean == pytest.approx(131.5 / 14)
    assert result.upper == pytest.approx(131.5 / 14 + 2.66 * 25 / 13)
    assert flagged(result, "trend") == list(range(8))
    assert flagged(result, "run") == list(range(14))
    assert flagged(result, "beyond_limit") == flagged(result, "two_in_three") == []
    assert set(result.frame["point"]) == {"concern"}
    assert result.variation == "concern_low"
    lower = xmr(monthly(values), better="lower")
    assert lower.frame["point"].iloc[:8].tolist() == ["improvement"] * 8
    assert lower.frame["point"].iloc[8:].tolist() == ["improvement"] * 6


def test_six_points_rising_or_an_equal_pair_are_not_a_trend() -> None:
    assert (
        flagged(xmr(monthly([4, 6, 4, 6, 3, 3.5, 4, 4.5, 5, 5.5]), better="higher"), "trend") == []
    )
    equal = [4, 6, 4, 6, 3, 3.5, 4, 4, 4.5, 5, 5.5, 6]
    assert flagged(xmr(monthly(equal), better="higher"), "trend") == []


def test_two_of_three_points_close_to_a_limit() -> None:
    # 10, 11 six times, then 13.5, 11.5, 13.5: mean 164.5 / 15 = 10.967; moving ranges eleven
    # 1s, 2.5, 2, 2: 17.5 / 14 = 1.25; upper limit 10.967 + 3.325 = 14.29, two-thirds line
    # 10.967 + 2.217 = 13.18. Both 13.5s lie between the two lines, and all three points are
    # above the mean.
    values = [10, 11] * 6 + [13.5, 11.5, 13.5]
    result = xmr(monthly(values), better="lower")
    assert result.mean == pytest.approx(164.5 / 15)
    assert result.upper == pytest.approx(164.5 / 15 + 2.66 * 1.25)
    assert flagged(result, "two_in_three") == [12, 14]
    assert flagged(result, "beyond_limit") == []
    assert result.variation == "concern_high"


def test_two_close_points_with_one_below_the_mean_between_them_are_not_special() -> None:
    # As above with 10.5 (below the mean) in the middle: the three are not on one side.
    values = [10, 11] * 6 + [13.5, 10.5, 13.5]
    assert flagged(xmr(monthly(values), better="lower"), "two_in_three") == []


def test_one_point_close_to_a_limit_is_not_special() -> None:
    values = [10, 11] * 6 + [13.5, 10.5, 10]
    assert flagged(xmr(monthly(values), better="lower"), "two_in_three") == []


def test_neither_direction_gives_neither_high_or_low() -> None:
    values = [10, 12, 11, 13, 10, 12, 11, 10, 12, 11, 13, 12, 10, 11, 12, 11, 10, 12, 11, 25]
    result = xmr(monthly(values), better="neither")
    assert result.frame["point"].iloc[-1] == "neither"
    assert result.variation == "neither_high"
    assert result.assurance is None


@pytest.mark.parametrize(
    ("better", "target", "expected"),
    [
        # The small series' limits are 7.61 and 15.59.
        ("lower", 20, "met"),
        ("lower", 5, "not_met"),
        ("lower", 12, "hit_and_miss"),
        ("higher", 5, "met"),
        ("higher", 20, "not_met"),
        ("higher", 12, "hit_and_miss"),
        ("neither", 12, None),
        ("lower", None, None),
    ],
)
def test_assurance_against_a_target(
    better: str, target: float | None, expected: str | None
) -> None:
    result = xmr(monthly([10, 12, 11, 13, 12]), better=better, target=target)  # type: ignore[arg-type]
    assert result.assurance == expected


def test_limits_are_recalculated_from_a_change_date() -> None:
    # 10, 12 for a year, then 20, 22 for a year: each phase has its own mean (11 and 21) and, its
    # moving ranges all 2, limits 2.66 x 2 = 5.32 either side. The jump between phases is not a
    # moving range of either.
    values = [10, 12] * 6 + [20, 22] * 6
    result = xmr(monthly(values), better="lower", rebase=[date(2025, 1, 1)])
    frame = result.frame
    assert frame["phase"].tolist() == [0] * 12 + [1] * 12
    assert frame["mean"].iloc[0] == pytest.approx(11)
    assert frame["mean"].iloc[-1] == pytest.approx(21)
    assert result.upper == pytest.approx(21 + 5.32)
    assert np.isnan(frame["moving_range"].iloc[12])
    assert set(frame["point"]) == {"common_cause"}
    assert not result.too_few_points
    whole = xmr(monthly(values), better="lower")
    assert whole.variation == "concern_high", "without the change date, the second year is a shift"


def test_too_few_points() -> None:
    assert xmr(monthly([1.0] * (FEW_POINTS - 1) + [2.0]), better="lower").too_few_points is False
    one = xmr(monthly([5.0]), better="lower")
    assert one.variation is None and one.upper is None and one.mean == 5.0
    empty = xmr(pd.Series(dtype=float), better="lower")
    assert empty.frame.empty and empty.variation is None and empty.latest_month is None


def test_a_flat_series_is_common_cause_even_after_rounding() -> None:
    # Every moving range is 0, so the limits sit on the mean. 2,738.8 three times averages to a
    # hair off 2,738.8 in floating point; that is rounding, not a point beyond a limit.
    for value in (273.88, 2738.8, 0.1 + 0.2):
        result = xmr(monthly([value] * 3), better="lower")
        assert result.upper == pytest.approx(value) and result.lower == pytest.approx(value)
        assert set(result.frame["point"]) == {"common_cause"}
        assert result.variation == "common_cause"


def test_missing_months_are_left_out_and_order_does_not_matter() -> None:
    series = monthly([10, 12, np.nan, 11, 13, 12])
    result = xmr(series.sample(frac=1, random_state=3), better="lower")
    assert result.frame["value"].tolist() == [10, 12, 11, 13, 12]
    assert result.latest_month == date(2024, 6, 1)


values_strategy = st.lists(
    st.floats(min_value=-1e4, max_value=1e4, allow_nan=False, allow_infinity=False).map(
        lambda x: round(x, 2)
    ),
    min_size=2,
    max_size=40,
)
# Whole numbers, such as counts of incidents, for the properties about each point's class: a
# point exactly on the mean or a limit stays exactly on it when every value is shifted or scaled,
# where with decimals the shifted value could land a rounding error either side.
counts_strategy = st.lists(st.integers(min_value=-1000, max_value=1000), min_size=2, max_size=40)


@settings(max_examples=80, deadline=None)
@given(values_strategy, st.floats(min_value=-1e4, max_value=1e4).map(lambda x: round(x, 2)))
def test_shifting_the_data_moves_the_mean_not_the_limits_width(values, shift) -> None:
    before = xmr(monthly(values), better="lower")
    after = xmr(monthly([v + shift for v in values]), better="lower")
    assert after.mean == pytest.approx(before.mean + shift, abs=1e-6)
    assert after.upper - after.lower == pytest.approx(before.upper - before.lower, abs=1e-6)


@settings(max_examples=80, deadline=None)
@given(counts_strategy, st.integers(min_value=-1000, max_value=1000))
def test_shifting_the_data_keeps_every_point_and_the_variation(values, shift) -> None:
    before = xmr(monthly(values), better="higher")
    after = xmr(monthly([v + shift for v in values]), better="higher")
    assert after.frame["point"].tolist() == before.frame["point"].tolist()
    assert after.frame["rules"].tolist() == before.frame["rules"].tolist()
    assert after.variation == before.variation


@settings(max_examples=80, deadline=None)
@given(values_strategy)
def test_reversing_the_better_direction_swaps_improvement_and_concern(values) -> None:
    lower = xmr(monthly(values), better="lower")
    higher = xmr(monthly(values), better="higher")
    swap = {"improvement": "concern", "concern": "improvement", "common_cause": "common_cause"}
    assert higher.frame["point"].tolist() == [swap[p] for p in lower.frame["point"]]
    if lower.variation and lower.variation != "common_cause":
        kind, side = lower.variation.split("_")
        assert higher.variation == f"{swap[kind]}_{side}"
    else:
        assert higher.variation == lower.variation


@settings(max_examples=60, deadline=None)
@given(counts_strategy, st.sampled_from([0.5, 2.0, 10.0]))
def test_scaling_the_data_scales_the_limits_and_keeps_every_point(values, factor) -> None:
    before = xmr(monthly(values), better="lower")
    after = xmr(monthly([v * factor for v in values]), better="lower")
    assert after.mean == pytest.approx(before.mean * factor)
    assert after.upper - after.lower == pytest.approx((before.upper - before.lower) * factor)
    assert after.frame["point"].tolist() == before.frame["point"].tolist()


@settings(max_examples=60, deadline=None)
@given(values_strategy, st.randoms(use_true_random=False))
def test_the_order_of_the_input_does_not_matter(values, random) -> None:
    series = monthly(values)
    shuffled = series.iloc[random.sample(range(len(values)), len(values))]
    pd.testing.assert_frame_equal(
        xmr(shuffled, better="higher", target=0).frame,
        xmr(series, better="higher", target=0).frame,
    )


# The rule functions against the cases of NHSRplotthedots' own tests
# (tests/testthat/test-ptd_calculate_point_type.R and test-ptd_calculate_assurance_type.R),
# which flag the points of a run or trend and the close points of a two-in-three window.


@pytest.mark.parametrize(
    ("signs", "expected"),
    [
        ([], []),
        ([1] * 6, [0] * 6),
        ([1] * 6 + [-1], [0] * 7),
        ([1] * 8 + [-1], [1] * 8 + [0]),
        ([-1] * 8 + [1], [1] * 8 + [0]),
        ([-1] + [1] * 8 + [-1], [0] + [1] * 8 + [0]),
    ],
)
def test_runs_as_plotthedots_finds_them(signs: list[int], expected: list[int]) -> None:
    assert runs(np.array(signs, dtype=float)).astype(int).tolist() == expected


@pytest.mark.parametrize(
    ("values", "expected", "direction"),
    [
        ([], [], 0),
        (list(range(1, 7)), [0] * 6, 0),
        ([1, 2, 3, 3, 4, 5, 6], [0] * 7, 0),
        (list(range(1, 8)), [1] * 7, 1),
        ([2, *range(1, 8), 3], [0] + [1] * 7 + [0], 1),
        (list(range(7, 0, -1)), [1] * 7, -1),
        ([2, *range(7, 0, -1), 3], [0] + [1] * 7 + [0], -1),
    ],
)
def test_trends_as_plotthedots_finds_them(
    values: list[int], expected: list[int], direction: int
) -> None:
    found, directions = trends(np.array(values, dtype=float))
    assert found.astype(int).tolist() == expected
    assert {int(d) for d, hit in zip(directions, found, strict=True) if hit} <= {direction}


def test_a_point_where_a_fall_meets_a_rise_takes_the_rise() -> None:
    # 7 down to 1, then up to 7: the 1 ends the fall and starts the rise; as in NHSRplotthedots'
    # ptd_special_cause_type, a point in a trend on both sides takes the right-hand one.
    found, directions = trends(np.array([7, 6, 5, 4, 3, 2, 1, 2, 3, 4, 5, 6, 7], dtype=float))
    assert found.all()
    assert directions.tolist() == [-1] * 6 + [1] * 7


@pytest.mark.parametrize(
    ("near", "expected"),
    [
        ([0, 0, 0], [0, 0, 0]),
        ([1, 0, 1], [1, 0, 1]),
        ([0, 1, 1], [0, 1, 1]),
        ([1, 1, 0], [1, 1, 0]),
        ([0, 0, 1, 0, 1, 0, 0], [0, 0, 1, 0, 1, 0, 0]),
        ([0, 0, 1, 1, 0, 0, 0], [0, 0, 1, 1, 0, 0, 0]),
        ([1, 0, 0, 1], [0, 0, 0, 0]),
        ([1, 0, 0, 1, 1], [0, 0, 0, 1, 1]),
    ],
)
def test_two_in_three_as_plotthedots_finds_it(near: list[int], expected: list[int]) -> None:
    side = np.ones(len(near))
    assert two_in_three(np.array(near), side).astype(int).tolist() == expected


@pytest.mark.parametrize(
    ("lower", "upper", "better", "expected"),
    [
        (1, 3, "higher", "not_met"),
        (5, 7, "higher", "met"),
        (1, 5, "higher", "hit_and_miss"),
        (1, 3, "lower", "met"),
        (5, 7, "lower", "not_met"),
        (1, 5, "lower", "hit_and_miss"),
        (1, 5, "neither", None),
    ],
)
def test_assurance_as_plotthedots_finds_it(lower, upper, better, expected) -> None:
    # plotthedots: limits 1 to 3, 5 to 7 and 1 to 5 against a target of 4.
    assert assurance_of(lower, upper, better, 4) == expected
