"""Walking the URL map: which rules exist, what their arguments mean and the URLs to try.

Route arguments are filled in by their name. An argument naming an organisation's object
(``ORGANISATION_ARGUMENTS``) takes the ids of one organisation's objects; a shared argument
(``SHARED_ARGUMENTS``: cycles and questionnaires belong to every organisation) takes values that
exist for everyone; ``any(...)`` arguments take each of their values. A route argument with a name
not listed here makes the walk fail, so whoever adds such a route says what it means.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from flask import Flask
from werkzeug.routing import Rule
from werkzeug.routing.converters import AnyConverter

from tests.integration.security.conftest import Estate, Holdings

#: Arguments naming one organisation's objects -> that organisation's values.
ORGANISATION_ARGUMENTS: dict[str, Callable[[Holdings], list[Any]]] = {
    "assessment_id": lambda held: held.assessment_ids,
    "organisation_id": lambda held: [held.organisation_id],
    "action_id": lambda held: held.action_ids,
    "upload_id": lambda held: held.upload_ids,
    "user_id": lambda held: held.user_ids,
    "response_id": lambda held: held.response_ids,
    "invitation_id": lambda held: held.invitation_ids,
    "link_id": lambda held: held.invitation_ids,
    "anonymous_link_id": lambda held: held.anonymous_link_ids,
    "token_id": lambda held: held.api_token_ids,
    # A respondent's link: the token is the credential, and it belongs to one organisation.
    "token": lambda held: held.tokens,
    # A link's short code from a poster: a credential like the token it stands for.
    "code": lambda held: held.short_codes,
}

#: Arguments for things every organisation shares -> values that exist.
SHARED_ARGUMENTS: dict[str, Callable[[Estate], list[Any]]] = {
    "cycle_id": lambda estate: estate.cycle_ids,
    "ingredient": lambda estate: ["culture"],
    "slug": lambda estate: ["board-self-assessment"],
    "section_id": lambda estate: ["experts_by_experience"],
    "version": lambda estate: [1],
    "filename": lambda estate: ["css/main.css"],
    # Measures are defined once for every organisation; their values are the organisation's.
    "measure_id": lambda estate: ["did_not_attend"],
}

#: Rules that take arguments but no organisation's ids, and why that is safe. Each is still
#: requested by every role, and B's data must not appear in what it answers.
NOT_ORGANISATION_SPECIFIC = {
    # Files of the design system.
    "static": "files of the design system",
    # A password link's token is the credential of one account, not organisation data; a made-up
    # token answers 404 and the token's own account is tested by the auth tests.
    "auth.reset_password": "the token is one account's credential",
    # Questionnaire versions are shared by every organisation (platform administrators only).
    "admin.questionnaire_changes": "questionnaire versions belong to no organisation",
}

STATE_CHANGING = {"POST", "PUT", "PATCH", "DELETE"}


@dataclass(frozen=True)
class Request:
    rule: Rule
    method: str
    url: str


def rules(app: Flask) -> list[Rule]:
    return sorted(app.url_map.iter_rules(), key=lambda rule: (rule.rule, rule.endpoint))


def view_of(app: Flask, rule: Rule) -> Any:
    return app.view_functions[rule.endpoint]


def methods(rule: Rule) -> list[str]:
    return sorted((rule.methods or set()) - {"HEAD", "OPTIONS"})


def unknown_arguments(rule: Rule) -> set[str]:
    known = set(ORGANISATION_ARGUMENTS) | set(SHARED_ARGUMENTS)
    return {
        name
        for name in rule.arguments
        if name not in known and not isinstance(rule._converters[name], AnyConverter)
    }


def organisation_arguments(rule: Rule) -> set[str]:
    return {name for name in rule.arguments if name in ORGANISATION_ARGUMENTS}


def is_organisation_specific(rule: Rule) -> bool:
    return bool(organisation_arguments(rule)) and rule.endpoint not in NOT_ORGANISATION_SPECIFIC


def value_sets(
    rule: Rule, estate: Estate, holdings: Holdings, credentials: Holdings | None = None
) -> Iterator[dict[str, Any]]:
    """Every combination of values for the rule's arguments: organisation ids from ``holdings``,
    and respondent link tokens from ``credentials`` (the links someone holds; ``holdings`` when
    not given)."""
    names = sorted(rule.arguments)
    choices = []
    for name in names:
        converter = rule._converters[name]
        if isinstance(converter, AnyConverter):
            choices.append(sorted(converter.items))
        elif name in ("token", "code") and credentials is not None:
            choices.append(ORGANISATION_ARGUMENTS[name](credentials))
        elif name in ORGANISATION_ARGUMENTS:
            choices.append(ORGANISATION_ARGUMENTS[name](holdings))
        else:
            choices.append(SHARED_ARGUMENTS[name](estate))
    for combination in itertools.product(*choices):
        yield dict(zip(names, combination, strict=True))


def build_url(app: Flask, rule: Rule, values: dict[str, Any], method: str = "GET") -> str:
    adapter = app.url_map.bind("localhost")
    return adapter.build(rule.endpoint, values, method=method)


def requests_for(
    app: Flask,
    estate: Estate,
    holdings: Holdings,
    *,
    include_post: bool = True,
    credentials: Holdings | None = None,
) -> Iterator[Request]:
    """Every (rule, method, URL) with ``holdings``' ids for organisation arguments."""
    for rule in rules(app):
        if rule.endpoint == "static":
            continue
        for method in methods(rule):
            if method in STATE_CHANGING and not include_post:
                continue
            for values in value_sets(rule, estate, holdings, credentials):
                yield Request(rule, method, build_url(app, rule, values, method))
