"""Routes of the API: ``/api/openapi.json`` and the read-only ``/api/v1/`` endpoints.

Every ``/api/v1/`` view checks the bearer token (``token_required``, which gives it the
``api_token`` access rule); the token's scope then filters every organisation's data exactly as
a signed-in session would. Views only parse the request, call ``service`` and serialise through
the pydantic models of ``schemas`` (the models the OpenAPI description is built from).
"""

from __future__ import annotations

import json

from flask import Response, current_app, request
from pydantic import BaseModel

from valuedcare import access
from valuedcare.api import bp, openapi, schemas, service, v1
from valuedcare.api.errors import ApiError, error_response, token_required, token_scope
from valuedcare.api.pagination import page_request, paginate
from valuedcare.disclosure import DisclosureRules
from valuedcare.scoring.columns import LENSES

ID = "int(min=1, max=2147483647)"
ORGANISATION_CYCLE = f"/organisations/<{ID}:organisation_id>/cycles/<{ID}:cycle_id>"


def _json(model: BaseModel) -> Response:
    response = Response(json.dumps(model.model_dump(mode="json")), mimetype="application/json")
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _found(value):
    if value is None:
        raise ApiError(404)
    return value


def _settings() -> service.Settings:
    config = current_app.config
    return service.Settings(
        secret=str(config["SECRET_KEY"]), rules=DisclosureRules.from_config(config)
    )


def _choice(name: str, choices: tuple[str, ...], default: str | None = None) -> str | None:
    value = request.args.get(name) or default
    if value is not None and value not in choices:
        raise ApiError(400, f"{name} must be one of: {', '.join(choices)}.")
    return value


@v1.errorhandler(ApiError)
def api_error(error: ApiError) -> Response:
    return error_response(error)


@v1.errorhandler(service.ProfilesNotGiven)
def profiles_not_given(error: service.ProfilesNotGiven) -> Response:
    return error_response(ApiError(400, service.PROFILES_MESSAGE))


@v1.errorhandler(service.NotReleased)
def not_released(error: service.NotReleased) -> Response:
    message = f"Results for {error} are released to board members when the cycle closes."
    return error_response(ApiError(403, message))


@bp.get("/openapi.json")
@access.public
def openapi_json() -> Response:
    response = Response(json.dumps(openapi.build_openapi()), mimetype="application/json")
    response.headers["Cache-Control"] = "public, max-age=300"
    return response


@v1.get("/cycles")
@token_required
def list_cycles() -> Response:
    wanted = page_request()
    return _json(schemas.CycleList(**paginate(service.list_cycles(), wanted)))


@v1.get(f"/cycles/<{ID}:cycle_id>")
@token_required
def get_cycle(cycle_id: int) -> Response:
    return _json(schemas.Cycle(**_found(service.get_cycle(cycle_id))))


@v1.get("/organisations")
@token_required
def list_organisations() -> Response:
    wanted = page_request()
    rows = service.list_organisations(token_scope())
    return _json(schemas.OrganisationList(**paginate(rows, wanted)))


@v1.get(f"/organisations/<{ID}:organisation_id>")
@token_required
def get_organisation(organisation_id: int) -> Response:
    row = _found(service.get_organisation(token_scope(), organisation_id))
    return _json(schemas.Organisation(**row))


@v1.get(f"/organisations/<{ID}:organisation_id>/assessments")
@token_required
def list_assessments(organisation_id: int) -> Response:
    wanted = page_request()
    rows = _found(service.list_assessments(token_scope(), organisation_id))
    return _json(schemas.AssessmentList(**paginate(rows, wanted)))


@v1.get(f"/organisations/<{ID}:organisation_id>/actions")
@token_required
def list_actions(organisation_id: int) -> Response:
    wanted = page_request()
    status = _choice("status", service.ACTION_STATUS_CHOICES)
    rows = _found(service.list_actions(token_scope(), organisation_id, status=status))
    return _json(schemas.ActionList(**paginate(rows, wanted)))


@v1.get(f"/organisations/<{ID}:organisation_id>/measures")
@token_required
def list_measures(organisation_id: int) -> Response:
    wanted = page_request()
    rows = _found(service.list_measures(token_scope(), organisation_id))
    return _json(schemas.MeasureSummaryList(**paginate(rows, wanted)))


@v1.get(f"/organisations/<{ID}:organisation_id>/measures/<measure_id>/values")
@token_required
def list_measure_values(organisation_id: int, measure_id: str) -> Response:
    wanted = page_request()
    team = request.args.get("team") or None
    rows = _found(
        service.list_measure_values(token_scope(), organisation_id, measure_id, team=team)
    )
    return _json(schemas.MeasureValueList(**paginate(rows, wanted)))


@v1.get(ORGANISATION_CYCLE + "/scores")
@token_required
def get_scores(organisation_id: int, cycle_id: int) -> Response:
    wanted = page_request()
    lens = _choice("lens", LENSES)
    settings = _settings()
    found = service.get_scores(
        token_scope(), organisation_id, cycle_id, lens=lens, settings=settings
    )
    info, rows = _found(found)
    return _json(
        schemas.ScoreList(
            organisation_id=info.organisation_id,
            cycle_id=info.cycle_id,
            assessment_id=info.assessment_id,
            min_respondents=settings.min_respondents,
            **paginate(rows, wanted),
        )
    )


@v1.get(ORGANISATION_CYCLE + "/experience")
@token_required
def get_experience(organisation_id: int, cycle_id: int) -> Response:
    settings = _settings()
    found = _found(service.get_experience(token_scope(), organisation_id, cycle_id, settings))
    return _json(schemas.ExperienceGaps(**found))


def _benchmark(organisation_id: int, cycle_id: int, *, profiles: bool = False):
    wanted = page_request()
    group = _choice("group", service.GROUPS, "all")
    if profiles and group != service.PROFILES_GROUP:
        raise service.ProfilesNotGiven(group)
    lens = _choice("lens", LENSES)
    settings = _settings()
    benchmark = service.get_benchmark(
        token_scope(), organisation_id, cycle_id, group=str(group), settings=settings
    )
    return wanted, str(group), lens, settings, _found(benchmark)


@v1.get(ORGANISATION_CYCLE + "/benchmark")
@token_required
def get_benchmark(organisation_id: int, cycle_id: int) -> Response:
    wanted, group, lens, settings, benchmark = _benchmark(organisation_id, cycle_id)
    return _json(
        schemas.BenchmarkList(
            organisation_id=organisation_id,
            cycle_id=cycle_id,
            group=group,
            participating=benchmark.participating,
            min_organisations=settings.min_organisations,
            min_respondents=settings.min_respondents,
            **paginate(service.benchmark_rows(benchmark, lens), wanted),
        )
    )


@v1.get(ORGANISATION_CYCLE + "/benchmark/peers")
@token_required
def get_benchmark_peers(organisation_id: int, cycle_id: int) -> Response:
    wanted, group, lens, settings, benchmark = _benchmark(organisation_id, cycle_id, profiles=True)
    named = token_scope().is_platform_admin
    rows = service.peer_rows(benchmark, lens, named=named, settings=settings)
    return _json(
        schemas.PeerList(
            organisation_id=organisation_id,
            cycle_id=cycle_id,
            group=group,
            **paginate(rows, wanted),
        )
    )
