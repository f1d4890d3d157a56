"""Rows for the answers and scores exports, streamed in chunks so millions of answers fit in memory.

Both exports are scope-filtered (``Scope.condition`` on the organisation) and may be narrowed to
one cycle (by label) or one assessment. Rows come in model order: organisation code, cycle (oldest
first), lens (board, board_agreed, experts_by_experience, partner, then any other), then response
and questionnaire order (answers) or ingredient order (scores).

Answers (one row per stored answer of a submitted response): ``ANSWER_COLUMNS``. ``value`` is the
answer's 1-5 score (empty when it has none: "don't know", unanswered, text); ``submitted_at`` is
the UTC date only, so that the time of a submission cannot single out an anonymous respondent.
With ``suppress_small_lenses`` (trust users' downloads) the answers of an anonymous lens
(experts by experience, partner) are left out when that lens has fewer than ``min_respondents``
submitted responses in the assessment.

Scores (one row per organisation, cycle, lens and ingredient): ``SCORE_COLUMNS``, from the stored
per-response scores through ``valuedcare.scoring.summarise_scores`` (which suppresses small
anonymous groups: score and respondents empty, suppressed true).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from operator import itemgetter

import pandas as pd
from sqlalchemy import Select, select

from valuedcare.data.questionnaires import get_questionnaire, get_version
from valuedcare.data.releases import published_responses, published_scores
from valuedcare.data.scope import Scope
from valuedcare.data.scores import item_metadata
from valuedcare.disclosure import DisclosureRules
from valuedcare.extensions import db
from valuedcare.models import Answer, Assessment, Cycle, Organisation, Response, ResponseScore
from valuedcare.scoring import INGREDIENT_ORDER, summarise_scores
from valuedcare.scoring.columns import LENSES

ANSWER_COLUMNS = (
    "organisation_code",
    "cycle",
    "questionnaire",
    "questionnaire_version",
    "lens",
    "response_id",
    "item_id",
    "ingredient",
    "weight",
    "value",
    "not_known",
    "target",
    "submitted_at",
)
SCORE_COLUMNS = (
    "organisation_code",
    "cycle",
    "lens",
    "ingredient",
    "score",
    "respondents",
    "suppressed",
)
Rows = list[tuple]

_LENS_RANK = {lens: rank for rank, lens in enumerate(LENSES)}
_INGREDIENT_RANK = {name: rank for rank, name in enumerate(INGREDIENT_ORDER)}


@dataclass(frozen=True)
class ExportFilter:
    """Which data an export covers: a scope, and optionally one cycle label or one assessment."""

    scope: Scope
    cycle: str | None = None
    assessment_id: int | None = None

    def apply(self, statement: Select) -> Select:
        """Restrict a statement already joined to Assessment and Cycle."""
        statement = self.scope.apply(statement, Assessment.organisation_id)
        if self.cycle is not None:
            statement = statement.where(Cycle.label == self.cycle)
        if self.assessment_id is not None:
            statement = statement.where(Assessment.id == self.assessment_id)
        return statement


@dataclass(frozen=True)
class _ResponseRow:
    id: int
    assessment_id: int
    lens: str
    version_id: int
    submitted_on: str
    organisation_code: str
    cycle: str


def _lens_rank(lens: str) -> tuple[int, str]:
    return _LENS_RANK.get(lens, len(LENSES)), lens


def list_cycle_labels() -> list[str]:
    """Every cycle label, oldest first."""
    return list(db.session.scalars(select(Cycle.label).order_by(Cycle.opens_on, Cycle.label)))


def _submitted_responses(export: ExportFilter) -> list[_ResponseRow]:
    statement = (
        select(
            Response.id,
            Response.assessment_id,
            Response.lens,
            Response.questionnaire_version_id,
            Response.submitted_at,
            Organisation.code,
            Cycle.label,
            Cycle.opens_on,
        )
        .join(Assessment, Assessment.id == Response.assessment_id)
        .join(Organisation, Organisation.id == Assessment.organisation_id)
        .join(Cycle, Cycle.id == Assessment.cycle_id)
        .where(published_responses())
    )
    rows = db.session.execute(export.apply(statement)).all()
    rows.sort(key=lambda r: (r.code, r.opens_on, r.label, _lens_rank(r.lens), r.id))
    return [
        _ResponseRow(
            r.id,
            r.assessment_id,
            r.lens,
            r.questionnaire_version_id,
            _date_text(r.submitted_at),
            r.code,
            r.label,
        )
        for r in rows
    ]


def _date_text(moment: datetime | None) -> str:
    return moment.date().isoformat() if moment is not None else ""


def _without_small_lenses(
    responses: list[_ResponseRow], rules: DisclosureRules
) -> list[_ResponseRow]:
    counts = Counter((r.assessment_id, r.lens) for r in responses)
    return [
        r
        for r in responses
        if not rules.hides_respondents(r.lens, counts[(r.assessment_id, r.lens)])
    ]


@dataclass(frozen=True)
class _ItemInfo:
    position: int
    ingredient: str | None
    weight: float


def _item_info(version_ids: set[int]) -> tuple[dict[tuple[int, str], _ItemInfo], dict]:
    """Item position, ingredient and weight per (version, item); slug and number per version.

    Ingredient and weight come from ``scores.item_metadata``, exactly as the stored scores use
    them, so that the export recomputes to the stored scores.
    """
    metadata = item_metadata(version_ids)
    scoring = {
        (int(r.questionnaire_version_id), r.item_id): (r.ingredient, float(r.weight))
        for r in metadata.itertuples(index=False)
    }
    items: dict[tuple[int, str], _ItemInfo] = {}
    versions = {}
    for version_id in version_ids:
        row = get_version(version_id)
        versions[version_id] = (row.slug, row.version) if row else ("", None)
        for position, item in enumerate(get_questionnaire(version_id).items()):
            ingredient, weight = scoring.get((version_id, item.id), (None, 1.0))
            items[(version_id, item.id)] = _ItemInfo(position, ingredient, weight)
    return items, versions


def iter_answer_rows(
    export: ExportFilter,
    *,
    rules: DisclosureRules | None = None,
    chunk_responses: int = 1000,
) -> Iterator[Rows]:
    """Yield the answers export as lists of tuples in ``ANSWER_COLUMNS`` order.

    Each chunk holds the answers of up to ``chunk_responses`` responses; the database is read one
    chunk at a time.
    """
    responses = _submitted_responses(export)
    if rules is not None:
        responses = _without_small_lenses(responses, rules)
    items, versions = _item_info({r.version_id for r in responses})
    for start in range(0, len(responses), chunk_responses):
        batch = responses[start : start + chunk_responses]
        yield _answer_rows(batch, items, versions)


def _answer_rows(
    batch: Sequence[_ResponseRow], items: dict[tuple[int, str], _ItemInfo], versions: dict
) -> Rows:
    """The answers of ``batch`` as export rows, in response then questionnaire order."""
    prefixes = {
        r.id: (
            index,
            r.version_id,
            r.submitted_on,
            (r.organisation_code, r.cycle, *versions[r.version_id], r.lens, r.id),
        )
        for index, r in enumerate(batch)
    }
    statement = select(
        Answer.response_id, Answer.item_id, Answer.score, Answer.not_known, Answer.target
    ).where(Answer.response_id.in_(list(prefixes)))
    unknown = _ItemInfo(1_000_000, None, 1.0)
    keyed = []
    for response_id, item_id, score, not_known, target in db.session.connection().execute(
        statement
    ):
        order, version_id, submitted_on, prefix = prefixes[response_id]
        info = items.get((version_id, item_id), unknown)
        row = (
            *prefix,
            item_id,
            info.ingredient,
            info.weight,
            score,
            bool(not_known),
            target,
            submitted_on,
        )
        keyed.append((order, info.position, item_id, row))
    keyed.sort(key=itemgetter(0, 1, 2))
    return [entry[3] for entry in keyed]


def _response_scores_frame(export: ExportFilter, cycle_label: str) -> pd.DataFrame:
    statement = (
        select(
            ResponseScore.response_id,
            ResponseScore.organisation_id,
            Cycle.label.label("cycle"),
            ResponseScore.lens,
            ResponseScore.team,
            ResponseScore.ingredient,
            ResponseScore.score,
            ResponseScore.items_scored,
            ResponseScore.items_not_known,
        )
        .join(Response, Response.id == ResponseScore.response_id)
        .join(Assessment, Assessment.id == Response.assessment_id)
        .join(Cycle, Cycle.id == ResponseScore.cycle_id)
        .where(published_responses(), published_scores(), Cycle.label == cycle_label)
    )
    result = db.session.execute(export.apply(statement))
    frame = pd.DataFrame(result.all(), columns=list(result.keys()))
    return frame.astype({"score": float})


def _organisation_codes() -> dict[int, str]:
    rows = db.session.execute(select(Organisation.id, Organisation.code))
    return {organisation_id: code for organisation_id, code in rows}


def iter_score_rows(export: ExportFilter, *, rules: DisclosureRules) -> Iterator[Rows]:
    """Yield the scores export as lists of tuples in ``SCORE_COLUMNS`` order, one chunk a cycle."""
    codes = _organisation_codes()
    cycles = [export.cycle] if export.cycle is not None else list_cycle_labels()
    for cycle_label in cycles:
        response_scores = _response_scores_frame(export, cycle_label)
        if response_scores.empty:
            continue
        summary = summarise_scores(response_scores, rules=rules)
        yield _score_rows(summary, codes)


def _score_rows(summary: pd.DataFrame, codes: dict[int, str]) -> Rows:
    rows = []
    for r in summary.itertuples(index=False):
        suppressed = bool(r.suppressed)
        score = None if suppressed or pd.isna(r.score) else float(r.score)
        respondents = None if suppressed or pd.isna(r.respondents) else int(r.respondents)
        key = (codes[int(r.organisation_id)], _lens_rank(r.lens), _INGREDIENT_RANK[r.ingredient])
        rows.append(
            (
                key,
                (
                    codes[int(r.organisation_id)],
                    r.cycle,
                    r.lens,
                    r.ingredient,
                    score,
                    respondents,
                    suppressed,
                ),
            )
        )
    rows.sort(key=lambda pair: pair[0])
    return [row for _, row in rows]


__all__ = [
    "ANSWER_COLUMNS",
    "SCORE_COLUMNS",
    "ExportFilter",
    "iter_answer_rows",
    "iter_score_rows",
    "list_cycle_labels",
]
