"""Pagination bounds and links, JSON errors for every failure, GET only."""

from __future__ import annotations

import pytest

from tests.integration.api.conftest import bearer, get_json, make_token

V1 = "/api/v1"


@pytest.fixture
def admin_token(db, factories) -> str:
    """A platform administrator's token, with 7 organisations and 5 cycles to page through."""
    for index in range(7):
        factories.organisation(name=f"Trust {index} (fictional)")
    for year in range(2020, 2025):
        factories.cycle(label=f"{year}/{(year + 1) % 100:02d}", status="closed")
    admin = factories.user(None, role="platform_admin")
    db.session.commit()
    return make_token(db, admin)


def test_following_next_links_visits_every_item_once(client, admin_token):
    url, seen, pages = f"{V1}/organisations?per_page=3", [], 0
    while url:
        status, body = get_json(client, url, admin_token)
        assert status == 200
        assert len(body["items"]) <= 3 and body["total"] == 7 and body["pages"] == 3
        seen += [item["name"] for item in body["items"]]
        url, pages = body["next"], pages + 1
    assert pages == 3
    assert seen == sorted(seen) and len(set(seen)) == 7


def test_links_are_full_urls_that_keep_the_page_size(client, admin_token):
    body = get_json(client, f"{V1}/cycles", admin_token, page=2, per_page=2)[1]

    assert body["next"] == "http://localhost/api/v1/cycles?page=3&per_page=2"
    assert body["previous"] == "http://localhost/api/v1/cycles?page=1&per_page=2"
    assert [item["label"] for item in body["items"]] == ["2022/23", "2021/22"]


def test_a_page_past_the_end_is_empty_and_points_back(client, admin_token):
    body = get_json(client, f"{V1}/cycles", admin_token, page=9, per_page=2)[1]

    assert body["items"] == [] and body["next"] is None
    assert body["previous"].endswith("page=3&per_page=2")


def test_default_and_largest_page_sizes(client, admin_token):
    assert get_json(client, f"{V1}/cycles", admin_token)[1]["per_page"] == 50
    assert get_json(client, f"{V1}/cycles", admin_token, per_page=200)[1]["per_page"] == 200


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"per_page": 0}, "per_page must be a whole number from 1 to 200."),
        ({"per_page": 201}, "per_page must be a whole number from 1 to 200."),
        ({"per_page": "ten"}, "per_page must be a whole number from 1 to 200."),
        ({"page": 0}, "page must be a whole number from 1 to 100,000."),
        ({"page": -1}, "page must be a whole number from 1 to 100,000."),
        ({"page": "1.5"}, "page must be a whole number from 1 to 100,000."),
        ({"page": "99999999999999999999"}, "page must be a whole number from 1 to 100,000."),
        ({"page": "²"}, "page must be a whole number from 1 to 100,000."),
    ],
)
def test_page_bounds_are_bad_requests(client, admin_token, query, message):
    status, body = get_json(client, f"{V1}/organisations", admin_token, **query)

    assert status == 400
    assert body == {"status": 400, "error": "bad_request", "message": message}


def test_unknown_urls_and_huge_ids_are_json_404s(client, admin_token):
    for path in (
        V1,
        f"{V1}/",
        f"{V1}/nothing-here",
        f"{V1}/organisations/abc",
        f"{V1}/organisations/99999999999999999999999",
        f"{V1}/cycles/0",
    ):
        status, body = get_json(client, path, admin_token)
        assert (status, body["error"]) == (404, "not_found"), path


def test_the_api_is_read_only(client, admin_token):
    for method in ("post", "put", "patch", "delete"):
        response = getattr(client, method)(f"{V1}/cycles", headers=bearer(admin_token))
        assert response.status_code == 405
        assert response.get_json()["error"] == "method_not_allowed"
        assert "GET" in response.headers["Allow"]


def test_the_token_pages_keep_html_errors(client, db):
    response = client.get("/api/tokens/nothing")

    assert response.status_code == 404
    assert response.mimetype == "text/html"
