"""Hardening: CSRF on every state-changing request, cookies, security headers and the
Content-Security-Policy on every page, the production configuration's refusals and no stack trace
on an unexpected error.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask

from tests.integration.security.conftest import Estate, sign_in
from tests.integration.security.routes import STATE_CHANGING, requests_for
from tests.integration.security.test_isolation import FORM, snapshot
from valuedcare import access, create_app
from valuedcare.config import ConfigurationError, ProductionConfig, TestConfig

GOOD_SECRET = "kq3VZr8w1yXo0TcB5nLsJ9uHfE2aDmP7gRiW4xYz-_Qe"

# CSRF -----------------------------------------------------------------------------------------


def test_the_test_configuration_switches_csrf_off_and_the_others_keep_it_on() -> None:
    """So the tests below switch it on (``csrf_on``); every other configuration has it on."""
    assert TestConfig.WTF_CSRF_ENABLED is False
    assert ProductionConfig.WTF_CSRF_ENABLED is True


#: Views exempt from the application-wide CSRF check because their form checks its own token,
#: and why. Each still refuses a missing token and changes nothing (the walk below checks that).
CHECKS_ITS_OWN_TOKEN = {
    # A questionnaire page: a missing or expired token shows the page again with the answers
    # just typed and a message, instead of an error page that would lose them.
    "survey.section",
}


def _exempt_endpoints(app: Flask) -> set[str]:
    from valuedcare.extensions import csrf

    exempt = csrf._exempt_views
    return {
        endpoint
        for endpoint, view in app.view_functions.items()
        if f"{view.__module__}.{view.__name__}" in exempt
    }


def test_only_the_listed_views_check_their_own_csrf_token(app: Flask) -> None:
    from valuedcare.extensions import csrf

    assert _exempt_endpoints(app) <= CHECKS_ITS_OWN_TOKEN
    # A blueprint may be exempt only when it changes nothing: the read-only API, authenticated
    # by bearer tokens rather than cookies, has GET routes only.
    for blueprint in csrf._exempt_blueprints:
        rules = [
            rule
            for rule in app.url_map.iter_rules()
            if rule.endpoint.startswith(f"{blueprint.name}.")
            or f".{blueprint.name}." in rule.endpoint
        ]
        assert rules, f"the exempt blueprint {blueprint.name} should have routes"
        assert all(not (rule.methods or set()) & STATE_CHANGING for rule in rules), blueprint


@pytest.mark.parametrize("who", ["visitor", "platform_admin"])
def test_every_post_without_a_csrf_token_is_refused_and_changes_nothing(
    app: Flask, client: Any, db: Any, estate: Estate, csrf_on: None, who: str
) -> None:
    if who == "platform_admin":
        sign_in(client, estate.platform_admin)
    before = snapshot(db)
    problems = []
    posted = 0
    self_checked = _exempt_endpoints(app)
    for request in requests_for(app, estate, estate.a):
        if request.method not in STATE_CHANGING:
            continue
        response = client.open(request.url, method=request.method, data=dict(FORM))
        posted += 1
        body = response.get_data(as_text=True)
        if request.rule.endpoint in self_checked:
            if response.status_code >= 500:
                problems.append(f"{request.method} {request.url}: {response.status_code}")
        elif response.status_code != 400 or "This page has expired" not in body:
            problems.append(f"{request.method} {request.url}: {response.status_code}")
    assert posted >= 10
    assert not problems, "posted without a CSRF token:\n" + "\n".join(problems)
    assert snapshot(db) == before


def test_the_expired_page_explains_what_to_do(client: Any, db: Any, csrf_on: None) -> None:
    response = client.post("/account/sign-in", data={"email": "a@example.org", "password": "x"})
    assert response.status_code == 400
    body = response.get_data(as_text=True)
    assert "<title>This page has expired" in body
    assert "reload it and send your answers again" in body


def test_a_post_with_a_token_from_another_session_is_refused(
    app: Flask, db: Any, estate: Estate, csrf_on: None
) -> None:
    from tests.integration.security.conftest import csrf_token

    attacker, victim = app.test_client(), app.test_client()
    sign_in(attacker, estate.a.users["viewer"])
    sign_in(victim, estate.a.users["organisation_admin"])
    stolen = csrf_token(attacker)
    response = victim.post(
        f"/actions/{estate.a.action_ids[0]}/progress",
        data={"csrf_token": stolen, "status": "dropped", "note": "Dropped", "revision": "2"},
    )
    assert response.status_code == 400


# Headers and the Content-Security-Policy on every page ----------------------------------------

HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "strict-origin-when-cross-origin",
    "Cross-Origin-Opener-Policy": "same-origin",
}
INLINE_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)
STYLE_ATTRIBUTE = re.compile(r"<[^>]+\sstyle\s*=", re.I)
SCRIPT_TAG = re.compile(r"<script\b([^>]*)>", re.I)


def _policy(response: Any) -> dict[str, str]:
    header = response.headers.get("Content-Security-Policy", "")
    return {
        part.split()[0]: part.partition(" ")[2]
        for part in (piece.strip() for piece in header.split(";"))
        if part
    }


def _header_problems(url: str, response: Any) -> list[str]:
    problems = []
    policy = _policy(response)
    if not policy:
        return [f"{url}: no Content-Security-Policy"]
    for directive, expected in {
        "default-src": "'self'",
        "object-src": "'none'",
        "frame-ancestors": "'none'",
        "base-uri": "'self'",
        "form-action": "'self'",
    }.items():
        if policy.get(directive) != expected:
            problems.append(f"{url}: {directive} is {policy.get(directive)!r}")
    text = response.headers["Content-Security-Policy"]
    for unsafe in ("unsafe-inline", "unsafe-eval", "*", "http:", "data: 'unsafe"):
        if unsafe in text.replace("img-src 'self' data:", ""):
            problems.append(f"{url}: the policy allows {unsafe}")
    for name, value in HEADERS.items():
        if response.headers.get(name) != value:
            problems.append(f"{url}: {name} is {response.headers.get(name)!r}")
    if response.mimetype == "text/html" and "no-store" not in response.headers.get(
        "Cache-Control", ""
    ):
        problems.append(f"{url}: HTML pages must not be cached")
    return problems


def _inline_code_problems(url: str, response: Any) -> list[str]:
    """A policy without 'unsafe-inline' blocks inline handlers, style attributes and scripts
    without the page's nonce: none may be on the page, or it breaks in the browser."""
    if response.mimetype != "text/html":
        return []
    body = response.get_data(as_text=True)
    nonce = _policy(response).get("script-src", "")
    problems = []
    if INLINE_HANDLER.search(body):
        problems.append(f"{url}: inline event handler {INLINE_HANDLER.search(body).group(0)!r}")
    if STYLE_ATTRIBUTE.search(body) or "<style" in body.lower():
        problems.append(f"{url}: inline style")
    for attributes in SCRIPT_TAG.findall(body):
        if "src=" in attributes or 'type="application/json"' in attributes:
            continue
        match = re.search(r'nonce="([^"]+)"', attributes)
        if not match or f"'nonce-{match.group(1)}'" not in nonce:
            problems.append(f"{url}: inline script without the page's nonce")
    return problems


def _every_page(app: Flask, client: Any, estate: Estate) -> Iterator[tuple[str, Any]]:
    for request in requests_for(app, estate, estate.a, include_post=False):
        yield request.url, client.get(request.url)
    for url in ("/no-such-page", "/reports/assessments/999999", "/admin/"):
        yield url, client.get(url)
    yield "/account/sign-out (GET)", client.get("/account/sign-out")


@pytest.mark.parametrize("who", ["visitor", "platform_admin", "viewer"])
def test_every_page_has_the_security_headers_and_a_strict_policy(
    app: Flask, client: Any, db: Any, estate: Estate, who: str
) -> None:
    if who == "platform_admin":
        sign_in(client, estate.platform_admin)
    elif who == "viewer":
        sign_in(client, estate.a.users["viewer"])
    problems = []
    for url, response in _every_page(app, client, estate):
        problems += _header_problems(url, response)
        problems += _inline_code_problems(url, response)
    assert not problems, "\n".join(problems)


def test_each_page_gets_a_fresh_nonce(app: Flask) -> None:
    """Outside the tests' shared application context, as in production, each request has its
    own context and so its own nonce."""
    client = app.test_client()
    first = _policy(client.get("/"))["script-src"]
    second = _policy(client.get("/"))["script-src"]
    assert "'nonce-" in first and first != second


# The production configuration ----------------------------------------------------------------


@pytest.fixture
def production_environment(monkeypatch: pytest.MonkeyPatch, database_url: str) -> None:
    monkeypatch.setenv("SECRET_KEY", GOOD_SECRET)
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.delenv("FLASK_DEBUG", raising=False)


@pytest.fixture
def production_app(production_environment: None) -> Iterator[Flask]:
    from valuedcare.extensions import db

    app = create_app(ProductionConfig)
    yield app
    with app.app_context():
        db.engine.dispose()


def test_production_cookies_are_secure_httponly_and_samesite(
    production_app: Flask, db: Any
) -> None:
    config = production_app.config
    assert config["SESSION_COOKIE_SECURE"] and config["REMEMBER_COOKIE_SECURE"]
    assert config["SESSION_COOKIE_HTTPONLY"] and config["REMEMBER_COOKIE_HTTPONLY"]
    assert config["SESSION_COOKIE_SAMESITE"] == config["REMEMBER_COOKIE_SAMESITE"] == "Lax"
    assert config["WTF_CSRF_ENABLED"] and not production_app.debug
    client = production_app.test_client()
    response = client.get("/account/sign-in", base_url="https://localhost")
    assert response.status_code == 200
    cookie = response.headers["Set-Cookie"]
    assert "Secure" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("SECRET_KEY", None, "SECRET_KEY"),
        ("SECRET_KEY", "", "SECRET_KEY"),
        ("SECRET_KEY", "change-me", "SECRET_KEY"),
        ("SECRET_KEY", "short-but-random-Qw3", "SECRET_KEY"),
        ("SECRET_KEY", "a" * 64, "SECRET_KEY"),
        ("SECRET_KEY", "change-me-to-a-long-random-value-0123456789", "SECRET_KEY"),
        ("SECRET_KEY", TestConfig.SECRET_KEY, "SECRET_KEY"),
        ("FLASK_DEBUG", "1", "Debug"),
        ("DATABASE_URL", None, "DATABASE_URL"),
        ("NOTIFY_TEMPLATE_IDS", "board_invitation", "name=id pairs"),
        ("NOTIFY_TEMPLATE_IDS", "board_invitation=,board_reminder=abc", "name=id pairs"),
        ("NOTIFY_TEMPLATE_IDS", "=abc", "name=id pairs"),
        ("REMINDER_DAYS", "7,two", "REMINDER_DAYS"),
    ],
)
def test_production_refuses_to_start_with_unsafe_settings(
    production_environment: None,
    monkeypatch: pytest.MonkeyPatch,
    variable: str,
    value: str | None,
    message: str,
) -> None:
    if value is None:
        monkeypatch.delenv(variable, raising=False)
    else:
        monkeypatch.setenv(variable, value)
    with pytest.raises(ConfigurationError, match=message):
        create_app(ProductionConfig)


@pytest.mark.parametrize(
    "override",
    [{"DEBUG": True}, {"TESTING": True}, {"SECRET_KEY": "dev"}, {"WTF_CSRF_ENABLED": False}],
)
def test_production_refuses_unsafe_settings_given_to_the_factory(
    production_environment: None, override: dict[str, object]
) -> None:
    with pytest.raises(ConfigurationError):
        create_app(ProductionConfig, **override)


def test_the_production_configuration_is_chosen_by_the_environment(
    production_environment: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from valuedcare.config import config_from_environment

    monkeypatch.setenv("VALUEDCARE_ENV", "production")
    assert isinstance(config_from_environment(), ProductionConfig)
    monkeypatch.setenv("SECRET_KEY", "dev")
    with pytest.raises(ConfigurationError):
        config_from_environment()


# No stack traces ----------------------------------------------------------------------------


@pytest.fixture
def failing_app(database_url: str) -> Iterator[Flask]:
    """A fresh application (as in production: exceptions are not propagated) with one extra
    route that always fails."""
    from valuedcare.extensions import db

    app = create_app(TestConfig(database_url), TESTING=False, PROPAGATE_EXCEPTIONS=False)

    @access.public
    def explode() -> str:
        raise RuntimeError("database password is hunter2 in /srv/valuedcare/secret.py")

    app.add_url_rule("/test-only/explode", "explode", explode)
    yield app
    with app.app_context():
        db.engine.dispose()


def test_an_unexpected_error_shows_a_plain_page_without_a_stack_trace(
    failing_app: Flask, db: Any, caplog: pytest.LogCaptureFixture
) -> None:
    response = failing_app.test_client().get("/test-only/explode")
    assert response.status_code == 500
    body = response.get_data(as_text=True)
    assert "Sorry, there is a problem with the service" in body
    for leak in ("Traceback", "RuntimeError", "hunter2", "secret.py", 'File "'):
        assert leak not in body
    assert _header_problems("500 page", response) == []
    assert "hunter2" in caplog.text, "the error is logged for the operators"


def test_the_number_of_trusted_proxies_comes_from_the_environment(
    production_environment: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert ProductionConfig().TRUSTED_PROXIES == 0
    monkeypatch.setenv("TRUSTED_PROXIES", "1")
    assert ProductionConfig().TRUSTED_PROXIES == 1
    for wrong in ("one", "-1"):
        monkeypatch.setenv("TRUSTED_PROXIES", wrong)
        with pytest.raises(ConfigurationError, match="TRUSTED_PROXIES"):
            ProductionConfig()
