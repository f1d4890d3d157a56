"""Error pages: plain NHS-style pages that keep the headers their status needs."""

from __future__ import annotations


def test_an_error_page_keeps_the_headers_its_status_needs(client):
    response = client.post("/privacy")
    assert response.status_code == 405
    assert set(response.headers["Allow"].split(", ")) >= {"GET", "HEAD"}
    assert "nhsuk" in response.get_data(as_text=True)
