"""Suggested priorities: which statements and ingredients most need the board's attention.

Pure and plain: facts in (frozen dataclasses the caller fills from the scored results), ranked
suggestions out, each naming its reason in words and numbers. The rules, thresholds and size
formulas below are the ones the README states under "Suggested priorities".

Every figure a rule compares is taken as the reader sees it: rounded half up to one decimal place
(``valuedcare.formatting.one_dp``), and differences are worked out from those shown figures, so a
reason's numbers always add up (target 3.5, current 2.0, gap 1.5) and a threshold is met exactly
when the shown figures meet it.

Rules (a suggestion is made only when every value the rule uses is known):

- ``target_gap``: target - current, at least ``Thresholds.statement_target_gap`` (1.0) for a
  statement and ``Thresholds.ingredient_target_gap`` (0.5) for an ingredient. Size: the gap.
- ``perception_gap``: board - other lens, only for a lens that is shown (5 or more respondents),
  at least ``Thresholds.perception_gap`` (0.5). Size: the gap.
- ``disagreement``: highest - lowest of board members' levels on a statement, at least
  ``Thresholds.disagreement_range`` (2). Size: range - 1, the levels beyond the one-level spread
  of neighbouring views (a range of 2 weighs as much as a 1-level gap, 4 levels as 3).
- ``below_peers``: the comparator group's lower quartile - this organisation's score, only where
  the group is shown, at least ``Thresholds.below_peers`` (0.1: any shown score below the shown
  quartile). Size: that difference.
- ``not_known``: "don't know" answers / all answers to a statement, at least
  ``Thresholds.not_known_share`` (0.25) with at least ``Thresholds.not_known_min_answers`` (2)
  answers. Size: 2 x share, so half the board unable to say weighs as much as a 1-level gap and
  everyone unable to say as a 2-level gap.

Ranking: size, largest first; ties by ingredient in model order (``INGREDIENT_ORDER``; unknown ids
after, alphabetically), then kind (``KINDS`` order), then statement id, then lens, then reason.
Ranks run 1..n over the suggestions returned.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from valuedcare.formatting import one_dp, percentage
from valuedcare.scoring.columns import EXPERTS_BY_EXPERIENCE, INGREDIENT_ORDER, PARTNER

TARGET_GAP = "target_gap"
PERCEPTION_GAP = "perception_gap"
DISAGREEMENT = "disagreement"
BELOW_PEERS = "below_peers"
NOT_KNOWN = "not_known"
KINDS = (TARGET_GAP, PERCEPTION_GAP, DISAGREEMENT, BELOW_PEERS, NOT_KNOWN)
"""Every kind of suggestion, in the order that breaks ties of size within an ingredient."""

_INGREDIENT_RANK = {ingredient: rank for rank, ingredient in enumerate(INGREDIENT_ORDER)}
_KIND_RANK = {kind: rank for rank, kind in enumerate(KINDS)}
_LENS_RANK = {"": 0, EXPERTS_BY_EXPERIENCE: 1, PARTNER: 2}


@dataclass(frozen=True)
class StatementFacts:
    """One board statement's results."""

    ingredient: str
    item_id: str
    text: str
    current: float | None
    """Board members' mean level (1-5); None when nobody scored it."""
    target: float | None
    """Mean target level in 12 months (1-5); None when none was set."""
    members: int
    """Members who scored it (not "don't know")."""
    lowest: int | None
    highest: int | None
    not_known: int
    """Members who answered "don't know"."""


@dataclass(frozen=True)
class LensComparison:
    """The board members' score on mirrored statements beside another lens's score."""

    lens: str
    """``experts_by_experience`` or ``partner``."""
    label: str
    """"Experts by experience" or "Partners"."""
    board: float | None
    other: float | None
    shown: bool
    """False when the lens is suppressed (fewer than 5 respondents) or otherwise not shown."""


@dataclass(frozen=True)
class IngredientFacts:
    """One ingredient's results."""

    ingredient: str
    title: str
    current: float | None
    target: float | None
    perception: tuple[LensComparison, ...] = ()
    score: float | None = None
    """The organisation's score as compared with its comparator group."""
    lower_quartile: float | None = None
    """The comparator group's lower quartile."""
    group_shown: bool = False
    """False when the comparator group is not shown (too few organisations)."""


@dataclass(frozen=True)
class Thresholds:
    """The least a finding must reach to be suggested, in the units of each rule."""

    statement_target_gap: float = 1.0
    """Levels between a statement's target and its current level."""
    ingredient_target_gap: float = 0.5
    """Levels between an ingredient's target and its current level."""
    perception_gap: float = 0.5
    """Levels by which the board's score exceeds another lens's."""
    disagreement_range: int = 2
    """Levels between the lowest and highest member on a statement."""
    below_peers: float = 0.1
    """Levels by which a score falls short of the group's lower quartile (0.1: any shortfall the
    shown figures have)."""
    not_known_share: float = 0.25
    """Share of a statement's answers that were "don't know"."""
    not_known_min_answers: int = 2
    """Answers (scored and "don't know") a statement needs before its share counts."""

    def __post_init__(self) -> None:
        gaps = (
            self.statement_target_gap,
            self.ingredient_target_gap,
            self.perception_gap,
            self.below_peers,
        )
        if any(not gap > 0 for gap in gaps):
            raise ValueError("Gap thresholds must be more than 0 levels")
        if self.disagreement_range < 2:
            raise ValueError("The disagreement range must be at least 2 levels")
        if not 0 < self.not_known_share <= 1:
            raise ValueError("The don't-know share must be more than 0 and at most 1")
        if self.not_known_min_answers < 1:
            raise ValueError("A don't-know share needs at least 1 answer")


@dataclass(frozen=True)
class Suggestion:
    """One thing to look at, why, and its place in the list."""

    kind: str
    """One of ``KINDS``."""
    ingredient: str
    item_ids: tuple[str, ...]
    """The statements addressed; () for an ingredient-level suggestion."""
    reason: str
    """Plain words with the numbers behind the suggestion."""
    size: float
    """The strength used for ranking, in levels (see the module docstring for each kind)."""
    rank: int
    """1 for the first suggestion."""
    title: str = ""
    """The ingredient's title (its id when no ``IngredientFacts`` names it)."""
    statement: str = ""
    """The statement's text; "" for an ingredient-level suggestion."""
    lens: str = ""
    """The other lens of a perception gap; "" for every other kind."""


def suggest_priorities(
    ingredients: Sequence[IngredientFacts],
    statements: Sequence[StatementFacts],
    thresholds: Thresholds = Thresholds(),
    limit: int | None = None,
) -> tuple[Suggestion, ...]:
    """Return the suggestions for attention, ranked 1..n, at most ``limit`` of them.

    The order of the inputs never changes the result. Nothing is suggested from a missing value,
    a lens that is not shown or a comparator group that is not shown.
    """
    if limit is not None and limit < 0:
        raise ValueError("limit must be 0 or more")
    titles = {facts.ingredient: facts.title for facts in ingredients}
    found = [
        *(s for facts in ingredients for s in _ingredient_suggestions(facts, thresholds)),
        *(s for facts in statements for s in _statement_suggestions(facts, thresholds, titles)),
    ]
    ordered = sorted(found, key=_order)[:limit]
    return tuple(replace(suggestion, rank=rank) for rank, suggestion in enumerate(ordered, start=1))


def _order(s: Suggestion) -> tuple[float, int, str, int, tuple[str, ...], int, str, str]:
    ingredient_rank = _INGREDIENT_RANK.get(s.ingredient, len(_INGREDIENT_RANK))
    lens_rank = _LENS_RANK.get(s.lens, len(_LENS_RANK))
    return (
        -s.size,
        ingredient_rank,
        s.ingredient,
        _KIND_RANK.get(s.kind, len(KINDS)),
        s.item_ids,
        lens_rank,
        s.lens,
        s.reason,
    )


def _ingredient_suggestions(facts: IngredientFacts, thresholds: Thresholds) -> Iterator[Suggestion]:
    def make(kind: str, reason: str, size: float, lens: str = "") -> Suggestion:
        return Suggestion(kind, facts.ingredient, (), reason, size, 0, facts.title, "", lens)

    gap = _difference(facts.target, facts.current)
    if gap is not None and gap >= thresholds.ingredient_target_gap:
        yield make(TARGET_GAP, _target_reason("ingredient", facts.target, facts.current, gap), gap)
    for comparison in facts.perception:
        if not comparison.shown:
            continue
        gap = _difference(comparison.board, comparison.other)
        if gap is not None and gap >= thresholds.perception_gap:
            reason = (
                f"{comparison.label} agreed with this ingredient's statements at "
                f"{one_dp(comparison.other)} on the 1 to 5 scale, below board members' own "
                f"level of {one_dp(comparison.board)}: a gap of {_levels(gap)}."
            )
            yield make(PERCEPTION_GAP, reason, gap, comparison.lens)
    if facts.group_shown:
        gap = _difference(facts.lower_quartile, facts.score)
        if gap is not None and gap >= thresholds.below_peers:
            reason = (
                f"This ingredient's score of {one_dp(facts.score)} is below its comparator "
                f"group's lower quartile of {one_dp(facts.lower_quartile)}: {_levels(gap)} "
                "below."
            )
            yield make(BELOW_PEERS, reason, gap)


def _statement_suggestions(
    facts: StatementFacts, thresholds: Thresholds, titles: Mapping[str, str]
) -> Iterator[Suggestion]:
    def make(kind: str, reason: str, size: float) -> Suggestion:
        title = titles.get(facts.ingredient, facts.ingredient)
        return Suggestion(
            kind, facts.ingredient, (facts.item_id,), reason, size, 0, title, facts.text
        )

    gap = _difference(facts.target, facts.current)
    if gap is not None and gap >= thresholds.statement_target_gap:
        yield make(TARGET_GAP, _target_reason("statement", facts.target, facts.current, gap), gap)
    if facts.lowest is not None and facts.highest is not None:
        spread = facts.highest - facts.lowest
        if spread >= thresholds.disagreement_range:
            reason = (
                f"Board members' levels for this statement range from {facts.lowest} to "
                f"{facts.highest}: {spread} levels apart among {_members(facts.members)}."
            )
            yield make(DISAGREEMENT, reason, float(spread - 1))
    answers = facts.members + facts.not_known
    if facts.not_known > 0 and answers >= thresholds.not_known_min_answers:
        share = facts.not_known / answers
        if share >= thresholds.not_known_share:
            reason = (
                f"{facts.not_known} of the {answers} board members who answered this statement "
                f'({percentage(share)}) said "don\'t know".'
            )
            yield make(NOT_KNOWN, reason, 2 * share)


def _target_reason(what: str, target: float | None, current: float | None, gap: float) -> str:
    return (
        f"The board's target for this {what} is {one_dp(target)} but its current level is "
        f"{one_dp(current)}: a gap of {_levels(gap)}."
    )


def _members(count: int) -> str:
    return "1 member" if count == 1 else f"{count} members"


def _levels(value: float) -> str:
    text = one_dp(value)
    return f"{text} level" if text == "1.0" else f"{text} levels"


def _shown(value: float | None) -> Decimal | None:
    """``value`` as the reader sees it (half up to one decimal place); None when missing."""
    if value is None or not math.isfinite(value):
        return None
    return Decimal(one_dp(value).replace(",", ""))


def _difference(larger: float | None, smaller: float | None) -> float | None:
    """``larger - smaller`` between the shown figures, or None when either is missing."""
    high, low = _shown(larger), _shown(smaller)
    if high is None or low is None:
        return None
    return float(high - low)
