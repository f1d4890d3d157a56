"""Every route states who may use it, and the statement holds for visitors.

The URL map is read at test time, so routes added later are checked without editing this file.
"""

from __future__ import annotations

from typing import Any

from flask import Flask

from tests.integration.security.routes import STATE_CHANGING, methods, rules
from valuedcare.access import ROLE_LABELS

RULES = {"public", "respondent_link", "signed_in", "api_token"}


def _markers(view: Any) -> list[tuple[str, tuple[str, ...]]]:
    """The access markers found on a view and every function it wraps."""
    found = []
    while view is not None:
        if "_access_rule" in getattr(view, "__dict__", {}):
            found.append((view._access_rule, tuple(view._access_roles)))
        view = getattr(view, "__wrapped__", None)
    return found


def test_every_route_has_exactly_one_access_rule(app: Flask) -> None:
    problems = []
    for rule in rules(app):
        if rule.endpoint == "static":
            continue  # Flask's own view for the design system's files
        markers = set(_markers(app.view_functions[rule.endpoint]))
        if not markers:
            problems.append(f"{rule.rule} ({rule.endpoint}) has no access rule")
        elif len(markers) > 1:
            problems.append(f"{rule.rule} ({rule.endpoint}) has several: {sorted(markers)}")
        else:
            [(name, roles)] = markers
            if name not in RULES or not set(roles) <= set(ROLE_LABELS):
                problems.append(f"{rule.rule} ({rule.endpoint}) has {name} {roles}")
            if name != "signed_in" and roles:
                problems.append(f"{rule.rule} ({rule.endpoint}): only signed_in takes roles")
    assert not problems, "\n".join(problems)


def test_the_walk_sees_every_blueprint(app: Flask) -> None:
    """A guard against the walk silently covering nothing: the main areas have routes."""
    blueprints = {rule.endpoint.partition(".")[0] for rule in rules(app)}
    assert {"main", "auth", "admin", "reports"} <= blueprints


def _placeholder(rule: Any) -> dict[str, Any]:
    from werkzeug.routing.converters import AnyConverter, IntegerConverter

    values: dict[str, Any] = {}
    for name in rule.arguments:
        converter = rule._converters[name]
        if isinstance(converter, AnyConverter):
            values[name] = sorted(converter.items)[0]
        elif isinstance(converter, IntegerConverter):
            values[name] = 1
        else:
            values[name] = "x"
    return values


def test_visitors_are_sent_to_sign_in_from_every_signed_in_route(app: Flask, client: Any) -> None:
    adapter = app.url_map.bind("localhost")
    problems = []
    for rule in rules(app):
        view = app.view_functions[rule.endpoint]
        if getattr(view, "_access_rule", None) != "signed_in":
            continue
        for method in methods(rule):
            url = adapter.build(rule.endpoint, _placeholder(rule), method=method)
            response = client.open(url, method=method)
            location = response.headers.get("Location", "")
            if method in STATE_CHANGING and response.status_code == 400:
                continue  # refused before the sign-in check because the CSRF token is missing
            if response.status_code != 302 or "/account/sign-in" not in location:
                problems.append(f"{method} {url}: {response.status_code} {location}")
    assert not problems, "\n".join(problems)
