"""Which statements a moderation meeting discusses first, and how far each ingredient is agreed.

Pure functions of members' answers (no database, no web), used by ``valuedcare.reports.moderation``.

A statement needs discussion when any of these holds:
- spread: the lowest and highest level members chose are ``SPREAD_FOR_DISCUSSION`` or more apart
  (the rule of the report's "statements the board disagrees on", ``scoring.disagreement``);
- "don't know": at least ``DONT_KNOW_SHARE`` of the members who answered it said "don't know";
- far from target: members' median 12-month target is ``FAR_FROM_TARGET`` or more levels above
  their median level.
Statements needing discussion come first; otherwise the questionnaire's order is kept.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Sequence
from enum import StrEnum
from typing import TypeVar

from valuedcare.scoring.disagreement import SPREAD_FOR_DISCUSSION

#: Share of the members answering a statement who said "don't know" that calls for discussion.
DONT_KNOW_SHARE = 0.25
#: Levels between members' median target and median level that call for discussion.
FAR_FROM_TARGET = 2

T = TypeVar("T")


class Reason(StrEnum):
    """Why a statement needs discussion."""

    SPREAD = "spread"
    DONT_KNOW = "dont_know"
    FAR_FROM_TARGET = "far_from_target"

    @property
    def text(self) -> str:
        """The reason in words, as a tag shows it."""
        return REASON_TEXT[self]


REASON_TEXT = {
    Reason.SPREAD: f"Levels {SPREAD_FOR_DISCUSSION} or more apart",
    Reason.DONT_KNOW: "Many don't know",
    Reason.FAR_FROM_TARGET: "Far from target",
}

#: The rules in words, for the pages that show them.
RULES_TEXT = (
    f"members' levels are {SPREAD_FOR_DISCUSSION} or more apart",
    f'{DONT_KNOW_SHARE:.0%} or more of the members who answered said "don\'t know"',
    f"members' median target is {FAR_FROM_TARGET} or more levels above their median level",
)


class TaskStatus(StrEnum):
    """How far the board has agreed an ingredient's statements."""

    NOT_STARTED = "Not started"
    IN_PROGRESS = "In progress"
    AGREED = "Agreed"


def median_level(levels_chosen: Sequence[int]) -> float | None:
    """The median level from how many members chose each level 1 to 5; None if nobody did."""
    levels = [level for level, many in enumerate(levels_chosen, start=1) for _ in range(many)]
    return float(statistics.median(levels)) if levels else None


def discussion_reasons(
    levels_chosen: Sequence[int], dont_know: int, target_median: float | None
) -> tuple[Reason, ...]:
    """Why a statement needs discussion (empty when it does not).

    ``levels_chosen``: how many members chose each level 1 to 5; ``dont_know``: how many said
    "don't know"; ``target_median``: members' median target, None when nobody gave one.
    """
    reasons: list[Reason] = []
    chosen = [level for level, many in enumerate(levels_chosen, start=1) if many]
    if chosen and max(chosen) - min(chosen) >= SPREAD_FOR_DISCUSSION:
        reasons.append(Reason.SPREAD)
    answered = sum(levels_chosen) + dont_know
    if answered and dont_know / answered >= DONT_KNOW_SHARE:
        reasons.append(Reason.DONT_KNOW)
    median = median_level(levels_chosen)
    if (
        median is not None
        and target_median is not None
        and target_median - median >= FAR_FROM_TARGET
    ):
        reasons.append(Reason.FAR_FROM_TARGET)
    return tuple(reasons)


def discussion_first(items: Sequence[T], reasons: Callable[[T], Sequence[Reason]]) -> list[T]:
    """``items`` with those that have reasons for discussion first, each part in its order."""
    return sorted(items, key=lambda item: not reasons(item))


def task_status(agreed: int, total: int) -> TaskStatus:
    """An ingredient's status from how many of its ``total`` statements have an agreed level."""
    if total and agreed >= total:
        return TaskStatus.AGREED
    if agreed:
        return TaskStatus.IN_PROGRESS
    return TaskStatus.NOT_STARTED
