"""When reminders are due: one rule for board members and for anonymous address lists.

A schedule is a tuple of days before the cycle closes, for example ``(7, 2)``. The reminder due
on a day is the one for the smallest point of the schedule that is at least the days left, so
a run that was missed (a scheduler down on the 7th day) still sends the 7-day reminder the next
day, and a run on the day after never sends a reminder twice: each point is sent once, keyed
by it in the outbox's unique reference.
"""

from __future__ import annotations

from datetime import date

#: Days before the cycle closes on which people who have not answered are reminded.
DEFAULT_SCHEDULE = (7, 2)


def schedule_point(closes_on: date, today: date, schedule: tuple[int, ...]) -> int | None:
    """The point of ``schedule`` whose reminder is due ``today``, or None (the cycle has closed,
    or it is earlier than the first point)."""
    days_left = (closes_on - today).days
    if days_left < 0:
        return None
    due = [point for point in schedule if point >= days_left]
    return min(due) if due else None


def days_left(closes_on: date, today: date) -> int:
    return (closes_on - today).days


def days_phrase(days: int) -> str:
    """How long is left, as a reminder says it: "1 day", "2 days"."""
    return "1 day" if days == 1 else f"{days} days"
