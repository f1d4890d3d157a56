"""What each API endpoint returns: the pages' data functions and disclosure rules, as rows.

The rules are those of the pages, applied by the same code:

- Scope: a token acts with its owner's ``Scope``; an organisation, assessment or cycle of it that
  the scope does not cover is reported as missing (``None``), so the endpoint answers 404.
- Release: board members read an assessment's scores only once its cycle has closed
  (``users.can_view_reports``, as the report pages).
- Small numbers: scores come from ``scoring.summarise_scores`` over the stored per-response scores
  (as the trust report and the scores download), which suppresses anonymous lenses with fewer
  than ``MIN_RESPONDENTS`` respondents; benchmarks come from ``data.benchmarks.get_cycle_scores``
  and ``benchmarks.summarise_group`` (as the benchmark page), so suppressed results never feed a
  group figure and a group figure is shown only with ``MIN_ORGANISATIONS`` organisations.
- Anonymity: other organisations appear only in the benchmark's peer scores, as "Organisation N"
  numbered by the keyed hash of ``benchmarks.anonymise`` with the benchmark page's per-cycle key;
  platform administrators see the names of organisations that agreed to be named. No other
  organisation's id, code or name ever leaves this module. Peer scores are listed in label
  order, never by score, and only for ingredients whose group figures are shown.
- Linkage: peer scores are given for one comparator group only, all participating organisations
  (``PROFILES_GROUP``). The same anonymous profile in two groups would tell which organisation
  shares this one's region and type, and so name it. Region and type-of-organisation benchmarks
  give group statistics only, and no group gives its lowest or highest score (each is one
  organisation's own score).
- Precision: every score and group figure leaves rounded to one decimal (``round_score``), and
  respondents of anonymous lenses leave as a band (``band_count``), as the pages show them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd

from valuedcare.benchmarks import labelling_key, organisation_labels, summarise_group
from valuedcare.data import actions, benchmarks, measures, records, reports, users
from valuedcare.data import api as data
from valuedcare.data.questionnaires import get_ingredients, get_measures
from valuedcare.data.records import ACTION_STATUSES
from valuedcare.data.scope import Scope
from valuedcare.disclosure import DisclosureRules, band_count, round_score
from valuedcare.scoring import (
    INGREDIENT_ORDER,
    experience_gaps,
    gap_trends,
    ingredient_experience_gaps,
    summarise_scores,
)
from valuedcare.scoring.columns import (
    INGREDIENT,
    ITEM_ID,
    LENS,
    ORGANISATION_ID,
    SCORE,
    SUPPRESSED,
)
from valuedcare.scoring.frametools import sort_in_model_order

GROUPS = ("all", "region", "peer_group")
PROFILES_GROUP = "all"
"""The one comparator group in which other organisations' own scores are given."""


@dataclass(frozen=True)
class Settings:
    """Disclosure settings and the anonymisation secret, from the configuration."""

    secret: str
    rules: DisclosureRules

    @property
    def min_respondents(self) -> int:
        return self.rules.min_respondents

    @property
    def min_organisations(self) -> int:
        return self.rules.min_organisations


class NotReleased(Exception):
    """A board member asked for scores of a cycle that is still open."""


class ProfilesNotGiven(Exception):
    """Other organisations' own scores were asked for in a group other than all organisations."""


PROFILES_MESSAGE = (
    f'Individual organisations\' scores are given for the group "{PROFILES_GROUP}" only. For '
    "a region or a type of organisation, the benchmark endpoint gives the group's figures "
    "(number of organisations, quartiles, median and your organisation's place): shown for "
    "more than one group, individual scores could be matched to tell which organisation is which."
)


def _number(value: Any) -> float | None:
    if value is None or pd.isna(value):
        return None
    number = float(value)
    return None if math.isnan(number) else number


def _titles() -> dict[str, str]:
    return {each.id: each.title for each in get_ingredients()}


# --- cycles and organisations -------------------------------------------------------------------


def list_cycles() -> list[dict]:
    return [vars(row) for row in data.list_cycles()]


def get_cycle(cycle_id: int) -> dict | None:
    row = data.get_cycle(cycle_id)
    return None if row is None else vars(row)


def _organisation(info: benchmarks.OrganisationInfo) -> dict:
    return {
        "id": info.id,
        "code": info.code,
        "name": info.name,
        "region": info.region,
        "peer_group": info.peer_group,
        "benchmark_opt_in": info.benchmark_opt_in,
        "named_in_benchmarks": info.named_in_benchmarks,
    }


def list_organisations(scope: Scope) -> list[dict]:
    return [_organisation(info) for info in benchmarks.list_organisations(scope)]


def get_organisation(scope: Scope, organisation_id: int) -> dict | None:
    info = benchmarks.get_organisation(scope, organisation_id)
    return None if info is None else _organisation(info)


def list_assessments(scope: Scope, organisation_id: int) -> list[dict] | None:
    """The organisation's assessments whose reports the scope may read, newest cycle first."""
    if benchmarks.get_organisation(scope, organisation_id) is None:
        return None
    return [
        {
            "id": info.assessment_id,
            "organisation_id": info.organisation_id,
            "cycle_id": info.cycle_id,
            "cycle_label": info.cycle_label,
            "cycle_status": info.cycle_status,
        }
        for info in reports.list_assessment_infos(scope)
        if info.organisation_id == organisation_id
        and users.can_view_reports(scope, info.cycle_is_open)
    ]


# --- the improvement plan -----------------------------------------------------------------------

ACTION_STATUS_CHOICES = (*ACTION_STATUSES, "open")


def list_actions(scope: Scope, organisation_id: int, *, status: str | None) -> list[dict] | None:
    """The organisation's plan, as on the plan page: every action with its updates, by
    ingredient in the model's order; ``status`` "open" keeps those not done or dropped."""
    if benchmarks.get_organisation(scope, organisation_id) is None:
        return None
    titles = {each.id: each.title for each in get_ingredients()}
    order = {ingredient: rank for rank, ingredient in enumerate(titles)}
    today = actions.today()
    found = sorted(
        actions.list_actions(scope, organisation_id),
        key=lambda each: (order.get(each.ingredient, len(order)), each.id),
    )
    return [
        {
            "id": action.id,
            "ingredient": action.ingredient,
            "ingredient_title": titles.get(action.ingredient, action.ingredient),
            "statements": list(action.statements),
            "text": action.text,
            "owner": action.owner_name or action.owner_role,
            "due_on": action.due_on.isoformat() if action.due_on else None,
            "status": action.status,
            "overdue": action.is_overdue(today),
            "target_level": action.target_level,
            "agreed_in_cycle_id": action.cycle_id,
            "agreed_in_cycle_label": action.cycle_label,
            "updates": [
                {
                    "date": update.created_at.date().isoformat(),
                    "status": update.status,
                    "note": update.note,
                    "changes": update.changes,
                }
                for update in action.updates
            ],
        }
        for action in found
        if status is None or (action.is_open if status == "open" else action.status == status)
    ]


# --- scores -------------------------------------------------------------------------------------


def _assessment(scope: Scope, organisation_id: int, cycle_id: int) -> records.AssessmentInfo | None:
    assessment_id = data.find_assessment_id(scope, organisation_id, cycle_id)
    if assessment_id is None:
        return None
    return reports.get_assessment_info(scope, assessment_id)


def get_scores(
    scope: Scope, organisation_id: int, cycle_id: int, *, lens: str | None, settings: Settings
) -> tuple[records.AssessmentInfo, list[dict]] | None:
    """(assessment, score rows) of the organisation's assessment in the cycle; None for 404.

    One row per lens and ingredient with stored scores, lens then ingredient in model order.
    Raises ``NotReleased`` for a board member while the cycle is open.
    """
    info = _assessment(scope, organisation_id, cycle_id)
    if info is None:
        return None
    if not users.can_view_reports(scope, info.cycle_is_open):
        raise NotReleased(info.cycle_label)
    response_scores = reports.response_scores_frame([info])
    if response_scores.empty:
        return info, []
    summary = summarise_scores(response_scores, rules=settings.rules)
    if lens is not None:
        summary = summary[summary[LENS] == lens]
    titles = _titles()
    rows = [
        _score_row(row, titles, settings.rules)
        for row in sort_in_model_order(summary, [LENS, INGREDIENT]).to_dict("records")
    ]
    return info, rows


def _score_row(row: dict, titles: dict[str, str], rules: DisclosureRules) -> dict:
    """One published score: rounded; respondents exact for board lenses, a band for anonymous
    lenses (whose exact counts stay on the server)."""
    suppressed = bool(row[SUPPRESSED])
    respondents = None if suppressed or pd.isna(row["respondents"]) else int(row["respondents"])
    anonymous = rules.is_anonymous(row[LENS])
    return {
        "lens": row[LENS],
        "ingredient": row[INGREDIENT],
        "ingredient_title": titles.get(row[INGREDIENT], row[INGREDIENT]),
        "score": None if suppressed else round_score(_number(row[SCORE])),
        "respondents": None if anonymous else respondents,
        "respondents_band": band_count(respondents, rules) if anonymous else None,
        "suppressed": suppressed,
    }


def _figures(row: dict | None, asked: bool, rules: DisclosureRules) -> dict:
    if row is None or row[SUPPRESSED]:
        return {
            "asked": asked,
            "actual": None,
            "hoped": None,
            "gap": None,
            "respondents_band": None,
            "suppressed": bool(row is not None and row[SUPPRESSED]),
        }
    return {
        "asked": asked,
        "actual": round_score(_number(row["actual"])),
        "hoped": round_score(_number(row["hoped"])),
        "gap": round_score(_number(row["gap"])),
        "respondents_band": band_count(int(row["respondents"]), rules),
        "suppressed": False,
    }


def get_experience(
    scope: Scope, organisation_id: int, cycle_id: int, settings: Settings
) -> dict | None:
    """The experts-by-experience gap of the organisation's assessment in the cycle, as on the
    report; None for 404. Raises ``NotReleased`` for a board member while the cycle is open."""
    info = _assessment(scope, organisation_id, cycle_id)
    if info is None:
        return None
    if not users.can_view_reports(scope, info.cycle_is_open):
        raise NotReleased(info.cycle_label)
    rules = settings.rules
    previous = reports.get_previous_assessment_info(info)
    frame, pairs = reports.experience_pairs_frame([info] + ([previous] if previous else []))
    by_ingredient = ingredient_experience_gaps(frame, by=["cycle"], rules=rules)
    current = by_ingredient[by_ingredient["cycle"] == info.cycle_label]
    changes: dict[str, dict] = {}
    if previous is not None and not by_ingredient.empty:
        trends = gap_trends(by_ingredient, cycles=[previous.cycle_label, info.cycle_label])
        changes = {row[INGREDIENT]: row for row in trends.to_dict("records")}
    found = {row[INGREDIENT]: row for row in current.to_dict("records")}
    asked = {pair.ingredient for pair in pairs if pair.ingredient}
    titles = _titles()
    ingredients = []
    for ingredient in INGREDIENT_ORDER:
        change = changes.get(ingredient)
        ingredients.append(
            {
                "ingredient": ingredient,
                "ingredient_title": titles.get(ingredient, ingredient),
                **_figures(found.get(ingredient), ingredient in asked, rules),
                "change": None if change is None else _number(change["change"]),
                "change_label": None if change is None else change["label"],
            }
        )
    by_item = experience_gaps(frame[frame["cycle"] == info.cycle_label], rules=rules)
    items = {row[ITEM_ID]: row for row in by_item.to_dict("records")}
    questions = [
        {
            "key": pair.key,
            "question": pair.text,
            "ingredient": pair.ingredient,
            **_figures(items.get(pair.key), True, rules),
        }
        for pair in pairs
    ]
    return {
        "organisation_id": info.organisation_id,
        "cycle_id": info.cycle_id,
        "assessment_id": info.assessment_id,
        "min_respondents": settings.min_respondents,
        "previous_cycle": previous.cycle_label if previous else None,
        "ingredients": ingredients,
        "questions": questions,
    }


# --- benchmarks ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Benchmark:
    """A comparator group's data in one cycle, as the benchmark page builds it."""

    organisation: benchmarks.OrganisationInfo
    cycle_id: int
    group: str
    participating: bool
    members: pd.DataFrame
    scores: pd.DataFrame
    summary: pd.DataFrame


def get_benchmark(
    scope: Scope, organisation_id: int, cycle_id: int, *, group: str, settings: Settings
) -> Benchmark | None:
    """The organisation's comparator group in the cycle; None when it must answer 404 (outside
    the scope, or no assessment of the organisation in the cycle)."""
    organisation = benchmarks.get_organisation(scope, organisation_id)
    if organisation is None or group not in GROUPS:
        return None
    cycle = next(
        (c for c in benchmarks.list_organisation_cycles(organisation.id) if c.id == cycle_id), None
    )
    if cycle is None:
        return None
    if not users.can_view_reports(scope, cycle.status == "open"):
        raise NotReleased(cycle.label)
    empty = pd.DataFrame()
    if not organisation.benchmark_opt_in:
        return Benchmark(organisation, cycle_id, group, False, empty, empty, empty)
    cycle_scores = benchmarks.get_cycle_scores(cycle_id, rules=settings.rules)
    members = cycle_scores.organisations
    if group == "region":
        members = members[members["region"] == organisation.region]
    elif group == "peer_group":
        members = members[members["peer_group"] == organisation.peer_group]
    scores = cycle_scores.scores[
        cycle_scores.scores[ORGANISATION_ID].isin(members[ORGANISATION_ID])
    ]
    summary = summarise_group(
        scores[[ORGANISATION_ID, INGREDIENT, LENS, SCORE, SUPPRESSED]],
        organisation_id=organisation.id,
        rules=settings.rules,
    )
    return Benchmark(organisation, cycle_id, group, True, members, scores, summary)


def benchmark_rows(benchmark: Benchmark, lens: str | None) -> list[dict]:
    """The group distribution per lens and ingredient (lens, then ingredient in model order)."""
    if not benchmark.participating or benchmark.summary.empty:
        return []
    summary = sort_in_model_order(benchmark.summary, [LENS, INGREDIENT])
    if lens is not None:
        summary = summary[summary[LENS] == lens]
    titles = _titles()
    return [
        {
            "lens": row[LENS],
            "ingredient": row[INGREDIENT],
            "ingredient_title": titles.get(row[INGREDIENT], row[INGREDIENT]),
            "n_organisations": int(row["n_organisations"]),
            "shown": bool(row["shown"]),
            "lower_quartile": round_score(_number(row["q1"])),
            "median": round_score(_number(row["median"])),
            "upper_quartile": round_score(_number(row["q3"])),
            "organisation_score": round_score(_number(row["organisation_score"])),
            "percentile_rank": round_score(_number(row["percentile_rank"])),
            "band": row["band"] if isinstance(row["band"], str) else None,
        }
        for row in summary.to_dict("records")
    ]


def peer_labels(
    members: pd.DataFrame, organisation: benchmarks.OrganisationInfo, *, key: str, named: bool
) -> dict[int, str]:
    """Label per member id, in display order: the benchmark page's labels."""
    return organisation_labels(
        members,
        organisation_id=organisation.id,
        organisation_name=organisation.name,
        key=key,
        named=named,
    )


def peer_rows(
    benchmark: Benchmark, lens: str | None, *, named: bool, settings: Settings
) -> list[dict]:
    """Each member's usable score for the ingredients whose group figures are shown, under its
    label; in label order (never by score), then lens and ingredient in model order.

    Only for the group of all participating organisations: raises ``ProfilesNotGiven`` for any
    other group (see the module's "Linkage")."""
    if benchmark.group != PROFILES_GROUP:
        raise ProfilesNotGiven(benchmark.group)
    if not benchmark.participating or benchmark.summary.empty:
        return []
    shown = benchmark.summary[benchmark.summary["shown"]][[LENS, INGREDIENT]]
    scores = benchmark.scores[~benchmark.scores[SUPPRESSED] & benchmark.scores[SCORE].notna()]
    scores = scores.merge(shown, on=[LENS, INGREDIENT])
    if lens is not None:
        scores = scores[scores[LENS] == lens]
    if scores.empty:
        return []
    key = labelling_key(settings.secret, benchmark.cycle_id)
    labels = peer_labels(benchmark.members, benchmark.organisation, key=key, named=named)
    order = {organisation_id: rank for rank, organisation_id in enumerate(labels)}
    scores = scores.assign(_order=scores[ORGANISATION_ID].map(order))
    scores = sort_in_model_order(scores, ["_order", LENS, INGREDIENT])
    return [
        {
            "organisation": labels[int(row[ORGANISATION_ID])],
            "lens": row[LENS],
            "ingredient": row[INGREDIENT],
            "score": round_score(float(row[SCORE])),
        }
        for row in scores.to_dict("records")
    ]


def _measure_number(value: float | None) -> float | None:
    return None if value is None else round(float(value), 4)


def _month(value: date | None) -> str | None:
    return f"{value:%Y-%m}" if value else None


def list_measures(scope: Scope, organisation_id: int) -> list[dict] | None:
    """Every outcome measure of a visible organisation, in the measures file's order, as on the
    measures page; None when the organisation is not visible."""
    if benchmarks.get_organisation(scope, organisation_id) is None:
        return None
    return [
        {
            "id": each.measure.id,
            "title": each.measure.title,
            "unit": each.measure.unit,
            "domain": each.measure.domain,
            "better": each.measure.better,
            "target": each.measure.target,
            "ingredients": list(each.measure.ingredients),
            "months": each.points,
            "latest_month": f"{each.result.latest_month:%Y-%m}"
            if each.result.latest_month
            else None,
            "latest_value": _measure_number(each.result.latest_value),
            "mean": _measure_number(each.result.mean),
            "lower_limit": _measure_number(each.result.lower),
            "upper_limit": _measure_number(each.result.upper),
            "variation": each.result.variation,
            "variation_text": each.result.variation_words,
            "assurance": each.result.assurance,
            "assurance_text": each.result.assurance_words,
            "provisional": each.has_values and each.result.too_few_points,
        }
        for each in measures.measure_summaries(scope, organisation_id)
    ]


def list_measure_values(
    scope: Scope, organisation_id: int, measure_id: str, *, team: str | None
) -> list[dict] | None:
    """A measure's stored values for a visible organisation, by team and month (optionally one
    team's); None when the organisation is not visible or the measure is unknown."""
    measure_set = get_measures()
    if benchmarks.get_organisation(scope, organisation_id) is None or measure_set is None:
        return None
    if measure_set.get(measure_id) is None:
        return None
    values = measures.read_values(scope, organisation_id, [measure_id])
    if team is not None:
        values = values[values["team"] == team]
    return [
        {
            "team": row.team,
            "month": f"{row.month:%Y-%m}",
            "value": _measure_number(row.value),
            "numerator": None if pd.isna(row.numerator) else _measure_number(row.numerator),
            "denominator": None if pd.isna(row.denominator) else _measure_number(row.denominator),
        }
        for row in values.itertuples()
    ]
