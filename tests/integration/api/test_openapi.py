"""The OpenAPI description: served publicly, complete, and true to the responses (schemathesis)."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from tests.integration.api.conftest import Network, bearer, make_token
from valuedcare.api.openapi import build_openapi

#: Examples per operation; each example makes three requests (as generated, own ids, B's ids).
MAX_EXAMPLES = 25


def test_the_description_is_public_json_openapi_3_1(client, db):
    response = client.get("/api/openapi.json")

    assert response.status_code == 200
    assert response.mimetype == "application/json"
    spec = response.get_json()
    assert spec["openapi"] == "3.1.0"
    assert spec["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    assert spec["components"]["schemas"]["Score"]["additionalProperties"] is False


def _rule_as_openapi_path(rule: str) -> str:
    return re.sub(r"<(?:[^:>]+:)?([^>]+)>", r"{\1}", rule)


def test_every_api_endpoint_is_described_and_every_description_is_an_endpoint(app, client, db):
    spec = client.get("/api/openapi.json").get_json()
    routes = {
        _rule_as_openapi_path(rule.rule): sorted(rule.methods - {"HEAD", "OPTIONS"})
        for rule in app.url_map.iter_rules()
        if rule.endpoint.startswith("api.v1.")
    }

    assert {path: sorted(m.upper() for m in ops) for path, ops in spec["paths"].items()} == routes


def test_every_api_view_checks_the_token_and_carries_an_access_rule(app):
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/"):
            continue
        view = app.view_functions[rule.endpoint]
        assert getattr(view, "_access_rule", None) in {"public", "signed_in", "api_token"}
        if rule.endpoint.startswith("api.v1."):
            assert getattr(view, "_token_required", False), rule.rule
            assert view._access_rule == "api_token", rule.rule


# --- schemathesis --------------------------------------------------------------------------------


@pytest.fixture
def api_world(db: Any, factories: Any) -> tuple[Network, str]:
    """The network of trusts and a token of trust A's viewer."""
    from tests.integration.api.conftest import build_network

    network = build_network(db, factories)
    return network, make_token(db, network.user_a)


# Loaded from the same builder that serves /api/openapi.json (checked below), because the
# fixture-based loader does not work with this pytest version.
schema = schemathesis.openapi.from_dict(build_openapi())


def test_the_served_description_is_the_one_tested(client, db):
    assert client.get("/api/openapi.json").get_json() == json.loads(json.dumps(build_openapi()))


def _assert_nothing_of_other_trusts(case: Any, response: Any, network: Network) -> None:
    text = response.text
    for other in network.organisations[1:]:
        assert other.name not in text
        assert f'"code": "{other.code}"' not in text
    if case.method.upper() != "GET":
        assert response.status_code in {200, 405} and (not text or "error" in text)
        return
    organisation_id = (case.path_parameters or {}).get("organisation_id")
    if organisation_id is not None and str(organisation_id) != str(network.a.id):
        assert response.status_code != 200
    if response.status_code == 200:
        body = json.loads(text)
        if "organisation_id" in body:
            assert body["organisation_id"] == network.a.id
        for item in body.get("items", []):
            assert item.get("organisation_id", network.a.id) == network.a.id


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_responses_conform_and_never_show_another_trust(
    case: Any, app: Any, api_world: Any
) -> None:
    network, token = api_world
    checks = [not_a_server_error, response_schema_conformance]
    shared = {"cycle_id": network.cycle.id, "measure_id": "did_not_attend"}
    own = {"organisation_id": network.a.id, **shared}
    other = {"organisation_id": network.b.id, **shared}
    generated = dict(case.path_parameters or {})
    for replacement in (None, own, other):
        if replacement is not None:
            if not generated:
                break
            case.path_parameters = {key: replacement.get(key, v) for key, v in generated.items()}
        response = case.call(headers=bearer(token), app=app)
        case.validate_response(response, checks=checks)
        _assert_nothing_of_other_trusts(case, response, network)


def test_every_schema_the_description_refers_to_is_defined(client, db):
    spec = client.get("/api/openapi.json").get_json()
    refs = set(re.findall(r'"\$ref": "#/components/schemas/([A-Za-z]+)"', json.dumps(spec)))
    assert refs, "the description refers to its schemas"
    assert refs <= set(spec["components"]["schemas"]), refs - set(spec["components"]["schemas"])
