"""Benchmark data: organisations' scores in a cycle, and teams' scores within one organisation.

Every figure is aggregated in SQL from ``response_scores`` (one row per submitted response and
ingredient): AVG, COUNT and the sum of squares (for the standard deviation) grouped by
organisation, lens and ingredient, or by lens, team and ingredient. Per-response rows of all
trusts are never loaded.

Small-number suppression is applied here, before anything leaves the data layer: a result of an
anonymous lens (experts by experience, partners) with fewer than ``rules.min_respondents`` scored
responses keeps no statistic and is marked suppressed, so it can never feed a benchmark.

Only organisations that opted in (``benchmark_opt_in``) appear in a cycle's benchmark frames.

Caching: ``get_cycle_scores`` keeps each cycle's frames in this process, keyed by the cycle's
stored generation (``data.generations``), which every change to the cycle's scores or to the
organisations' benchmark settings raises in its own transaction. A warm page costs one
primary-key lookup whatever the size of the cycle, and the first page after a change commits,
in any process, shows the new figures.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sqlalchemy import ColumnElement, func, select

from valuedcare.caching import Rule, cache
from valuedcare.data.generations import scores_generation
from valuedcare.data.records import CycleInfo, OrganisationInfo
from valuedcare.data.releases import published_scores
from valuedcare.data.scope import Scope
from valuedcare.data.users import can_view_reports
from valuedcare.disclosure import DisclosureRules, suppress_summary
from valuedcare.extensions import db
from valuedcare.models import Assessment, Cycle, Organisation, ResponseScore
from valuedcare.scoring.columns import (
    CYCLE,
    INGREDIENT,
    LENS,
    MAX,
    MEDIAN,
    MIN,
    NOT_KNOWN_SHARE,
    ORGANISATION_ID,
    RESPONDENTS,
    SCORE,
    SD,
    SUMMARY_VALUE_COLUMNS,
    SUPPRESSED,
    TEAM,
)
from valuedcare.scoring.frametools import sort_in_model_order

#: Columns of the sums frame that ``summary_from_sums`` turns into a SUMMARY frame.
SUM_COLUMNS = ("n", "total", "total_squares", MIN, MAX, "items_scored", "items_not_known")

ORG_SCORE_COLUMNS = (ORGANISATION_ID, LENS, INGREDIENT, SCORE, SD, RESPONDENTS, SUPPRESSED)
ORGANISATION_COLUMNS = (
    ORGANISATION_ID,
    "code",
    "name",
    "region",
    "peer_group",
    "named_in_benchmarks",
)


@dataclass(frozen=True)
class CycleScores:
    """A cycle's benchmark frames (opted-in organisations only).

    ``organisations``: ORGANISATION_COLUMNS, one row per opted-in organisation.
    ``scores``: ORG_SCORE_COLUMNS, one row per organisation, lens and ingredient with a stored
    score; score, sd and respondents are missing where suppressed is True.
    ``version``: a digest of the two frames' content (for caches of what is built from them).
    """

    cycle_id: int
    version: str
    organisations: pd.DataFrame
    scores: pd.DataFrame


def _organisation_info(row: Organisation) -> OrganisationInfo:
    return OrganisationInfo(
        id=row.id,
        code=row.code,
        name=row.name,
        region=row.region,
        peer_group=row.peer_group,
        benchmark_opt_in=bool(row.benchmark_opt_in),
        named_in_benchmarks=bool(row.named_in_benchmarks),
    )


def get_organisation(scope: Scope, organisation_id: int) -> OrganisationInfo | None:
    """The organisation, or None when it does not exist or ``scope`` does not cover it."""
    if not scope.covers(organisation_id):
        return None
    row = db.session.get(Organisation, organisation_id)
    return None if row is None else _organisation_info(row)


def list_organisations(scope: Scope) -> list[OrganisationInfo]:
    """The organisations ``scope`` covers, by name (never by any score)."""
    statement = scope.apply(select(Organisation), Organisation.id).order_by(Organisation.name)
    return [_organisation_info(row) for row in db.session.scalars(statement)]


def _cycle_info(row: Cycle) -> CycleInfo:
    return CycleInfo(id=row.id, label=row.label, opens_on=row.opens_on, status=row.status)


def get_cycle(cycle_id: int) -> CycleInfo | None:
    row = db.session.get(Cycle, cycle_id)
    return None if row is None else _cycle_info(row)


def list_organisation_cycles(organisation_id: int) -> list[CycleInfo]:
    """Cycles in which the organisation has an assessment, oldest first (callers check scope)."""
    statement = (
        select(Cycle)
        .join(Assessment, Assessment.cycle_id == Cycle.id)
        .where(Assessment.organisation_id == organisation_id)
        .order_by(Cycle.opens_on, Cycle.id)
    )
    return [_cycle_info(row) for row in db.session.scalars(statement)]


def released_cycles(scope: Scope, cycles: list[CycleInfo]) -> list[CycleInfo]:
    """The cycles whose results ``scope`` may see (``users.can_view_reports``: board members only
    once a cycle has closed)."""
    return [cycle for cycle in cycles if can_view_reports(scope, cycle.status == "open")]


def summary_from_sums(
    sums: pd.DataFrame,
    keys: Sequence[str],
    *,
    rules: DisclosureRules,
) -> pd.DataFrame:
    """Turn SQL aggregates into the SUMMARY frame of ``valuedcare.scoring.columns`` (pure).

    Input columns: ``keys`` (which include lens and ingredient) and SUM_COLUMNS: n (scored
    responses), total and total_squares (sum of scores and of squared scores), min, max,
    items_scored and items_not_known (sums over the responses).

    Output: ``keys`` then SUMMARY_VALUE_COLUMNS. score is total / n; sd is the sample standard
    deviation sqrt((total_squares - n * mean²) / (n - 1)) (NaN when n < 2); median is not
    computed in SQL and is always missing; respondents is n. Suppression is exactly that of
    ``scoring.summarise_scores``: an anonymous lens with n < ``rules.min_respondents`` keeps no
    statistic at all. Rows are sorted by ``keys`` (model order for lens and ingredient).
    """
    n = sums["n"].astype(float)
    mean = sums["total"].astype(float) / n.where(n > 0)
    variance = (sums["total_squares"].astype(float) - n * mean**2) / (n - 1).where(n > 1)
    answered = (sums["items_scored"] + sums["items_not_known"]).astype(float)
    summary = sums[list(keys)].assign(
        **{
            SCORE: mean,
            MEDIAN: np.nan,
            SD: np.sqrt(variance.clip(lower=0.0)),
            MIN: sums[MIN].astype(float),
            MAX: sums[MAX].astype(float),
            RESPONDENTS: sums["n"].astype("Int64"),
            NOT_KNOWN_SHARE: sums["items_not_known"].astype(float) / answered.where(answered > 0),
        }
    )
    summary = suppress_summary(summary, rules)
    return sort_in_model_order(summary[[*keys, *SUMMARY_VALUE_COLUMNS]], list(keys))


def sum_columns() -> list[ColumnElement]:
    """The SQL aggregates of ``response_scores`` behind SUM_COLUMNS, in that order."""
    score = ResponseScore.score
    return [
        func.count(score),
        func.coalesce(func.sum(score), 0.0),
        func.coalesce(func.sum(score * score), 0.0),
        func.min(score),
        func.max(score),
        func.coalesce(func.sum(ResponseScore.items_scored), 0),
        func.coalesce(func.sum(ResponseScore.items_not_known), 0),
    ]


def _read_sums(statement, keys: Sequence[str]) -> pd.DataFrame:
    rows = db.session.execute(statement).all()
    return pd.DataFrame(rows, columns=[*keys, *SUM_COLUMNS])


# --- a cycle's benchmark -------------------------------------------------------------------------


_cycle_frames = cache("benchmark cycle frames", rule=Rule.GENERATION, size=64)


def _opted_in_organisations() -> pd.DataFrame:
    statement = (
        select(
            Organisation.id,
            Organisation.code,
            Organisation.name,
            Organisation.region,
            Organisation.peer_group,
            Organisation.named_in_benchmarks,
        )
        .where(Organisation.benchmark_opt_in.is_(True))
        .order_by(Organisation.id)
    )
    frame = pd.DataFrame(db.session.execute(statement).all(), columns=list(ORGANISATION_COLUMNS))
    return frame.astype({ORGANISATION_ID: "int64", "named_in_benchmarks": bool})


def _digest(frame: pd.DataFrame, extra: str) -> str:
    digest = hashlib.sha256(extra.encode())
    if len(frame):
        digest.update(pd.util.hash_pandas_object(frame, index=False).to_numpy().tobytes())
    return digest.hexdigest()[:20]


def _read_cycle_scores(cycle_id: int, rules: DisclosureRules) -> pd.DataFrame:
    keys = [ORGANISATION_ID, LENS, INGREDIENT]
    statement = (
        select(
            ResponseScore.organisation_id,
            ResponseScore.lens,
            ResponseScore.ingredient,
            *sum_columns(),
        )
        .join(Organisation, Organisation.id == ResponseScore.organisation_id)
        .where(
            ResponseScore.cycle_id == cycle_id,
            Organisation.benchmark_opt_in.is_(True),
            published_scores(),
        )
        .group_by(ResponseScore.organisation_id, ResponseScore.lens, ResponseScore.ingredient)
    )
    summary = summary_from_sums(_read_sums(statement, keys), keys, rules=rules)
    return summary[list(ORG_SCORE_COLUMNS)].astype({ORGANISATION_ID: "int64"})


def get_cycle_scores(cycle_id: int, *, rules: DisclosureRules) -> CycleScores:
    """Every opted-in organisation's score per lens and ingredient in the cycle (cached).

    Not filtered by scope: the compare service turns it into anonymous distributions and never
    shows another organisation's identity to a trust user. ``version`` is a digest of the
    returned frames themselves.
    """
    key = (cycle_id, rules, scores_generation(cycle_id))
    return _cycle_frames.get_or_build(key, lambda: _build_cycle_scores(cycle_id, rules))


def _build_cycle_scores(cycle_id: int, rules: DisclosureRules) -> CycleScores:
    organisations = _opted_in_organisations()
    scores = _read_cycle_scores(cycle_id, rules)
    return CycleScores(
        cycle_id=cycle_id,
        version=_digest(scores, _digest(organisations, str(cycle_id))),
        organisations=organisations,
        scores=scores,
    )


# --- teams within one organisation ---------------------------------------------------------------


def _organisation_cycle_condition(organisation_id: int, cycle_id: int) -> ColumnElement[bool]:
    # "+ 0" keeps SQLite (without ANALYZE statistics) on the (organisation_id, cycle_id) index
    # instead of scanning the whole cycle through the (cycle_id, lens, ingredient) index.
    return (
        (ResponseScore.organisation_id == organisation_id)
        & ((ResponseScore.cycle_id + 0) == cycle_id)
        & published_scores()
    )


TEAM_PARENT_KEYS = (ORGANISATION_ID, CYCLE, LENS, INGREDIENT)
TEAM_KEYS = (ORGANISATION_ID, CYCLE, LENS, TEAM, INGREDIENT)


def read_team_sums(organisation_id: int, cycle: CycleInfo) -> tuple[pd.DataFrame, pd.DataFrame]:
    """SQL aggregates of the organisation's stored scores in the cycle: (whole, per team).

    Columns: TEAM_PARENT_KEYS (whole organisation) or TEAM_KEYS (per team; responses without a
    team form their own group, team missing), then SUM_COLUMNS. Callers check the scope first.
    """
    frames = []
    for by in ([LENS, INGREDIENT], [LENS, TEAM, INGREDIENT]):
        columns = [getattr(ResponseScore, key) for key in by]
        statement = (
            select(*columns, *sum_columns())
            .where(_organisation_cycle_condition(organisation_id, cycle.id))
            .group_by(*columns)
            .order_by(*columns)
        )
        sums = _read_sums(statement, by).assign(
            **{ORGANISATION_ID: organisation_id, CYCLE: cycle.label}
        )
        keys = TEAM_PARENT_KEYS if len(by) == 2 else TEAM_KEYS
        frames.append(sums[[*keys, *SUM_COLUMNS]])
    return frames[0], frames[1]


def get_team_summaries(
    organisation_id: int, cycle: CycleInfo, *, rules: DisclosureRules
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The organisation's SUMMARY frames in the cycle: (whole organisation, per team).

    Keyed by TEAM_PARENT_KEYS and TEAM_KEYS. Both are suppressed for small numbers; callers add
    secondary suppression with ``benchmarks.suppress_complements``.
    """
    parent, children = read_team_sums(organisation_id, cycle)
    return (
        summary_from_sums(parent, TEAM_PARENT_KEYS, rules=rules),
        summary_from_sums(children, TEAM_KEYS, rules=rules),
    )


__all__ = [
    "CycleInfo",
    "CycleScores",
    "TEAM_KEYS",
    "TEAM_PARENT_KEYS",
    "OrganisationInfo",
    "get_cycle",
    "get_cycle_scores",
    "get_organisation",
    "get_team_summaries",
    "list_organisation_cycles",
    "released_cycles",
    "list_organisations",
    "read_team_sums",
    "summary_from_sums",
    "sum_columns",
]
