"""The organisation the outcome measures' tests upload values for."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture
def trust(db: Any, factories: Any) -> Any:
    """An organisation whose responses name two teams, its improvement lead, a board member and
    a viewer, and another organisation's lead."""
    from types import SimpleNamespace

    organisation = factories.organisation(code="MEAS1", name="Measures Trust")
    other = factories.organisation(code="OTHER", name="Other Trust")
    assessment = factories.assessment(organisation, factories.cycle(label="2026/27"))
    for team in ("North locality", "South locality"):
        factories.response(assessment, lens="experts_by_experience", team=team)
    people = SimpleNamespace(
        organisation=organisation,
        other=other,
        lead=factories.user(organisation, role="organisation_admin", name="Lena Lead"),
        board=factories.user(organisation, role="board_member", name="Bo Board"),
        viewer=factories.user(organisation, role="viewer", name="Vi Viewer"),
        stranger=factories.user(other, role="organisation_admin", name="Sam Stranger"),
    )
    db.session.commit()
    return people
