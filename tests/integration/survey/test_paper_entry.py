"""A lead types in a paper copy: one anonymous response per copy, through a link that only the
organisation's leads can use while signed in. Attacks: the address copied to someone signed out,
to a viewer or to another organisation's lead; an old address replayed after a new one."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from tests.integration.auth.helpers import sign_in
from tests.integration.survey.journey_helpers import revision_of, save


@pytest.fixture
def place(db: Any, factories: Any) -> dict[str, Any]:
    cycle = factories.cycle(label="2026/27", status="open")
    organisation = factories.organisation()
    assessment = factories.assessment(organisation, cycle)
    lead = factories.user(organisation, role="organisation_admin")
    db.session.commit()
    return {"organisation": organisation, "assessment": assessment, "lead": lead}


def _open(client: Any, place: dict, lens: str = "experts_by_experience") -> Any:
    return client.post(f"/assessments/{place['assessment'].id}/paper-responses/{lens}")


def _link(response: Any) -> str:
    assert response.status_code == 302 and "/r/" in response.location, response.location
    return "/r/" + response.location.split("/r/")[1].split("/")[0]


def test_a_lead_types_in_two_paper_copies(client: Any, db: Any, place: dict) -> None:
    from valuedcare.models import AuditEvent, Invitation, Response

    sign_in(client, place["lead"])
    page = client.get(f"/assessments/{place['assessment'].id}/invitations").get_data(as_text=True)
    assert "Type in a paper copy from an expert by experience" in page
    for answer in ("yes", "no"):
        url = _link(_open(client, place))
        assert save(client, url, "taking_part", {"took_part": answer}).status_code == 302
        check = client.get(f"{url}/check")
        assert check.status_code == 200
        sent = client.post(f"{url}/submit", data={"revision": revision_of(check.text)})
        assert sent.status_code == 302 and sent.location.endswith("/confirmation")
    rows = db.session.execute(
        select(Response.lens, Response.status, Invitation.kind)
        .join(Invitation, Invitation.id == Response.invitation_id)
        .where(Response.assessment_id == place["assessment"].id)
    ).all()
    assert sorted(rows) == [("experts_by_experience", "submitted", "paper")] * 2
    opened = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "paper_entry_opened")
    ).all()
    assert len(opened) == 2 and {event.actor_id for event in opened} == {place["lead"].id}


def test_nobody_else_can_use_the_address(
    client: Any, app: Any, db: Any, factories: Any, place: dict
) -> None:
    sign_in(client, place["lead"])
    url = _link(_open(client, place))
    assert client.get(f"{url}/tasks").status_code == 200

    signed_out = app.test_client()
    assert signed_out.get(f"{url}/tasks").status_code == 404
    for person in (
        factories.user(place["organisation"], role="viewer"),
        factories.user(place["organisation"], role="board_member"),
        factories.user(factories.organisation(), role="organisation_admin"),
    ):
        db.session.commit()
        other = app.test_client()
        sign_in(other, person)
        assert other.get(f"{url}/tasks").status_code == 404, person.role


def test_opening_again_retires_the_old_address(client: Any, place: dict) -> None:
    sign_in(client, place["lead"])
    first = _link(_open(client, place))
    second = _link(_open(client, place))
    assert first != second
    assert client.get(f"{first}/tasks").status_code == 404
    assert client.get(f"{second}/tasks").status_code == 200


def test_only_leads_of_the_organisation_may_open_it(
    client: Any, db: Any, factories: Any, place: dict
) -> None:
    outsider = factories.user(factories.organisation(), role="organisation_admin")
    viewer = factories.user(place["organisation"], role="viewer")
    db.session.commit()
    sign_in(client, outsider)
    assert _open(client, place).status_code == 404
    sign_in(client, viewer)
    assert _open(client, place).status_code == 403
    sign_in(client, place["lead"])
    assert (
        client.post(f"/assessments/{place['assessment'].id}/paper-responses/board").status_code
        == 404
    )


def test_no_paper_entry_once_the_cycle_has_closed(client: Any, db: Any, place: dict) -> None:
    place["assessment"].cycle.status = "closed"
    db.session.commit()
    sign_in(client, place["lead"])
    assert _open(client, place).status_code == 404
    page = client.get(f"/assessments/{place['assessment'].id}/invitations").get_data(as_text=True)
    assert "Type in a paper copy" not in page
