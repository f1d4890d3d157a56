"""A signed-in board member reaches their own self-assessment from the service, continues it, and
reads what they sent; nobody else can (404, as for a link that does not exist). And one rule for
an open cycle's report: leads run the cycle and read it; viewers and board members wait for the
close alike."""

from __future__ import annotations

from typing import Any

import pytest

from tests.integration.auth.helpers import sign_in
from tests.integration.survey.journey_helpers import save
from tests.integration.survey.links import LEAD_SCOPE


@pytest.fixture
def member(factories: Any, db: Any) -> Any:
    """A board member of an organisation with an open cycle, invited by email by their lead."""
    from valuedcare.data import invitations

    cycle = factories.cycle(label="2026/27", status="open")
    organisation = factories.organisation()
    assessment = factories.assessment(organisation, cycle)
    user = factories.user(organisation, role="board_member", email="jo.board@example.org")
    invitation, token = invitations.invite_board_member(
        LEAD_SCOPE, assessment.id, name="Jo Board", email="Jo.Board@example.org"
    )
    db.session.commit()
    return {
        "user": user,
        "organisation": organisation,
        "assessment": assessment,
        "invitation": invitation.id,
        "emailed": token,
    }


def _open(client: Any, invitation_id: int) -> Any:
    return client.post(f"/self-assessment/{invitation_id}/open")


def test_home_page_leads_to_your_self_assessment(client: Any, member: dict) -> None:
    sign_in(client, member["user"])
    home = client.get("/").text
    assert 'href="/self-assessment"' in home and "Your self-assessment" in home
    page = client.get("/self-assessment")
    assert page.status_code == 200
    assert "2026/27 self-assessment" in page.text and "Not started" in page.text
    assert "Start your self-assessment" in page.text


def test_start_then_continue_with_answers_kept(client: Any, db: Any, member: dict) -> None:
    sign_in(client, member["user"])
    opened = _open(client, member["invitation"])
    assert opened.status_code == 302 and "/r/" in opened.location
    url = opened.location.rsplit("/", 1)[0].replace("http://localhost", "")
    client.post(f"{url}/start", data={"new": "1"})
    assert (
        save(client, url, "experts_by_experience", {"ebe1": "4"}, action="later").status_code == 302
    )
    page = client.get("/self-assessment").text
    assert "In progress" in page and "Continue your self-assessment" in page
    again = _open(client, member["invitation"])
    second = again.location.rsplit("/", 1)[0].replace("http://localhost", "")
    tasks = client.get(f"{second}/sections/experts_by_experience")
    assert 'value="4" checked' in tasks.text  # the answer saved through the first link
    # each opening replaces the link: the one in the email and the first one stop working
    assert client.get(f"/r/{member['emailed']}").status_code == 404
    assert client.get(url).status_code == 404


def test_what_you_sent_is_theirs_only(client: Any, db: Any, factories: Any, member: dict) -> None:
    from valuedcare.models import Response

    response = factories.response(
        member["assessment"], lens="board", answers={"ebe1": (4, 4.0, False, 5)}
    )
    db.session.get(Response, response.id).invitation_id = member["invitation"]
    db.session.commit()

    sign_in(client, member["user"])
    listing = client.get("/self-assessment").text
    assert "Sent" in listing and "View what you sent" in listing
    assert "Start your self-assessment" not in listing
    sent = client.get(f"/self-assessment/{member['invitation']}/sent")
    assert sent.status_code == 200
    assert "What you sent" in sent.text and "Embedded" in sent.text
    assert "Change" not in sent.text  # read only
    assert _open(client, member["invitation"]).status_code == 404  # nothing left to answer

    colleague = factories.user(member["organisation"], role="board_member")
    lead = factories.user(member["organisation"], role="organisation_admin")
    db.session.commit()
    for other in (colleague, lead):
        sign_in(client, other)
        assert client.get(f"/self-assessment/{member['invitation']}/sent").status_code == 404
        assert _open(client, member["invitation"]).status_code == 404
        assert "2026/27 self-assessment" not in client.get("/self-assessment").text


def test_the_same_email_in_another_organisation_is_not_theirs(
    client: Any, db: Any, factories: Any, member: dict
) -> None:
    from valuedcare.models import User

    user = db.session.get(User, member["user"].id)
    user.organisation_id = factories.organisation().id
    db.session.commit()
    sign_in(client, user)
    assert _open(client, member["invitation"]).status_code == 404
    assert "You have no self-assessment" in client.get("/self-assessment").text


def test_signed_out_people_are_asked_to_sign_in(client: Any, member: dict) -> None:
    page = client.get("/self-assessment")
    assert page.status_code == 302 and "sign-in" in page.location


@pytest.mark.parametrize(
    ("role", "while_open"),
    [
        ("organisation_admin", 200),
        ("platform_admin", 200),
        ("viewer", 403),
        ("board_member", 403),
    ],
)
def test_one_rule_for_an_open_cycles_report(
    client: Any, db: Any, factories: Any, role: str, while_open: int
) -> None:
    cycle = factories.cycle(label="2026/27", status="open")
    organisation = factories.organisation()
    assessment = factories.assessment(organisation, cycle)
    factories.response(assessment, lens="board", answers={"ebe1": (3, 3.0, False, None)})
    user = factories.user(None if role == "platform_admin" else organisation, role=role)
    db.session.commit()
    sign_in(client, user)
    assert client.get(f"/reports/assessments/{assessment.id}").status_code == while_open
    cycle.status = "closed"
    db.session.commit()
    assert client.get(f"/reports/assessments/{assessment.id}").status_code == 200


def test_a_reminder_after_opening_carries_the_link_that_works(
    client: Any, db: Any, runner: Any, member: dict, service_url: str
) -> None:
    """Opening your own self-assessment replaces the emailed link; the next reminder must carry
    the new one, not the one that has stopped working."""
    from datetime import timedelta

    from valuedcare.models import OutboxMessage

    sign_in(client, member["user"])
    opened = _open(client, member["invitation"])
    now_working = opened.location.rsplit("/r/", 1)[1].split("/", 1)[0]
    day = member["assessment"].cycle.closes_on - timedelta(days=2)
    assert (
        "Queued 1 reminder to"
        in runner.invoke(args=["invitations", "remind", "--today", day.isoformat()]).output
    )
    (reminder,) = db.session.query(OutboxMessage).filter_by(template="board_reminder")
    assert reminder.personalisation["link"].endswith(f"/r/{now_working}")
    assert client.get(f"/r/{now_working}").status_code in (200, 302)
