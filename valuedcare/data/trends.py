"""Trend data for one organisation: ingredient and statement scores by cycle and lens.

Aggregated in SQL and suppressed for small numbers exactly as the benchmark frames are (see
``valuedcare.data.benchmarks.summary_from_sums``). Ingredient scores come from
``response_scores``; statement scores come from the organisation's own answers, restricted to the
statements of one ingredient.

Statements are followed across questionnaire versions by their ``measures`` key: an item whose
wording (or id) changed in a new version keeps its key, so its results line up with the earlier
ones. Callers check the scope before calling.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
from sqlalchemy import and_, case, func, select

from valuedcare.data.benchmarks import (
    SUM_COLUMNS,
    CycleInfo,
    sum_columns,
    summary_from_sums,
)
from valuedcare.data.questionnaires import get_questionnaire
from valuedcare.data.releases import published_responses, published_scores
from valuedcare.disclosure import DisclosureRules
from valuedcare.extensions import db
from valuedcare.models import Answer, Assessment, Response, ResponseScore
from valuedcare.scoring.columns import (
    CYCLE,
    INGREDIENT,
    ITEM_ID,
    LENS,
    MEASURES,
    ORGANISATION_ID,
)

STATEMENT_COLUMNS = (CYCLE, LENS, MEASURES, ITEM_ID, "text", "version", "position")
_VERSION_ID = "questionnaire_version_id"


INGREDIENT_KEYS = (ORGANISATION_ID, CYCLE, LENS, INGREDIENT)
STATEMENT_KEYS = (ORGANISATION_ID, CYCLE, LENS, INGREDIENT, MEASURES)


def read_ingredient_sums(organisation_id: int, cycles: Sequence[CycleInfo]) -> pd.DataFrame:
    """SQL aggregates of the organisation's stored scores: INGREDIENT_KEYS then SUM_COLUMNS.

    One row per cycle (label; only ``cycles``), lens and ingredient with a stored score. Turn it
    into a SUMMARY frame with ``summary_from_sums(sums, INGREDIENT_KEYS)``.
    """
    labels = {cycle.id: cycle.label for cycle in cycles}
    statement = (
        select(ResponseScore.cycle_id, ResponseScore.lens, ResponseScore.ingredient, *sum_columns())
        .where(ResponseScore.organisation_id == organisation_id, published_scores())
        .group_by(ResponseScore.cycle_id, ResponseScore.lens, ResponseScore.ingredient)
        .order_by(ResponseScore.cycle_id, ResponseScore.lens, ResponseScore.ingredient)
    )
    rows = db.session.execute(statement).all()
    sums = pd.DataFrame(rows, columns=["cycle_id", LENS, INGREDIENT, *SUM_COLUMNS])
    # Filtered here rather than in SQL so that the (organisation_id, cycle_id) index is used.
    sums = sums[sums["cycle_id"].isin(list(labels))]
    sums = sums.assign(
        **{ORGANISATION_ID: organisation_id, CYCLE: sums["cycle_id"].map(labels).astype(object)}
    )
    return sums[[*INGREDIENT_KEYS, *SUM_COLUMNS]].reset_index(drop=True)


def get_ingredient_summary(
    organisation_id: int,
    cycles: Sequence[CycleInfo],
    *,
    rules: DisclosureRules,
) -> pd.DataFrame:
    """SUMMARY frame by organisation_id, cycle (label), lens and ingredient, for ``cycles``.

    One row per cycle, lens and ingredient with a stored score; suppressed rows keep no statistic.
    """
    sums = read_ingredient_sums(organisation_id, cycles)
    return summary_from_sums(sums, INGREDIENT_KEYS, rules=rules)


def _versions_used(organisation_id: int, cycle_ids: list[int]) -> pd.DataFrame:
    """Distinct (cycle_id, lens, questionnaire_version_id) of the organisation's responses."""
    statement = (
        select(Assessment.cycle_id, Response.lens, Response.questionnaire_version_id)
        .join(Response, Response.assessment_id == Assessment.id)
        .where(
            Assessment.organisation_id == organisation_id,
            Assessment.cycle_id.in_(cycle_ids),
            published_responses(),
        )
        .distinct()
    )
    return pd.DataFrame(
        db.session.execute(statement).all(), columns=["cycle_id", LENS, _VERSION_ID]
    )


def _statement_items(versions: pd.DataFrame, ingredient: str) -> pd.DataFrame:
    """Scored items of ``ingredient`` in each version: version id, item id, measures, text,
    version number and position (the item's place in its questionnaire)."""
    rows = []
    for version_id in sorted(set(versions[_VERSION_ID].tolist())):
        questionnaire = get_questionnaire(int(version_id))
        for position, item in enumerate(questionnaire.items()):
            if item.scored and item.effective_ingredient == ingredient:
                rows.append(
                    (
                        version_id,
                        item.id,
                        item.measures or item.id,
                        item.text,
                        questionnaire.version,
                        position,
                    )
                )
    columns = [_VERSION_ID, ITEM_ID, MEASURES, "text", "version", "position"]
    return pd.DataFrame(rows, columns=columns)


def get_statements_asked(
    organisation_id: int, cycles: Sequence[CycleInfo], ingredient: str
) -> pd.DataFrame:
    """Which statements of ``ingredient`` the organisation's questionnaires asked in each cycle.

    Columns (STATEMENT_COLUMNS): cycle (label), lens, measures, item_id, text, version (the
    questionnaire version number), position (in the questionnaire). One row per cycle, lens and
    item of the questionnaire versions its submitted responses used, answered or not.
    """
    labels = {cycle.id: cycle.label for cycle in cycles}
    versions = _versions_used(organisation_id, list(labels))
    items = _statement_items(versions, ingredient)
    asked = versions.merge(items, on=_VERSION_ID, how="inner")
    asked[CYCLE] = asked["cycle_id"].map(labels)
    return asked[list(STATEMENT_COLUMNS)].drop_duplicates().reset_index(drop=True)


def _answer_sums_statement(organisation_id: int, cycle_ids: list[int], item_ids: list[str]):
    scored = case((Answer.not_known.is_(False), Answer.score), else_=None)
    return (
        select(
            Assessment.cycle_id,
            Response.lens,
            Response.questionnaire_version_id,
            Answer.item_id,
            func.count(scored),
            func.coalesce(func.sum(scored), 0.0),
            func.coalesce(func.sum(scored * scored), 0.0),
            func.min(scored),
            func.max(scored),
            func.count(scored),
            func.sum(case((Answer.not_known.is_(True), 1), else_=0)),
        )
        .join(Response, Response.assessment_id == Assessment.id)
        .join(Answer, and_(Answer.response_id == Response.id, Answer.item_id.in_(item_ids)))
        .where(
            Assessment.organisation_id == organisation_id,
            Assessment.cycle_id.in_(cycle_ids),
            published_responses(),
        )
        .group_by(
            Assessment.cycle_id, Response.lens, Response.questionnaire_version_id, Answer.item_id
        )
    )


def read_statement_sums(
    organisation_id: int, cycles: Sequence[CycleInfo], ingredient: str
) -> pd.DataFrame:
    """SQL aggregates of the answers to one ingredient's statements: STATEMENT_KEYS, SUM_COLUMNS.

    Answers to different items (or questionnaire versions) with the same measures key are
    pooled. n counts scored answers ("don't know" is not scored). Turn it into a SUMMARY frame
    with ``summary_from_sums(sums, STATEMENT_KEYS)``.
    """
    labels = {cycle.id: cycle.label for cycle in cycles}
    items = _statement_items(_versions_used(organisation_id, list(labels)), ingredient)
    if items.empty:
        return pd.DataFrame(columns=[*STATEMENT_KEYS, *SUM_COLUMNS])
    statement = _answer_sums_statement(
        organisation_id, list(labels), sorted(set(items[ITEM_ID].tolist()))
    )
    rows = db.session.execute(statement).all()
    raw = pd.DataFrame(rows, columns=["cycle_id", LENS, _VERSION_ID, ITEM_ID, *SUM_COLUMNS])
    raw = raw.merge(items[[_VERSION_ID, ITEM_ID, MEASURES]], on=[_VERSION_ID, ITEM_ID])
    sums = raw.groupby(["cycle_id", LENS, MEASURES], as_index=False).agg(
        n=("n", "sum"),
        total=("total", "sum"),
        total_squares=("total_squares", "sum"),
        min=("min", "min"),
        max=("max", "max"),
        items_scored=("items_scored", "sum"),
        items_not_known=("items_not_known", "sum"),
    )
    sums = sums.assign(
        **{
            ORGANISATION_ID: organisation_id,
            INGREDIENT: ingredient,
            CYCLE: sums["cycle_id"].map(labels).astype(object),
        }
    )
    return sums[[*STATEMENT_KEYS, *SUM_COLUMNS]]


def get_statement_summary(
    organisation_id: int,
    cycles: Sequence[CycleInfo],
    ingredient: str,
    *,
    rules: DisclosureRules,
) -> pd.DataFrame:
    """SUMMARY frame of one ingredient's statements by cycle, lens and measures key.

    Keys: STATEMENT_KEYS. An anonymous lens with fewer than ``rules.min_respondents`` scored answers
    to a statement is suppressed.
    """
    sums = read_statement_sums(organisation_id, cycles, ingredient)
    return summary_from_sums(sums, STATEMENT_KEYS, rules=rules)


__all__ = [
    "INGREDIENT_KEYS",
    "STATEMENT_COLUMNS",
    "STATEMENT_KEYS",
    "get_ingredient_summary",
    "get_statement_summary",
    "get_statements_asked",
    "read_ingredient_sums",
    "read_statement_sums",
]
