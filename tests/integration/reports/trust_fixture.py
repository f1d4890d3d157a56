"""A small, hand-computable trust for the report tests (every expected number is worked out below).

Trust A ("TSTA"), peer group "Test peers", cycles 2024/25 and 2025/26 (both closed unless a test
says otherwise). Board statements have weight 1, so an ingredient score is a plain mean.

2025/26, board members (3):
    member  ebe1   ebe2       loc1  cul1   -> experts_by_experience  local_area  culture
    M1      4 (t5) 2 (t3)     2     3 (t4)    (4 + 2) / 2 = 3.0       2           3
    M2      2 (t4) don't know 3     5         2 / 1 = 2.0             3           5
    M3      4      3          4     1 (t3)    (4 + 3) / 2 = 3.5       4           1
    board:  experts_by_experience (3.0 + 2.0 + 3.5) / 3 = 2.8333 -> "2.8" Emerging
            local_area (2 + 3 + 4) / 3 = 3.0; culture (3 + 5 + 1) / 3 = 3.0
    statements: ebe1 mean 10/3 = 3.33 (strongest), ebe2 mean 2.5 (weakest)
    disagreement: ebe1 (2 to 4) and cul1 (1 to 5); ebe2 (2 to 3) and loc1 (2 to 4) -> loc1 too
Agreed position: ebe1 3 (target 4), ebe2 2 (target 3, rationale), cul1 3 (target 4): 3 of the
    55 statements, so "Provisional: 3 of 55 statements agreed" and no agreed ingredient score
    (an ingredient is scored only once all its statements are agreed); target gaps use the
    members: ebe current (10/3 + 2.5) / 2 = 2.917, target (4.5 + 3) / 2 = 3.75; culture 3 -> 3.5.
"Don't know": ebe2, 1 of 3 members.
Experts by experience: 3 respondents, listened_to_actual scores 5, 5, 4 (mean 4.67) -> suppressed
    and a comment "SMALL GROUP SECRET" that must never be shown.
Partners: 5 respondents, p1 scores 1, 2, 2, 3, 3 -> local_area 11 / 5 = 2.2; each also answers
    p12 (free text) "Partner comment N"; one answers "=HYPERLINK(1)" to test formula injection.
    no perception gap: p1 mirrors no board statement (gaps come from mirrored questions only)
2024/25, board members (2): ebe1 2 and 2 -> experts_by_experience 2.0
    change: 2.8 - 2.0 = +0.8 as shown; the board is a census, so the threshold is 0.5 ->
    "improved" (a sample's rule, max(0.5, 2 x 0.441) = 0.882, would have said "no clear change")
Peers in 2025/26 (opted in, same peer group), one board member each on ebe1: B 3, C 4, D 4,
    E 5; with A's 2.8333 the five organisations' median is 4.0. F (not opted in, ebe1 1) and G
    (another peer group, ebe1 1) do not count. Culture has only A: "not shown".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from valuedcare.data.moderation import AgreedAnswer, get_board_questionnaire, save_agreed_position
from valuedcare.data.reports import get_assessment_info
from valuedcare.data.scope import Scope
from valuedcare.data.scores import store_response_scores

PEERS = "Test peers"
EVERYONE = Scope(user_id=None, role="platform_admin", organisation_id=None)


@dataclass(frozen=True)
class TrustFixture:
    organisation_id: int
    other_organisation_id: int
    assessment_id: int
    previous_assessment_id: int
    other_assessment_id: int
    cycle_id: int


def _maturity(level: int | None, target: int | None = None) -> tuple:
    if level is None:
        return ("dont_know", None, True, target)
    return (level, float(level), False, target)


def _submit(factories: Any, assessment: Any, lens: str, answers: dict) -> Any:
    response = factories.response(assessment, lens=lens, answers=answers)
    store_response_scores(response.id)
    return response


def _board(factories: Any, assessment: Any, rows: list[dict[str, tuple]]) -> None:
    for answers in rows:
        _submit(factories, assessment, "board", answers)


def _peer(factories: Any, cycle: Any, level: int, **fields: Any) -> Any:
    organisation = factories.organisation(**{"peer_group": PEERS, **fields})
    assessment = factories.assessment(organisation, cycle)
    _board(factories, assessment, [{"ebe1": _maturity(level)}])
    return assessment


def build_trust(factories: Any, *, current_status: str = "closed") -> TrustFixture:
    """Write the trust described in this module's docstring; returns the ids tests need."""
    previous_cycle = factories.cycle(label="2024/25", status="closed")
    cycle = factories.cycle(label="2025/26", status=current_status)
    trust = factories.organisation(code="TSTA", name="Ashvale Test Trust", peer_group=PEERS)
    previous = factories.assessment(trust, previous_cycle)
    _board(factories, previous, [{"ebe1": _maturity(2)}, {"ebe1": _maturity(2)}])
    current = factories.assessment(trust, cycle)
    _board(
        factories,
        current,
        [
            {
                "ebe1": _maturity(4, 5),
                "ebe2": _maturity(2, 3),
                "loc1": _maturity(2),
                "cul1": _maturity(3, 4),
            },
            {
                "ebe1": _maturity(2, 4),
                "ebe2": _maturity(None),
                "loc1": _maturity(3),
                "cul1": _maturity(5),
            },
            {
                "ebe1": _maturity(4),
                "ebe2": _maturity(3),
                "loc1": _maturity(4),
                "cul1": _maturity(1, 3),
            },
        ],
    )
    for score in (5, 5, 4):
        response = _submit(
            factories,
            current,
            "experts_by_experience",
            {
                "listened_to_actual": (
                    "completely" if score == 5 else "mostly",
                    float(score),
                    False,
                    None,
                ),
            },
        )
    factories.db.session.add(_comment(response.id, "c2", "SMALL GROUP SECRET"))
    for index, score in enumerate((1, 2, 2, 3, 3), start=1):
        text = "=HYPERLINK(1)" if index == 5 else f"Partner comment {index}"
        _submit(
            factories,
            current,
            "partner",
            {
                "p1": ("x", float(score), False, None),
                "p12": (text, None, False, None),
            },
        )
    approve_free_text(factories.db, current.id)
    for level in (3, 4, 4, 5):
        _peer(factories, cycle, level)
    _peer(factories, cycle, 1, benchmark_opt_in=False)
    other = _peer(factories, cycle, 1, peer_group="Another group", name="Brackenmoor Other Trust")
    _agree(current.id)
    factories.db.session.flush()
    return TrustFixture(
        trust.id, other.organisation_id, current.id, previous.id, other.id, cycle.id
    )


def approve_free_text(db: Any, assessment_id: int) -> None:
    """Record a lead's approval of every free-text answer (p12, c2) and comment of the
    assessment, as the report shows comments only once reviewed. The small group's secret is
    approved too: the minimum number of respondents must still keep it out of every output."""
    from sqlalchemy import select

    from valuedcare.models import Answer, FreeTextReview, Response

    rows = db.session.execute(
        select(Answer.id, Answer.item_id, Answer.value, Answer.comment)
        .join(Response, Response.id == Answer.response_id)
        .where(Response.assessment_id == assessment_id)
    ).all()
    for answer_id, item_id, value, comment in rows:
        texts = (("value", value if item_id in {"p12", "c2"} else None), ("comment", comment))
        for field, text in texts:
            if isinstance(text, str) and text.strip():
                db.session.add(
                    FreeTextReview(
                        answer_id=answer_id, field=field, status="approved", shown_text=text.strip()
                    )
                )
    db.session.flush()


def _comment(response_id: int, item_id: str, text: str) -> Any:
    from valuedcare.models import Answer

    return Answer(
        response_id=response_id,
        item_id=item_id,
        value=text,
        score=None,
        not_known=False,
        target=None,
    )


def _agree(assessment_id: int) -> None:
    info = get_assessment_info(EVERYONE, assessment_id)
    version_id, _ = get_board_questionnaire(info)
    save_agreed_position(
        info,
        version_id,
        {
            "ebe1": AgreedAnswer(3, 4),
            "ebe2": AgreedAnswer(2, 3, "Two members had no evidence of gap measurement."),
            "cul1": AgreedAnswer(3, 4),
        },
        expected_revision=None,
        user_id=None,
    )
