"""Rate limits: sign-in, password reset and respondent links answer 429, with a plain NHS-style
page, once someone tries too often; 30 people answering from one address are never refused.

The test configuration switches limits off, so these tests build a fresh application with them
on. Flask-Limiter keeps its state on the one ``limiter`` object of ``valuedcare.extensions``; the
fixture puts that state back afterwards so that the other tests in this process are not limited.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from tests.integration.survey.journey_helpers import revision_of, save
from valuedcare import create_app
from valuedcare.config import TestConfig
from valuedcare.data.scope import Scope
from valuedcare.limits import SIGN_IN_LIMIT
from valuedcare.survey.limits import RESPONDENT_LIMIT, UNKNOWN_LINK_LIMIT

#: A community venue's one public address, and the people answering there at once.
VENUE = "192.0.2.30"
VENUE_SIZE = 30
#: The one limit per address (a minute) over all respondent pages that refused such a room.
OLD_ADDRESS_LIMIT = 60


def _count(limit: str) -> int:
    return int(limit.split()[0])


@pytest.fixture
def make_limited_app(database_url: str, db: Any) -> Iterator[Callable[..., Flask]]:
    """``make_limited_app(**settings)``: a fresh application with rate limits on."""
    from valuedcare.extensions import db as database
    from valuedcare.extensions import limiter

    was_enabled = limiter.enabled
    made: list[Flask] = []

    def make(**settings: Any) -> Flask:
        app = create_app(TestConfig(database_url), RATELIMIT_ENABLED=True, **settings)
        limiter.reset()
        made.append(app)
        return app

    try:
        yield make
    finally:
        limiter.reset()
        limiter.enabled = was_enabled
        for app in made:
            with app.app_context():
                database.engine.dispose()


@pytest.fixture
def limited_app(make_limited_app: Callable[..., Flask]) -> Flask:
    return make_limited_app()


def _client(app: Flask, address: str = "203.0.113.7") -> Any:
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def assert_too_many(response: Any) -> None:
    assert response.status_code == 429
    body = response.get_data(as_text=True)
    assert "<title>Too many attempts" in body
    assert "Wait a few minutes, then try again." in body
    assert 'class="nhsuk-header' in body, "the page uses the service's layout"
    assert "Retry-After" in response.headers
    assert "Content-Security-Policy" in response.headers


def test_sign_in_is_limited_for_one_address(limited_app: Flask) -> None:
    client = _client(limited_app)
    for attempt in range(_count(SIGN_IN_LIMIT)):
        response = client.post(
            "/account/sign-in",
            data={"email": f"guess{attempt}@example.org", "password": "wrong password 1"},
        )
        assert response.status_code == 200, attempt
    assert_too_many(
        client.post("/account/sign-in", data={"email": "x@example.org", "password": "again"})
    )
    assert _client(limited_app, "198.51.100.9").get("/account/sign-in").status_code == 200


def test_sign_in_is_limited_for_one_email_address_from_many_addresses(limited_app: Flask) -> None:
    data = {"email": "Target@Example.org", "password": "wrong password 1"}
    for attempt in range(_count(SIGN_IN_LIMIT)):
        client = _client(limited_app, f"198.51.100.{attempt + 1}")
        assert client.post("/account/sign-in", data=data).status_code == 200
    other_address = _client(limited_app, "192.0.2.200")
    assert_too_many(
        other_address.post("/account/sign-in", data={**data, "email": " target@example.org "})
    )


def test_reading_the_sign_in_page_is_not_limited(limited_app: Flask) -> None:
    client = _client(limited_app)
    for _ in range(_count(SIGN_IN_LIMIT) * 2):
        assert client.get("/account/sign-in").status_code == 200


def test_password_reset_requests_are_limited(limited_app: Flask) -> None:
    client = _client(limited_app)
    for attempt in range(5):
        response = client.post("/account/password-reset", data={"email": f"p{attempt}@example.org"})
        assert response.status_code == 302, attempt
    assert_too_many(client.post("/account/password-reset", data={"email": "p@example.org"}))


def test_password_links_are_limited(limited_app: Flask) -> None:
    client = _client(limited_app)
    url = "/account/password-reset/not-a-real-token"
    data = {"password": "a new long password", "confirm": "a new long password"}
    for _ in range(10):
        assert client.post(url, data=data).status_code == 404
    assert_too_many(client.post(url, data=data))


def _respondent_link_routes(app: Flask) -> list[Any]:
    return [
        rule
        for rule in app.url_map.iter_rules()
        if getattr(app.view_functions[rule.endpoint], "_access_rule", None) == "respondent_link"
    ]


def test_every_respondent_link_route_refuses_someone_guessing_links(limited_app: Flask) -> None:
    """Links and short codes are found only by trying many: every route taking a link counts
    each "no such link" answer from an address, and refuses that address once it has had
    ``UNKNOWN_LINK_LIMIT`` of them in a minute."""
    from valuedcare.extensions import limiter

    adapter = limited_app.url_map.bind("localhost")
    routes = _respondent_link_routes(limited_app)
    assert len(routes) >= 10, "the respondent journey's routes are found"
    unlimited = []
    for rule in routes:
        limiter.reset()
        client = _client(limited_app)
        method = "GET" if "GET" in (rule.methods or set()) else "POST"
        values = {
            name: "unknown-link" if name in ("token", "code") else "x" for name in rule.arguments
        }
        url = adapter.build(rule.endpoint, values, method=method)
        attempts = _count(UNKNOWN_LINK_LIMIT) + 1
        statuses = [client.open(url, method=method).status_code for _ in range(attempts)]
        # Within the guessing limit, or a stricter one of the route's own (resume codes).
        if statuses[0] == 429 or statuses[-1] != 429:
            unlimited.append(f"{method} {url}: {sorted(set(statuses))}")
    assert not unlimited, "\n".join(unlimited)
    too_many = _client(limited_app).get(adapter.build("survey.start", {"token": "x"}))
    assert_too_many(too_many)
    elsewhere = _client(limited_app, "198.51.100.20").get("/r/another-unknown-link")
    assert elsewhere.status_code == 404, "another address is not refused"


@pytest.fixture
def venue_link(limited_app: Flask, factories: Any, db: Any) -> str:
    """An open anonymous link for experts by experience, as people at a venue would share."""
    from valuedcare.data import invitations

    cycle = factories.cycle(label="2026/27", status="open")
    assessment = factories.assessment(cycle=cycle)
    db.session.commit()
    scope = Scope(user_id=None, role="platform_admin", organisation_id=None)
    _, token = invitations.create_anonymous_link(
        scope, assessment.id, lens="experts_by_experience", label="Community venue"
    )
    db.session.commit()
    return f"/r/{token}"


#: One person's way through a short questionnaire, one request at a time (about ten requests).
def _journey_steps(url: str) -> list[Callable[[Any], Any]]:
    def check_and_submit(client: Any) -> Any:
        check = client.get(f"{url}/check")
        return client.post(f"{url}/submit", data={"revision": revision_of(check.text)})

    return [
        lambda client: client.get(url),
        lambda client: client.post(f"{url}/start", data={"new": "1"}),
        lambda client: client.get(f"{url}/tasks"),
        lambda client: client.get(f"{url}/sections/taking_part"),
        lambda client: save(client, url, "taking_part", {"took_part": "no"}),
        lambda client: client.get(f"{url}/tasks"),
        check_and_submit,
        lambda client: client.get(f"{url}/confirmation"),
    ]


def test_thirty_people_behind_one_address_all_send_their_answers(
    limited_app: Flask, venue_link: str, db: Any
) -> None:
    """A room of 30 people on one wifi answer at the same time: each step is taken by everyone
    before the next, all within a minute, and nobody is refused."""
    from valuedcare.models import Response

    people = [_client(limited_app, VENUE) for _ in range(VENUE_SIZE)]
    statuses: list[int] = []
    for step in _journey_steps(venue_link):
        statuses += [step(person).status_code for person in people]
    assert len(statuses) > 3 * OLD_ADDRESS_LIMIT, "a busy room, far above the old limit"
    assert 429 not in statuses
    db.session.expire_all()
    sent = db.session.scalars(select(Response).where(Response.status == "submitted")).all()
    assert len(sent) == VENUE_SIZE


def test_one_person_is_limited_without_stopping_the_others_at_the_venue(
    limited_app: Flask, venue_link: str
) -> None:
    hammering, neighbour = _client(limited_app, VENUE), _client(limited_app, VENUE)
    for person in (hammering, neighbour):
        assert person.post(f"{venue_link}/start", data={"new": "1"}).status_code == 302
    statuses = [
        hammering.get(f"{venue_link}/tasks").status_code
        for _ in range(_count(RESPONDENT_LIMIT) + 1)
    ]
    assert statuses[-1] == 429 and 429 not in statuses[:-1]
    assert neighbour.get(f"{venue_link}/tasks").status_code == 200


def test_a_copied_session_cookie_shares_its_owners_limit(
    limited_app: Flask, venue_link: str
) -> None:
    """Replaying one respondent's cookie from many clients does not multiply the limit."""
    owner = _client(limited_app, VENUE)
    owner.post(f"{venue_link}/start", data={"new": "1"})
    cookie = owner.get_cookie("session")
    assert cookie is not None
    copies = []
    for number in range(3):
        copy = _client(limited_app, f"198.51.100.{number + 1}")
        copy.set_cookie("session", cookie.value)
        copies.append(copy)
    statuses = [
        copies[attempt % len(copies)].get(f"{venue_link}/tasks").status_code
        for attempt in range(_count(RESPONDENT_LIMIT) + 1)
    ]
    assert statuses[-1] == 429
    assert owner.get(f"{venue_link}/tasks").status_code == 429


def test_guessing_from_an_address_is_refused_even_when_it_also_uses_a_real_link(
    limited_app: Flask, venue_link: str
) -> None:
    """Real pages do not dilute the count of wrong guesses, and wrong guesses do not count
    against other addresses."""
    guesser = _client(limited_app)
    statuses = []
    for attempt in range(_count(UNKNOWN_LINK_LIMIT)):
        statuses.append(guesser.get(venue_link).status_code)
        statuses.append(guesser.get(f"/r/guess-{attempt}").status_code)
    assert set(statuses) == {200, 404}
    assert guesser.get("/r/guess-again").status_code == 429
    assert guesser.get(venue_link).status_code == 429, "the address is refused, not the guess"
    assert _client(limited_app, VENUE).get(venue_link).status_code == 200


_attempts = itertools.count()


def _sign_in_attempt(client: Any, forwarded_for: str) -> int:
    """A failed sign-in with a new email address each time (so only the address limit counts)."""
    return client.post(
        "/account/sign-in",
        data={"email": f"someone{next(_attempts)}@example.org", "password": "wrong password 1"},
        headers={"X-Forwarded-For": forwarded_for},
    ).status_code


def test_behind_a_trusted_proxy_each_client_is_limited_on_its_own(
    make_limited_app: Callable[..., Flask],
) -> None:
    proxy = _client(make_limited_app(TRUSTED_PROXIES=1), "10.0.0.5")
    for _ in range(_count(SIGN_IN_LIMIT)):
        assert _sign_in_attempt(proxy, "203.0.113.10") == 200
    assert _sign_in_attempt(proxy, "203.0.113.10") == 429
    assert _sign_in_attempt(proxy, "203.0.113.11") == 200, "another client behind the proxy"


def test_without_a_trusted_proxy_a_forwarded_address_is_ignored(limited_app: Flask) -> None:
    """Otherwise a client could escape the limit by sending a new X-Forwarded-For each time."""
    client = _client(limited_app)
    for attempt in range(_count(SIGN_IN_LIMIT)):
        assert _sign_in_attempt(client, f"192.0.2.{attempt + 1}") == 200
    assert _sign_in_attempt(client, "192.0.2.99") == 429
