"""Fixtures for the administration pages: signed-in platform and organisation administrators."""

from __future__ import annotations

from typing import Any

import pytest

from tests.integration.auth.helpers import make_user, sign_in


@pytest.fixture
def platform_admin(client: Any, db: Any) -> Any:
    """A platform administrator, signed in on ``client``."""
    user = make_user(db, "platform_admin", email="admin@example.org", name="Ada Admin")
    sign_in(client, user)
    return user


@pytest.fixture
def home(factories: Any, db: Any) -> Any:
    """The organisation of the organisation administrator."""
    organisation = factories.organisation(code="HOME1", name="Home Trust (fictional)")
    db.session.commit()
    return organisation


@pytest.fixture
def lead(client: Any, db: Any, home: Any) -> Any:
    """An organisation administrator of ``home``, signed in on ``client``."""
    user = make_user(db, "organisation_admin", home, email="lead@example.org", name="Lee Lead")
    sign_in(client, user)
    return user
