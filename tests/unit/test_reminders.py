"""The reminder schedule: each point is due once, and a missed run still sends it."""

from datetime import date, timedelta

from valuedcare.reminders import days_phrase, schedule_point

CLOSES = date(2027, 3, 31)
SCHEDULE = (7, 2)


def on(days_left: int) -> int | None:
    return schedule_point(CLOSES, CLOSES - timedelta(days=days_left), SCHEDULE)


def test_nothing_is_due_before_the_first_point_or_after_closing() -> None:
    assert on(8) is None
    assert on(30) is None
    assert on(-1) is None


def test_the_seven_day_point_covers_the_days_until_the_two_day_point() -> None:
    assert [on(days) for days in (7, 6, 5, 4, 3)] == [7] * 5


def test_the_last_point_runs_to_the_closing_day() -> None:
    assert [on(days) for days in (2, 1, 0)] == [2, 2, 2]


def test_the_schedule_may_be_given_in_any_order() -> None:
    assert schedule_point(CLOSES, CLOSES - timedelta(days=5), (2, 7)) == 7


def test_a_single_day_is_said_in_the_singular() -> None:
    assert [days_phrase(days) for days in (0, 1, 2)] == ["0 days", "1 day", "2 days"]
