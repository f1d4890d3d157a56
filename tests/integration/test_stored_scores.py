"""Scores stored at submission count scored items only."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select


def _stored(db: Any, response_id: int) -> dict[str, float | None]:
    from valuedcare.models import ResponseScore

    rows = db.session.scalars(
        select(ResponseScore).where(ResponseScore.response_id == response_id)
    ).all()
    return {row.ingredient: row.score for row in rows}


def test_the_hoped_for_half_of_an_experience_pair_never_counts(db: Any, factories: Any) -> None:
    from valuedcare.data.scores import store_response_scores

    assessment = factories.assessment()
    response = factories.response(
        assessment,
        lens="experts_by_experience",
        answers={
            # Help came quickly "a little" (2) but was wanted "completely" (5): the ingredient
            # score is 2.
            "help_quickly_actual": ("a_little", 2.0, False, None),
            "help_quickly_hoped": ("completely", 5.0, False, None),
        },
    )
    store_response_scores(response.id)

    assert _stored(db, response.id) == {"business_and_resources": 2.0}


def test_a_response_with_no_scored_answer_stores_no_score(db: Any, factories: Any) -> None:
    from valuedcare.data.scores import store_response_scores

    assessment = factories.assessment()
    response = factories.response(
        assessment,
        lens="experts_by_experience",
        answers={"help_quickly_hoped": ("completely", 5.0, False, None)},
    )
    store_response_scores(response.id)

    assert _stored(db, response.id) == {}
