"""Which statements a moderation meeting discusses first, and each ingredient's status."""

from __future__ import annotations

import pytest

from valuedcare.reports.discussion import (
    DONT_KNOW_SHARE,
    FAR_FROM_TARGET,
    RULES_TEXT,
    SPREAD_FOR_DISCUSSION,
    Reason,
    TaskStatus,
    discussion_first,
    discussion_reasons,
    median_level,
    task_status,
)


def test_the_rules_are_those_the_page_explains() -> None:
    assert (SPREAD_FOR_DISCUSSION, DONT_KNOW_SHARE, FAR_FROM_TARGET) == (2, 0.25, 2)
    assert RULES_TEXT == (
        "members' levels are 2 or more apart",
        '25% or more of the members who answered said "don\'t know"',
        "members' median target is 2 or more levels above their median level",
    )


@pytest.mark.parametrize(
    ("levels_chosen", "expected"),
    [
        ((0, 1, 0, 2, 0), (Reason.SPREAD,)),  # 2 and 4
        ((1, 0, 0, 0, 1), (Reason.SPREAD,)),  # 1 and 5
        ((0, 1, 1, 0, 0), ()),  # 2 and 3: one level apart
        ((0, 0, 3, 0, 0), ()),  # everyone agrees
        ((0, 0, 0, 0, 0), ()),  # nobody answered
    ],
)
def test_a_spread_of_two_levels_needs_discussion(
    levels_chosen: tuple[int, ...], expected: tuple[Reason, ...]
) -> None:
    assert discussion_reasons(levels_chosen, 0, None) == expected


@pytest.mark.parametrize(
    ("levels_chosen", "dont_know", "needs"),
    [
        ((0, 0, 3, 0, 0), 1, True),  # 1 of 4 is 25%
        ((0, 0, 4, 0, 0), 1, False),  # 1 of 5 is 20%
        ((0, 0, 0, 0, 0), 2, True),  # everyone said "don't know"
        ((0, 0, 2, 0, 0), 0, False),
    ],
)
def test_many_dont_know_answers_need_discussion(
    levels_chosen: tuple[int, ...], dont_know: int, needs: bool
) -> None:
    reasons = discussion_reasons(levels_chosen, dont_know, None)
    assert (Reason.DONT_KNOW in reasons) is needs


@pytest.mark.parametrize(
    ("target_median", "needs"), [(4.0, False), (4.5, False), (5.0, True), (None, False)]
)
def test_a_target_far_above_the_median_level_needs_discussion(
    target_median: float | None, needs: bool
) -> None:
    reasons = discussion_reasons((0, 0, 2, 0, 0), 0, target_median)  # median 3
    assert (Reason.FAR_FROM_TARGET in reasons) is needs


def test_reasons_come_in_a_fixed_order_and_read_as_words() -> None:
    one_level = discussion_reasons((1, 0, 0, 0, 0), 1, 3.0)  # 1 of 2 don't know; median 1
    assert one_level == (Reason.DONT_KNOW, Reason.FAR_FROM_TARGET)
    both = discussion_reasons((1, 0, 1, 0, 0), 1, 5.0)
    assert [reason.text for reason in both] == [
        "Levels 2 or more apart",
        "Many don't know",
        "Far from target",
    ]


def test_median_level_from_how_many_chose_each_level() -> None:
    assert median_level((0, 1, 0, 2, 0)) == 4.0
    assert median_level((0, 1, 1, 0, 0)) == 2.5
    assert median_level((0, 0, 0, 0, 0)) is None


def test_statements_needing_discussion_come_first_in_their_order() -> None:
    reasons = {"a": (), "b": (Reason.SPREAD,), "c": (), "d": (Reason.DONT_KNOW,)}
    assert discussion_first(["a", "b", "c", "d"], reasons.__getitem__) == ["b", "d", "a", "c"]
    assert discussion_first(["a", "c"], reasons.__getitem__) == ["a", "c"]


@pytest.mark.parametrize(
    ("agreed", "total", "status"),
    [
        (0, 6, TaskStatus.NOT_STARTED),
        (1, 6, TaskStatus.IN_PROGRESS),
        (5, 6, TaskStatus.IN_PROGRESS),
        (6, 6, TaskStatus.AGREED),
        (0, 0, TaskStatus.NOT_STARTED),
    ],
)
def test_an_ingredient_is_agreed_when_every_statement_is(
    agreed: int, total: int, status: TaskStatus
) -> None:
    assert task_status(agreed, total) is status
