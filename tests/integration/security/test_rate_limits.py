"""Rate limits: sign-in, password reset and respondent links answer 429, with a plain NHS-style
page, once someone tries too often.

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

from valuedcare import create_app
from valuedcare.config import TestConfig
from valuedcare.limits import RESPONDENT_LINK_LIMIT, SIGN_IN_LIMIT


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


def test_every_respondent_link_route_is_limited(limited_app: Flask) -> None:
    """Anonymous links are guessable only by brute force: every route taking a link shares one
    limit per address."""
    from valuedcare.extensions import limiter

    adapter = limited_app.url_map.bind("localhost")
    routes = [
        rule
        for rule in limited_app.url_map.iter_rules()
        if getattr(limited_app.view_functions[rule.endpoint], "_access_rule", None)
        == "respondent_link"
    ]
    if not routes:
        pytest.skip("the respondent journey is not part of the application yet")
    unlimited = []
    for rule in routes:
        limiter.reset()
        client = _client(limited_app)
        method = "GET" if "GET" in (rule.methods or set()) else "POST"
        values = {name: "unknown-link" if name == "token" else "x" for name in rule.arguments}
        url = adapter.build(rule.endpoint, values, method=method)
        attempts = _count(RESPONDENT_LINK_LIMIT) + 1
        statuses = [client.open(url, method=method).status_code for _ in range(attempts)]
        # Within the shared limit, or a stricter one of the route's own (resume codes).
        if statuses[0] == 429 or statuses[-1] != 429:
            unlimited.append(f"{method} {url}: {sorted(set(statuses))}")
    assert not unlimited, "\n".join(unlimited)
    too_many = _client(limited_app).get(adapter.build("survey.start", {"token": "x"}))
    assert too_many.status_code == 429
    assert_too_many(too_many)


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
