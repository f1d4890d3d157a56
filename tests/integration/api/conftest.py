"""Fixtures for the API: tokens, a small network of trusts with known scores, fresh caches."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

REGION = "North East and Yorkshire"
PEER_GROUP = "Mental health and learning disability trust"
#: Board scores of culture and leadership for six opted-in trusts; trust A is the first.
CULTURE = [2.0, 3.0, 4.0, 2.5, 3.5, 4.5]
LEADERSHIP = [3.0, 3.0, 3.0, 3.0, 3.0, 3.0]


def make_token(db: Any, user: Any, name: str = "Test token") -> str:
    """A committed API token of ``user``; returns the token itself."""
    from valuedcare.data.api_tokens import create_token

    token, _ = create_token(user.id, name)
    db.session.commit()
    return token


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def get_json(client: Any, path: str, token: str | None, **query: Any) -> tuple[int, Any]:
    """GET ``path`` with the token; returns (status, parsed JSON body)."""
    headers = bearer(token) if token else {}
    response = client.get(path, headers=headers, query_string=query or None)
    assert response.mimetype == "application/json", response.get_data(as_text=True)[:300]
    return response.status_code, response.get_json()


def _plan_action(organisation: Any, assessment: Any) -> None:
    """An action of the organisation's plan (naming the organisation, so that a leak shows),
    with a progress update."""
    from valuedcare.data import actions
    from valuedcare.data.scope import Scope

    scope = Scope(None, "platform_admin", None)
    fields = actions.ActionFields(
        "culture",
        ("cul1",),
        f"{organisation.name} plan action",
        None,
        "Chief nurse",
        None,
        "on_track",
        4,
    )
    action = actions.add_action(scope, organisation.id, assessment.id, fields)
    assert action is not None
    actions.change_action(
        scope,
        action.id,
        actions.fields_of(action),
        expected_revision=action.revision,
        note="Progress",
        titles={},
    )


def _measure_values(organisation: Any) -> None:
    """A year of a did-not-attend rate for two teams named after the organisation (so a leak
    shows), the last month far above the rest, and one length of stay."""
    from datetime import date

    from valuedcare.data import measures
    from valuedcare.data.scope import Scope
    from valuedcare.measures.upload import UploadRow

    scope = Scope(None, "platform_admin", None)
    rows = [
        UploadRow(
            0,
            date(2025, month, 1),
            f"{organisation.name} {team}",
            "did_not_attend",
            missed / 4,
            missed,
            400.0,
        )
        for month in range(1, 13)
        for team in ("north", "south")
        for missed in [80.0 if month == 12 else 40.0 + month % 3]
    ]
    rows.append(
        UploadRow(
            0, date(2025, 12, 1), f"{organisation.name} north", "length_of_stay", 31.5, None, None
        )
    )
    upload = measures.start_upload(
        scope, organisation.id, filename="values.csv", measure_set_version=1, rows=rows
    )
    measures.confirm_upload(scope, upload)


@dataclass
class Network:
    """Six opted-in trusts in one closed cycle (A first), trust B's extra open cycle and users."""

    cycle: Any
    open_cycle: Any
    organisations: list[Any]
    assessments: list[Any]
    a: Any
    b: Any
    user_a: Any
    user_b: Any
    board_member_a: Any
    admin: Any


def build_network(db: Any, factories: Any) -> Network:
    """Trust A: one board response per trust (culture, leadership), 3 experts-by-experience
    responses (suppressed) and 5 partner responses (shown) in the closed cycle, and an open
    cycle. Trust B (second) and the other four have board responses only."""
    cycle = factories.cycle(label="2025/26", status="closed")
    open_cycle = factories.cycle(label="2026/27", status="open")
    organisations, assessments = [], []
    for index, (culture, leadership) in enumerate(zip(CULTURE, LEADERSHIP, strict=True)):
        organisation = factories.organisation(
            name=f"{'ABCDEF'[index]} Valley Mental Health Trust (fictional)",
            code=f"ZZ{index}",
            region=REGION,
            peer_group=PEER_GROUP,
            named_in_benchmarks=index == 2,
        )
        assessment = factories.assessment(organisation=organisation, cycle=cycle)
        factories.scored_response(
            assessment, lens="board", scores={"culture": culture, "leadership": leadership}
        )
        organisations.append(organisation)
        assessments.append(assessment)
    a, b = organisations[0], organisations[1]
    for score in (1.0, 2.0, 2.0):
        factories.scored_response(
            assessments[0], lens="experts_by_experience", scores={"culture": score}
        )
    for score in (2.0, 3.0, 3.0, 4.0, 4.0):
        factories.scored_response(assessments[0], lens="partner", scores={"culture": score})
    factories.assessment(organisation=a, cycle=open_cycle)
    later = factories.assessment(organisation=b, cycle=open_cycle)
    factories.scored_response(later, lens="board", scores={"culture": 1.0})
    for organisation, assessment in ((a, assessments[0]), (b, assessments[1])):
        _plan_action(organisation, assessment)
        _measure_values(organisation)
    network = Network(
        cycle=cycle,
        open_cycle=open_cycle,
        organisations=organisations,
        assessments=assessments,
        a=a,
        b=b,
        user_a=factories.user(a, role="viewer"),
        user_b=factories.user(b, role="organisation_admin"),
        board_member_a=factories.user(a, role="board_member"),
        admin=factories.user(None, role="platform_admin"),
    )
    db.session.commit()
    return network


@pytest.fixture
def network(db: Any, factories: Any) -> Network:
    return build_network(db, factories)
