"""Fixtures for the report pages: signing in and the hand-computed trust."""

from __future__ import annotations

from typing import Any

import pytest

from tests.integration.auth.helpers import stored_session
from tests.integration.reports.trust_fixture import TrustFixture, build_trust


def sign_in(client: Any, user: Any) -> None:
    """Sign ``user`` in on the test client, as Flask-Login's session cookie does."""
    values = stored_session(user)
    with client.session_transaction() as session:
        session.update(values)
        session["_fresh"] = True


def main_content(html: str) -> str:
    """The page's <main> element only (not the header or footer)."""
    return html[html.index("<main") : html.index("</main>")]


@pytest.fixture
def closed_trust(factories: Any, db: Any) -> TrustFixture:
    trust = build_trust(factories)
    db.session.commit()
    return trust


@pytest.fixture
def signed_in(client: Any, factories: Any, db: Any):
    """``signed_in(role, organisation_id)``: a user with that role, signed in on ``client``."""

    def _sign_in(role: str, organisation_id: int | None) -> Any:
        from valuedcare.models import Organisation

        organisation = db.session.get(Organisation, organisation_id) if organisation_id else None
        user = factories.user(organisation, role=role)
        db.session.commit()
        sign_in(client, user)
        return user

    return _sign_in
