"""Release at close: when new anonymous responses may join the published figures.

Figures of anonymous lenses are computed only from released responses. Responses are released when
a cycle closes, and released figures never change afterwards except by a later release. Reopening a
cycle and closing it again could otherwise publish two sets of figures that differ by one or two
people, and the difference between them would be those people's answers. So a later release is
allowed only when, for every group a figure is published for (the lens, each team, ingredient,
statement or quasi-identifier), the count of respondents either stays the same or grows by at least
``min_respondents``. Groups that were below the threshold before published nothing to difference
against, so they do not hold a release back.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping

from valuedcare.disclosure.rules import DisclosureRules

GroupCounts = Mapping[Hashable, int]
"""Respondents per published group, e.g. ``{("lens",): 12, ("team", "North"): 6}``."""


def blocking_groups(
    released: GroupCounts, candidate: GroupCounts, rules: DisclosureRules
) -> list[Hashable]:
    """The groups whose change from ``released`` to ``candidate`` counts could single people out.

    A group blocks when it had a published figure (``min_respondents`` or more released
    respondents) and would change by between 1 and ``min_respondents - 1`` respondents.
    """
    blocking = []
    for group in sorted(set(released) | set(candidate), key=repr):
        before = released.get(group, 0)
        if before < rules.min_respondents:
            continue
        change = abs(candidate.get(group, 0) - before)
        if 0 < change < rules.min_respondents:
            blocking.append(group)
    return blocking


def release_allowed(released: GroupCounts, candidate: GroupCounts, rules: DisclosureRules) -> bool:
    """True when publishing ``candidate`` after ``released`` cannot be differenced (see module)."""
    return not blocking_groups(released, candidate, rules)
