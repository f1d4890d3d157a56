"""The OpenAPI 3.1 description of the API, built from the pydantic models the endpoints use.

``OPERATIONS`` lists every endpoint once (path, response model, parameters, possible errors);
the schemas come from ``schemas.MODELS`` through pydantic's JSON Schema generation, which
OpenAPI 3.1 uses unchanged. A test checks that the URL map and ``OPERATIONS`` list the same
endpoints.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from valuedcare.api import schemas
from valuedcare.api.pagination import DEFAULT_PER_PAGE, MAX_PAGE, MAX_PER_PAGE
from valuedcare.caching import Rule, memoize

REF = "#/components/schemas/{model}"
MAX_ID = 2_147_483_647


def _path_id(name: str, what: str) -> dict[str, Any]:
    return {
        "name": name,
        "in": "path",
        "required": True,
        "description": f"The {what}'s id.",
        "schema": {"type": "integer", "minimum": 1, "maximum": MAX_ID},
    }


def _query(name: str, description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "description": description,
        "schema": schema,
    }


PAGE = _query(
    "page",
    "Page number, from 1.",
    {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1},
)
PER_PAGE = _query(
    "per_page",
    f"Items per page, 1 to {MAX_PER_PAGE}.",
    {"type": "integer", "minimum": 1, "maximum": MAX_PER_PAGE, "default": DEFAULT_PER_PAGE},
)
LENS = _query(
    "lens",
    "Only this lens.",
    {"type": "string", "enum": ["board", "board_agreed", "experts_by_experience", "partner"]},
)
ACTION_STATUS = _query(
    "status",
    "Only actions with this status; open: those not done or dropped.",
    {
        "type": "string",
        "enum": ["not_started", "on_track", "at_risk", "done", "dropped", "open"],
    },
)
MEASURE_ID = {
    "name": "measure_id",
    "in": "path",
    "required": True,
    "description": "The measure's id in the measures file, such as length_of_stay.",
    "schema": {"type": "string", "pattern": "^[a-z][a-z0-9_]*$", "maxLength": 64},
}
TEAM = _query("team", "Only this team or locality.", {"type": "string", "maxLength": 100})
GROUP = _query(
    "group",
    "Comparator group: all participating organisations, the same region or the same type.",
    {"type": "string", "enum": ["all", "region", "peer_group"], "default": "all"},
)
PROFILES_GROUP = _query(
    "group",
    'Comparator group: "all" participating organisations, the only group for which individual '
    'organisations\' scores are given. "region" and "peer_group" answer 400: shown for more '
    "than one group, the same anonymous scores could be matched to tell which organisation is "
    "in this organisation's region and type, and so name it. Use the benchmark endpoint for "
    "those groups' figures.",
    {"type": "string", "enum": ["all"], "default": "all"},
)
ORGANISATION_ID = _path_id("organisation_id", "organisation")
CYCLE_ID = _path_id("cycle_id", "cycle")


@dataclass(frozen=True)
class Operation:
    path: str
    endpoint: str
    summary: str
    description: str
    model: type[BaseModel]
    parameters: tuple[dict[str, Any], ...] = ()
    errors: tuple[int, ...] = ()


ORGANISATION_CYCLE = "/api/v1/organisations/{organisation_id}/cycles/{cycle_id}"

OPERATIONS = (
    Operation(
        "/api/v1/cycles",
        "api.v1.list_cycles",
        "Assessment cycles",
        "Every assessment cycle, newest first.",
        schemas.CycleList,
        (PAGE, PER_PAGE),
        (400,),
    ),
    Operation(
        "/api/v1/cycles/{cycle_id}",
        "api.v1.get_cycle",
        "One assessment cycle",
        "",
        schemas.Cycle,
        (CYCLE_ID,),
        (404,),
    ),
    Operation(
        "/api/v1/organisations",
        "api.v1.list_organisations",
        "Organisations you may see",
        "Your own organisation; every organisation for platform administrators. By name.",
        schemas.OrganisationList,
        (PAGE, PER_PAGE),
        (400,),
    ),
    Operation(
        "/api/v1/organisations/{organisation_id}",
        "api.v1.get_organisation",
        "One organisation",
        "404 for an organisation you may not see.",
        schemas.Organisation,
        (ORGANISATION_ID,),
        (404,),
    ),
    Operation(
        "/api/v1/organisations/{organisation_id}/assessments",
        "api.v1.list_assessments",
        "An organisation's assessments",
        "One per cycle it took part in, newest first. Board members see closed cycles only.",
        schemas.AssessmentList,
        (ORGANISATION_ID, PAGE, PER_PAGE),
        (400, 404),
    ),
    Operation(
        "/api/v1/organisations/{organisation_id}/actions",
        "api.v1.list_actions",
        "The organisation's improvement plan",
        "Every action, open and closed, by ingredient in the model's order, with its owner, due "
        "date, status, the cycle it was agreed in and its dated progress updates. status "
        "filters by status; status=open keeps actions not done or dropped. Actions are the "
        "organisation's own: no other organisation's are ever listed.",
        schemas.ActionList,
        (ORGANISATION_ID, ACTION_STATUS, PAGE, PER_PAGE),
        (400, 404),
    ),
    Operation(
        "/api/v1/organisations/{organisation_id}/measures",
        "api.v1.list_measures",
        "The organisation's outcome measures, read as SPC charts",
        "Every measure of the measures file, in its order, for the whole organisation (worked "
        "out from its teams' values) as on the measures page: the latest month and value, the "
        "mean and process limits of the current phase, variation at the latest month and "
        "assurance against the target (Making Data Count), in codes and in words. Measures "
        "with no values have months 0 and nulls.",
        schemas.MeasureSummaryList,
        (ORGANISATION_ID, PAGE, PER_PAGE),
        (400, 404),
    ),
    Operation(
        "/api/v1/organisations/{organisation_id}/measures/{measure_id}/values",
        "api.v1.list_measure_values",
        "A measure's values, by team and month",
        "Every stored value of one measure for the organisation, by team then month; shares "
        "and rates with their numerator and denominator. team keeps one team's. 404 for an "
        "unknown measure.",
        schemas.MeasureValueList,
        (ORGANISATION_ID, MEASURE_ID, TEAM, PAGE, PER_PAGE),
        (400, 404),
    ),
    Operation(
        ORGANISATION_CYCLE + "/scores",
        "api.v1.get_scores",
        "Mean scores by lens and ingredient",
        "The organisation's assessment in the cycle: mean score (to one decimal place) and "
        "respondents per lens and ingredient, as in the trust report. Board lenses give the "
        "exact number of respondents; experts-by-experience and partner results give it as a "
        'band (respondents_band, e.g. "5 to 9") and are suppressed with fewer than '
        "min_respondents respondents (score and respondents_band null). Board members get 403 "
        "until the cycle closes.",
        schemas.ScoreList,
        (ORGANISATION_ID, CYCLE_ID, LENS, PAGE, PER_PAGE),
        (400, 403, 404),
    ),
    Operation(
        ORGANISATION_CYCLE + "/experience",
        "api.v1.get_experience",
        "Experts by experience: what happened, what they hoped for, and the gap",
        "As on the trust report: per ingredient in the model's order (asked false where no pair "
        "of questions asks about it) with the gap's change since the previous cycle, and per "
        "pair of questions. Every figure is null and suppressed true where fewer than "
        "min_respondents people answered both halves. Board members get 403 until the cycle "
        "closes.",
        schemas.ExperienceGaps,
        (ORGANISATION_ID, CYCLE_ID),
        (403, 404),
    ),
    Operation(
        ORGANISATION_CYCLE + "/benchmark",
        "api.v1.get_benchmark",
        "Benchmark: the comparator group's distribution",
        "As on the benchmark page: per lens and ingredient, the number of organisations, the "
        "group's lower quartile, median and upper quartile, and the organisation's score, "
        "percentile rank and band, all rounded to one decimal place. No lowest or highest "
        "score is given: each is one organisation's own score. Group figures are null where "
        "fewer than min_organisations organisations have a score; suppressed results never "
        "count. Board members get 403 until the cycle closes.",
        schemas.BenchmarkList,
        (ORGANISATION_ID, CYCLE_ID, GROUP, LENS, PAGE, PER_PAGE),
        (400, 403, 404),
    ),
    Operation(
        ORGANISATION_CYCLE + "/benchmark/peers",
        "api.v1.get_benchmark_peers",
        "Benchmark: each organisation's score under an anonymous label",
        "The scores behind the benchmark page's heatmap, for all participating organisations "
        "only, rounded to one decimal place: other organisations appear as "
        '"Organisation N", numbered afresh each cycle, never by score. group=region and '
        'group=peer_group answer 400: individual profiles are given for the group "all" only, '
        "so they cannot be matched across groups to tell which organisation shares this one's "
        "region and type. Board members get 403 until the cycle closes.",
        schemas.PeerList,
        (ORGANISATION_ID, CYCLE_ID, PROFILES_GROUP, LENS, PAGE, PER_PAGE),
        (400, 403, 404),
    ),
)


def _error(status: int) -> dict[str, Any]:
    descriptions = {
        400: "A query parameter is not valid.",
        401: "No token, or the token is unknown, revoked or its account deactivated.",
        403: "Your role may not see this yet.",
        404: "Not found, or not visible to you.",
        429: "Too many requests.",
    }
    return {
        "description": descriptions[status],
        "content": {"application/json": {"schema": {"$ref": REF.format(model="Error")}}},
    }


def _operation(operation: Operation) -> dict[str, Any]:
    responses: dict[str, Any] = {
        "200": {
            "description": "OK",
            "content": {
                "application/json": {"schema": {"$ref": REF.format(model=operation.model.__name__)}}
            },
        }
    }
    for status in sorted({*operation.errors, 401, 429}):
        responses[str(status)] = _error(status)
    return {
        "operationId": operation.endpoint.rsplit(".", 1)[-1],
        "summary": operation.summary,
        "description": operation.description,
        "parameters": list(operation.parameters),
        "responses": responses,
    }


@memoize("OpenAPI document", rule=Rule.DEPLOY, size=1)
def build_openapi() -> dict[str, Any]:
    """The OpenAPI 3.1 document (the same object every time: do not change it)."""
    _, top = models_json_schema(
        [(model, "serialization") for model in schemas.MODELS], ref_template=REF
    )
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Valued care self-assessment API",
            "version": "1.0.0",
            "description": "Read-only data for analysts: cycles, organisations, scores and "
            "benchmarks, with the same small-number suppression and anonymisation as the "
            "pages. Create a token on the API tokens page and send it as "
            "'Authorization: Bearer <token>'.",
        },
        "paths": {op.path: {"get": _operation(op)} for op in OPERATIONS},
        "components": {
            "schemas": top["$defs"],
            "securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer"}},
        },
        "security": [{"bearerAuth": []}],
    }
