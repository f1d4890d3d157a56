"""Fixtures for the respondent journey: an open assessment and its invitation links."""

from __future__ import annotations

from typing import Any

import pytest

from tests.integration.auth.helpers import make_user, sign_in
from tests.integration.survey.links import LEAD_SCOPE, LinkFixture, make_link

__all__ = ["LEAD_SCOPE", "LinkFixture", "make_link"]


@pytest.fixture
def assessment(factories: Any, db: Any) -> Any:
    cycle = factories.cycle(label="2026/27", status="open")
    assessment = factories.assessment(cycle=cycle)
    db.session.commit()
    return assessment


@pytest.fixture
def ebe_link(db: Any, assessment: Any) -> LinkFixture:
    return make_link(db, assessment, "experts_by_experience", label="Carers' forum")


@pytest.fixture
def board_link(db: Any, assessment: Any) -> LinkFixture:
    return make_link(db, assessment, "board")


@pytest.fixture
def partner_link(db: Any, assessment: Any) -> LinkFixture:
    return make_link(db, assessment, "partner")


@pytest.fixture
def lead(client: Any, db: Any, assessment: Any) -> Any:
    """The assessment's organisation's improvement lead, signed in on ``client``."""
    from valuedcare.models import Organisation

    user = make_user(
        db, "organisation_admin", db.session.get(Organisation, assessment.organisation_id)
    )
    sign_in(client, user)
    return user


#: The public address ``flask invitations remind`` builds links with in these tests.
SERVICE_URL = "https://valuedcare.example.org"


@pytest.fixture
def service_url(app: Any, monkeypatch: pytest.MonkeyPatch) -> str:
    """``SERVICE_URL`` set for the test (commands need it to put links in messages)."""
    monkeypatch.setitem(app.config, "SERVICE_URL", SERVICE_URL)
    return SERVICE_URL
