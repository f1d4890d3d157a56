"""Release at close: which anonymous responses feed published figures, and releasing new ones.

Figures of the anonymous lenses (experts by experience, partners) are computed only from released
responses, for every role. A response is released when its cycle closes (``release_cycle``, called
by ``cycles.change_status``). A later close (after a reopening) releases the new responses of an
assessment's lens only if ``disclosure.release_allowed`` says no published group would change by
between 1 and ``min_respondents - 1`` people; otherwise they wait for a later close, and the
figures already published stay exactly as they were. Board responses are named and always count.

``published_scores`` and ``published_responses`` are the clauses every query of published figures
adds; nothing else decides what counts.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable

from sqlalchemy import ColumnElement, and_, or_, select, update

from valuedcare.data.generations import scores_changed
from valuedcare.data.records import ReleaseResult
from valuedcare.disclosure import DisclosureRules, blocking_groups
from valuedcare.extensions import db
from valuedcare.models import Answer, Assessment, Response, ResponseScore
from valuedcare.models.base import utcnow
from valuedcare.scoring.columns import ANONYMOUS_LENSES

SUBMITTED = "submitted"


def published_scores() -> ColumnElement[bool]:
    """Stored ingredient scores that may feed published figures."""
    return ResponseScore.released.is_(True)


def published_responses() -> ColumnElement[bool]:
    """Submitted responses whose answers may feed published figures (board always, anonymous
    lenses once released)."""
    return and_(
        Response.status == SUBMITTED,
        or_(Response.lens.not_in(ANONYMOUS_LENSES), Response.released_at.is_not(None)),
    )


def is_released(lens: str, released_at: object) -> bool:
    """Whether a response of ``lens`` with ``released_at`` counts in published figures."""
    return lens not in ANONYMOUS_LENSES or released_at is not None


def release_cycle(cycle_id: int, rules: DisclosureRules) -> ReleaseResult:
    """Release the cycle's unreleased anonymous responses where the rules allow (and flush)."""
    result = ReleaseResult()
    assessment_ids = db.session.scalars(
        select(Assessment.id).where(Assessment.cycle_id == cycle_id).order_by(Assessment.id)
    ).all()
    for assessment_id in assessment_ids:
        for lens in ANONYMOUS_LENSES:
            _release_lens(assessment_id, lens, rules, result)
    db.session.flush()
    if result.released:
        scores_changed([cycle_id])
    return result


def _release_lens(
    assessment_id: int, lens: str, rules: DisclosureRules, result: ReleaseResult
) -> None:
    rows = db.session.execute(
        select(Response.id, Response.team, Response.released_at).where(
            Response.assessment_id == assessment_id,
            Response.lens == lens,
            Response.status == SUBMITTED,
        )
    ).all()
    released = {row.id for row in rows if row.released_at is not None}
    candidates = {row.id for row in rows if row.released_at is None}
    if not candidates:
        return
    memberships = _memberships({row.id: row.team for row in rows})
    before = _group_counts(memberships, released)
    after = _group_counts(memberships, released | candidates)
    if blocking_groups(before, after, rules):
        result.held_back.append((assessment_id, lens))
        return
    ids = sorted(candidates)
    db.session.execute(update(Response).where(Response.id.in_(ids)).values(released_at=utcnow()))
    db.session.execute(
        update(ResponseScore).where(ResponseScore.response_id.in_(ids)).values(released=True)
    )
    result.released[(assessment_id, lens)] = len(ids)


def _memberships(teams: dict[int, str | None]) -> dict[int, set[Hashable]]:
    """Every published group each response belongs to: the lens, its team, each ingredient it
    scored (overall and within its team) and each question it answered."""
    groups: dict[int, set[Hashable]] = {rid: {("lens",)} for rid in teams}
    for rid, team in teams.items():
        if team is not None:
            groups[rid].add(("team", team))
    ids = list(teams)
    scored = db.session.execute(
        select(ResponseScore.response_id, ResponseScore.ingredient).where(
            ResponseScore.response_id.in_(ids), ResponseScore.score.is_not(None)
        )
    ).all()
    for rid, ingredient in scored:
        groups[rid].add(("ingredient", ingredient))
        groups[rid].add(("team ingredient", teams[rid], ingredient))
    answered = db.session.execute(
        select(Answer.response_id, Answer.item_id).where(Answer.response_id.in_(ids))
    ).all()
    for rid, item_id in answered:
        groups[rid].add(("question", item_id))
    return groups


def _group_counts(memberships: dict[int, set[Hashable]], ids: Iterable[int]) -> Counter:
    counts: Counter = Counter()
    for rid in ids:
        counts.update(memberships[rid])
    return counts
