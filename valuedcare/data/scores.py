"""Per-response ingredient scores: computed by ``valuedcare.scoring`` and stored at submission.

Reports read ``response_scores`` and never rescan raw answers; ``rebuild_all_scores`` recomputes
the whole table from the answers (``flask scores rebuild``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pandas as pd
from sqlalchemy import delete, insert, select

from valuedcare.data.generations import scores_changed
from valuedcare.data.questionnaires import get_questionnaire
from valuedcare.data.releases import is_released
from valuedcare.extensions import db
from valuedcare.models import Answer, Assessment, Cycle, Response, ResponseScore
from valuedcare.models.base import table_of
from valuedcare.scoring import score_responses
from valuedcare.scoring.columns import BOARD_AGREED

_ITEM_COLUMNS = ["questionnaire_version_id", "item_id", "measures", "ingredient", "weight"]


def item_metadata(version_ids: set[int]) -> pd.DataFrame:
    """Ingredient, weight and measures of every item of the given questionnaire versions.

    Items marked ``scored: false`` (for example the "what did you want" half of an experience
    pair) get no ingredient, so they never count towards an ingredient score even when
    their answers carry an option score.
    """
    rows = []
    for version_id in sorted(version_ids):
        for item in get_questionnaire(version_id).items():
            rows.append(
                (
                    version_id,
                    item.id,
                    item.measures or item.id,
                    item.effective_ingredient if item.scored else None,
                    float(item.weight),
                )
            )
    return pd.DataFrame(rows, columns=_ITEM_COLUMNS)


def submitted_answers_statement():
    """The answers of submitted responses with what scoring needs; add ``where`` to narrow it."""
    return (
        select(
            Answer.response_id,
            Answer.item_id,
            Answer.score,
            Answer.not_known,
            Answer.target,
            Response.questionnaire_version_id,
            Response.lens,
            Response.team,
            Assessment.organisation_id,
            Assessment.cycle_id,
            Cycle.label.label("cycle"),
        )
        .join(Response, Response.id == Answer.response_id)
        .join(Assessment, Assessment.id == Response.assessment_id)
        .join(Cycle, Cycle.id == Assessment.cycle_id)
        .where(Response.status == "submitted")
    )


def answers_frame_for(statement, metadata: pd.DataFrame | None = None) -> pd.DataFrame:
    """Run an answers query and return the ANSWERS frame of ``valuedcare.scoring.columns``."""
    raw = pd.DataFrame(
        db.session.execute(statement).all(),
        columns=[
            "response_id",
            "item_id",
            "score",
            "not_known",
            "target",
            "questionnaire_version_id",
            "lens",
            "team",
            "organisation_id",
            "cycle_id",
            "cycle",
        ],
    )
    return _with_metadata(raw, metadata)


def _with_metadata(raw: pd.DataFrame, metadata: pd.DataFrame | None) -> pd.DataFrame:
    if metadata is None:
        metadata = item_metadata(set(raw["questionnaire_version_id"].unique().tolist()))
    frame = raw.merge(metadata, on=["questionnaire_version_id", "item_id"], how="left")
    frame["weight"] = frame["weight"].fillna(1.0)
    frame["score"] = frame["score"].astype(float)
    frame["target"] = frame["target"].astype(float)
    frame["not_known"] = frame["not_known"].astype(bool)
    return frame


def store_response_scores(response_id: int) -> None:
    """(Re)compute and store one submitted response's ingredient scores."""
    db.session.execute(delete(ResponseScore).where(ResponseScore.response_id == response_id))
    answers = answers_frame_for(submitted_answers_statement().where(Response.id == response_id))
    _insert_scores(answers)
    cycle_id = db.session.scalar(
        select(Assessment.cycle_id)
        .join(Response, Response.assessment_id == Assessment.id)
        .where(Response.id == response_id)
    )
    scores_changed([] if cycle_id is None else [cycle_id])


def _insert_scores(answers: pd.DataFrame) -> int:
    if answers.empty:
        return 0
    scored = _complete_agreement_only(score_responses(answers), answers)
    keys = answers.drop_duplicates("response_id").set_index("response_id")["cycle_id"]
    scored = scored.assign(cycle_id=scored["response_id"].map(keys))
    scored["score"] = scored["score"].astype(object).where(scored["score"].notna(), None)
    scored["team"] = scored["team"].astype(object).where(scored["team"].notna(), None)
    records = [
        {
            "response_id": int(r.response_id),
            "ingredient": r.ingredient,
            "organisation_id": int(r.organisation_id),
            "cycle_id": int(r.cycle_id),
            "lens": r.lens,
            "team": r.team,
            "score": r.score,
            "items_scored": int(r.items_scored),
            "items_not_known": int(r.items_not_known),
        }
        for r in scored.itertuples(index=False)
    ]
    if not records:  # answers, but none that scores (e.g. only "did you take part: no")
        return 0
    released = _released_response_ids({record["response_id"] for record in records})
    for record in records:
        record["released"] = is_released(record["lens"], released.get(record["response_id"]))
    db.session.execute(insert(table_of(ResponseScore)), records)
    return len(records)


def _complete_agreement_only(scored: pd.DataFrame, answers: pd.DataFrame) -> pd.DataFrame:
    """``scored`` without agreed-position scores of ingredients agreed only in part.

    The board's agreed position is recorded statement by statement; an ingredient's agreed score
    from 2 of its 6 statements would pass for the board's view of the whole ingredient. So an
    agreed ingredient score is stored only once every statement of the ingredient (in the
    questionnaire version answered) has an agreed level, and every page, export and the API
    read the same stored scores.
    """
    agreed = answers[answers["lens"].eq(BOARD_AGREED) & answers["ingredient"].notna()]
    if agreed.empty or scored.empty:
        return scored
    metadata = item_metadata(set(agreed["questionnaire_version_id"].astype(int)))
    statements = (
        metadata.dropna(subset=["ingredient"])
        .groupby(["questionnaire_version_id", "ingredient"])["item_id"]
        .nunique()
    )
    given = agreed.groupby(["response_id", "questionnaire_version_id", "ingredient"])[
        "item_id"
    ].nunique()
    complete = {
        (int(response_id), ingredient)
        for (response_id, version_id, ingredient), count in given.items()
        if count >= statements.get((version_id, ingredient), 0)
    }
    keep = [
        lens != BOARD_AGREED or (int(response_id), ingredient) in complete
        for lens, response_id, ingredient in zip(
            scored["lens"], scored["response_id"], scored["ingredient"], strict=True
        )
    ]
    return scored[keep].reset_index(drop=True)


def _released_response_ids(ids: set[int]) -> dict[int, object]:
    """released_at of those of ``ids`` that have been released."""
    rows = db.session.execute(
        select(Response.id, Response.released_at).where(
            Response.id.in_(sorted(ids)), Response.released_at.is_not(None)
        )
    ).all()
    return {int(rid): released_at for rid, released_at in rows}


def _response_id_batches(size: int) -> Iterator[list[int]]:
    ids = db.session.scalars(
        select(Response.id).where(Response.status == "submitted").order_by(Response.id)
    ).all()
    for start in range(0, len(ids), size):
        yield list(ids[start : start + size])


def count_submitted_responses() -> int:
    return len(db.session.scalars(select(Response.id).where(Response.status == "submitted")).all())


def rebuild_all_scores(
    *, batch_size: int = 5000, progress: Callable[[int], None] = lambda _: None
) -> int:
    """Delete and recompute every stored score from the answers; returns rows written."""
    db.session.execute(delete(ResponseScore))
    versions = set(db.session.scalars(select(Response.questionnaire_version_id).distinct()))
    metadata = item_metadata(versions)
    written = 0
    for batch in _response_id_batches(batch_size):
        statement = submitted_answers_statement().where(Response.id.between(batch[0], batch[-1]))
        written += _insert_scores(answers_frame_for(statement, metadata))
        progress(len(batch))
    scores_changed()
    return written


__all__ = [
    "answers_frame_for",
    "submitted_answers_statement",
    "count_submitted_responses",
    "item_metadata",
    "rebuild_all_scores",
    "store_response_scores",
]
