"""One organisation never reaches another's data, whatever URL its users type.

Users of organisation A, in each organisation role, request every rule of the URL map with the ids
of organisation B's objects, by GET and (with a valid CSRF token) by POST. Each answer must be 403
or 404 and the database must not change. Rules that take no organisation's ids are requested too,
and must show nothing that identifies B. The rules are read from the URL map at test time, so
routes added later are walked as well.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from tests.integration.security.conftest import (
    ORGANISATION_ROLES,
    Estate,
    Holdings,
    csrf_token,
    sign_in,
)
from tests.integration.security.routes import (
    NOT_ORGANISATION_SPECIFIC,
    STATE_CHANGING,
    is_organisation_specific,
    organisation_arguments,
    requests_for,
    rules,
    unknown_arguments,
)

#: Form fields sent with every POST, so that a route cannot answer 403/404 merely because its
#: form was empty: the ids in the URL must be what stops it.
FORM = {
    "text": "Isolation walk action",
    "owner": "Someone",
    "ingredient": "culture",
    "role": "viewer",
    "reason": "Isolation walk",
    "label": "Isolation walk",
    "name": "Isolation walk",
    "email": "walker@example.org",
    "lens": "partner",
}


def identifying_marks(held: Holdings) -> list[str]:
    """Strings that would identify an organisation if they appeared on a page."""
    marks = [held.name, held.code, held.name.split()[0]]
    marks += [user.email for user in held.users.values()]
    return marks


def body_text(response: Any) -> str:
    """A response's text; for an Excel workbook, the XML inside it. (PDF text is compressed and
    set in embedded fonts: its content is checked by the report tests, not here.)"""
    data = response.get_data()
    if data[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(data)) as workbook:
            parts = [workbook.read(name) for name in workbook.namelist()]
            return b"".join(parts).decode("utf-8", "replace")
    return data.decode("utf-8", "replace")


def leaks(response: Any, held: Holdings) -> list[str]:
    lowered = body_text(response).lower()
    return [mark for mark in identifying_marks(held) if mark.lower() in lowered]


def snapshot(db: Any) -> dict[str, list[tuple]]:
    """Every row of every table, to show that nothing changed."""
    from valuedcare.models import Base

    db.session.expire_all()
    return {
        table.name: sorted(
            (tuple(str(value) for value in row) for row in db.session.execute(select(table))),
        )
        for table in Base.metadata.sorted_tables
    }


def _respondent_link(app: Flask, rule: Any) -> bool:
    return getattr(app.view_functions[rule.endpoint], "_access_rule", None) == "respondent_link"


#: Pages of one person's own answers: nobody else reaches them, whatever their role (tested in
#: tests/integration/survey/test_own_self_assessment.py).
OWNER_ONLY = {"survey.own_sent"}


def _credential_only(app: Flask, rule: Any) -> bool:
    """A respondent link route whose only organisation argument is the link itself (its token, or
    its short code): whoever holds a link may answer through it, so there is no other
    organisation's id to try."""
    return _respondent_link(app, rule) and organisation_arguments(rule) <= {"token", "code"}


def _bearer(held: Holdings, role: str) -> dict[str, str]:
    token = held.api_tokens.get(role)
    return {"Authorization": f"Bearer {token}"} if token else {}


def test_every_route_argument_has_a_known_meaning(app: Flask) -> None:
    """A new route argument must be added to ``routes.py`` so the walk can fill it in."""
    unknown = {rule.rule: sorted(unknown_arguments(rule)) for rule in rules(app)}
    unknown = {rule: names for rule, names in unknown.items() if names}
    assert not unknown, (
        f"add these route arguments to ORGANISATION_ARGUMENTS or SHARED_ARGUMENTS in "
        f"tests/integration/security/routes.py: {unknown}"
    )


def test_the_allow_list_names_only_existing_rules(app: Flask) -> None:
    endpoints = {rule.endpoint for rule in rules(app)}
    assert set(NOT_ORGANISATION_SPECIFIC) <= endpoints


@pytest.mark.parametrize("role", ORGANISATION_ROLES)
def test_users_of_a_never_reach_bs_objects(
    app: Flask, client: Any, db: Any, estate: Estate, csrf_on: None, role: str
) -> None:
    sign_in(client, estate.a.users[role])
    token = csrf_token(client)
    before = snapshot(db)
    problems = []
    walked = 0
    for request in requests_for(app, estate, estate.b, credentials=estate.a):
        rule = request.rule
        if not is_organisation_specific(rule):
            continue
        if _credential_only(app, rule):
            continue
        data = {"csrf_token": token, **FORM} if request.method in STATE_CHANGING else None
        response = client.open(
            request.url, method=request.method, data=data, headers=_bearer(estate.a, role)
        )
        walked += 1
        if response.status_code not in (403, 404):
            problems.append(f"{request.method} {request.url}: {response.status_code}")
        elif leaks(response, estate.b):
            problems.append(f"{request.method} {request.url}: error page names B")
    assert walked > 20, "the walk should have requested B's objects"
    assert not problems, f"{role} of A reached B's objects:\n" + "\n".join(problems)
    assert snapshot(db) == before, "requests refused as 403/404 must change nothing"


@pytest.mark.parametrize("role", ORGANISATION_ROLES)
def test_pages_without_organisation_ids_show_nothing_of_b(
    app: Flask, client: Any, db: Any, estate: Estate, role: str
) -> None:
    """Start pages, lists and shared pages (questionnaires, benchmarks) never identify B.

    Benchmark pages may include B's scores, but only anonymously: B has not agreed to be named.
    """
    sign_in(client, estate.a.users[role])
    problems = []
    for request in requests_for(app, estate, estate.a, include_post=False):
        if is_organisation_specific(request.rule):
            continue
        response = client.get(request.url, headers=_bearer(estate.a, role))
        found = leaks(response, estate.b)
        if found:
            problems.append(f"GET {request.url} ({response.status_code}) shows {found}")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("role", ORGANISATION_ROLES)
def test_as_pages_show_nothing_of_b(
    app: Flask, client: Any, db: Any, estate: Estate, role: str
) -> None:
    """A's own pages (reports, benchmarks, trends, users) never identify B either."""
    sign_in(client, estate.a.users[role])
    problems = []
    for request in requests_for(app, estate, estate.a, include_post=False):
        if not is_organisation_specific(request.rule) or _credential_only(app, request.rule):
            continue
        response = client.get(request.url, headers=_bearer(estate.a, role))
        found = leaks(response, estate.b)
        if found:
            problems.append(f"GET {request.url} ({response.status_code}) shows {found}")
    assert not problems, "\n".join(problems)


def test_the_walk_uses_real_ids(app: Flask, client: Any, db: Any, estate: Estate) -> None:
    """The control: a platform administrator reaches B's objects through the same URLs, so the
    403s and 404s above come from the organisation check and not from malformed URLs."""
    sign_in(client, estate.platform_admin)
    reached: dict[str, bool] = {}
    for request in requests_for(app, estate, estate.b, include_post=False):
        if not is_organisation_specific(request.rule) or _credential_only(app, request.rule):
            continue
        if request.rule.endpoint.startswith("api."):
            continue  # a platform administrator's API token is not part of the estate
        if request.rule.endpoint in OWNER_ONLY:
            continue  # not even a platform administrator reaches another person's own answers
        status = client.get(request.url).status_code
        reached[request.rule.endpoint] = reached.get(request.rule.endpoint, False) or status < 400
    assert reached, "there should be organisation-specific routes"
    assert all(reached.values()), [name for name, ok in reached.items() if not ok]


def test_an_organisation_administrator_cannot_invite_into_b_through_the_form(
    client: Any, db: Any, estate: Estate
) -> None:
    """An organisation id in a posted form is ignored too: the invitation lands in A."""
    from valuedcare.models import User

    sign_in(client, estate.a.users["organisation_admin"])
    response = client.post(
        "/admin/users/new",
        data={
            "email": "smuggled@example.org",
            "name": "Smuggled",
            "role": "viewer",
            "organisation_id": str(estate.b.organisation_id),
        },
    )
    assert response.status_code in (302, 200, 400, 403, 404)
    db.session.expire_all()
    user = db.session.scalars(select(User).where(User.email == "smuggled@example.org")).first()
    assert user is None or user.organisation_id == estate.a.organisation_id
