"""While the database cannot be reached, pages answer 503 with Retry-After, never 500.

The application is pointed for real at a database that is not there: PostgreSQL on a closed local
port (as while it restarts), and SQLite in a directory that does not exist. Every request that
needs the database gets the plain "unavailable for a moment" page (JSON under /api/v1/), with
``Retry-After``, and no stack trace; pages that need no database still work.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import pytest
from flask import Flask

from valuedcare import create_app
from valuedcare.config import TestConfig

UNREACHABLE = {
    "postgresql-closed-port": "postgresql+psycopg://postgres@127.0.0.1:1/test?connect_timeout=2",
    "sqlite-missing-directory": "sqlite:////nonexistent-valuedcare-directory/no/valuedcare.db",
}
TOKEN = "vc_" + "A" * 43


@pytest.fixture(params=list(UNREACHABLE), ids=list(UNREACHABLE))
def down(request: pytest.FixtureRequest) -> Iterator[Flask]:
    app = create_app(TestConfig(UNREACHABLE[request.param]))
    yield app
    with app.app_context():
        from valuedcare.extensions import db

        db.engine.dispose()


def _assert_unavailable_page(response: Any) -> None:
    assert response.status_code == 503, response.get_data(as_text=True)[:500]
    assert response.headers["Retry-After"] == "5"
    assert response.mimetype == "text/html"
    page = response.get_data(as_text=True)
    assert "<title>The service is unavailable for a moment" in page
    assert "<h1>The service is unavailable for a moment</h1>" in page
    assert "Try again in a few seconds" in page and "Nothing you saved is lost" in page
    for leak in ("Traceback", "OperationalError", "sqlalchemy", "psycopg", "127.0.0.1"):
        assert leak not in page


@pytest.mark.parametrize(
    ("method", "path", "data"),
    [
        ("post", "/account/sign-in", {"email": "lead@example.org", "password": "x" * 12}),
        ("post", "/account/password-reset", {"email": "lead@example.org"}),
        ("get", "/r/abcdefghijklmnopqrstuvwxyz0123456789ABCD", None),
        ("get", "/r/abcdefghijklmnopqrstuvwxyz0123456789ABCD/sections/part_a", None),
        ("post", "/r/abcdefghijklmnopqrstuvwxyz0123456789ABCD/start", {"new": "1"}),
    ],
)
def test_pages_that_need_the_database_answer_503(down, method, path, data, caplog):
    with caplog.at_level(logging.WARNING, logger="valuedcare.errors"):
        response = getattr(down.test_client(), method)(path, data=data)
    _assert_unavailable_page(response)
    logged = [r for r in caplog.records if r.name == "valuedcare.errors"]
    assert [r.getMessage() for r in logged if r.levelno >= logging.ERROR] == []  # not "Unhandled"
    assert any("Database unavailable" in r.getMessage() for r in logged)


def test_a_signed_in_users_pages_answer_503(down):
    client = down.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = "1:1"
        session["_session_key"] = "copied"
    for path in ("/account/", "/account/sign-in", "/api/tokens", "/admin/organisations"):
        _assert_unavailable_page(client.get(path))


@pytest.mark.parametrize("path", ["/api/v1/cycles", "/api/v1/organisations"])
def test_the_api_answers_503_as_json(down, path):
    response = down.test_client().get(path, headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "5"
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert body["status"] == 503 and body["error"] == "service_unavailable"
    assert "Try again in a few seconds" in body["message"]


def test_pages_that_need_no_database_still_work(down):
    client = down.test_client()
    assert client.get("/account/sign-in").status_code == 200
    assert client.get("/healthz").status_code == 200
    ready = client.get("/readyz")
    assert ready.status_code == 503
