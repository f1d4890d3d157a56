"""The home page offers each signed-in person the areas their role may use."""

from __future__ import annotations

from typing import Any

import pytest

from tests.integration.auth.helpers import make_user, sign_in


@pytest.mark.parametrize(
    ("role", "shown", "hidden"),
    [
        ("organisation_admin", ["/invitations", "/reports/", "/admin/users"], []),
        ("viewer", ["/reports/", "/compare/"], ["/invitations", "/admin/"]),
        ("board_member", ["/reports/"], ["/invitations", "/admin/"]),
    ],
)
def test_areas_follow_the_role(
    db: Any, client: Any, role: str, shown: list[str], hidden: list[str]
) -> None:
    user = make_user(db, role)
    sign_in(client, user)
    page = client.get("/").get_data(as_text=True)
    for href in shown:
        assert f'href="{href}' in page, href
    for href in hidden:
        assert f'href="{href}' not in page, href


def test_the_account_page_leads_to_api_tokens(db: Any, client: Any) -> None:
    sign_in(client, make_user(db, "viewer"))
    page = client.get("/account/").get_data(as_text=True)
    assert 'href="/api/tokens"' in page
