"""Improvement leads' invitation pages: create links (shown once), invite board members, close
links, response rates; another organisation's ids give 404."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.integration.auth.helpers import audit_events, main_content, make_user, sign_in
from tests.integration.survey.journey_helpers import start
from tests.integration.survey.links import LEAD_SCOPE, LinkFixture
from valuedcare.data import invitations


@pytest.fixture
def other_lead(app: Any, db: Any) -> Any:
    user = make_user(db, "organisation_admin")
    other = app.test_client()
    sign_in(other, user)
    return other


def _link_url(html: str) -> str:
    match = re.search(r'id="link-url">(http://[^<]+)<', html)
    assert match, "the page shows the new link"
    return match.group(1)


def test_lead_creates_an_anonymous_link_shown_once(
    client: Any, db: Any, assessment: Any, lead: Any
) -> None:
    base = f"/assessments/{assessment.id}/invitations"
    assert client.get(f"{base}/anonymous").status_code == 200
    made = client.post(
        f"{base}/anonymous",
        data={"lens": "experts_by_experience", "label": "Carers' forum", "team": "North"},
    )
    assert made.status_code == 200
    url = _link_url(made.text)
    token = url.rsplit("/r/", 1)[1]
    link = invitations.find_link(token)
    assert link.is_open and link.invitation.kind == "anonymous"
    assert link.invitation.team == "North"
    listing = client.get(base).text
    assert "Carers&#39; forum" in listing and token not in listing
    assert "Open" in listing
    [event] = audit_events(db, "invitation_created")
    assert event.organisation_id == assessment.organisation_id
    assert token not in str(event.detail)
    # The link works for a respondent.
    respondent = client.application.test_client()
    assert respondent.get(f"/r/{token}").status_code == 200


def test_lead_form_errors(client: Any, assessment: Any, lead: Any) -> None:
    base = f"/assessments/{assessment.id}/invitations"
    page = client.post(f"{base}/anonymous", data={"lens": "board", "label": ""})
    assert page.status_code == 200
    assert "<title>Error: " in page.text
    html = main_content(page.text)
    assert "Enter a name for this link" in html
    member = client.post(f"{base}/board", data={"name": "", "email": "not-an-email"})
    assert "Enter the board member&#39;s name" in member.text
    assert "Enter an email address in the correct format" in member.text


def test_lead_invites_a_board_member(client: Any, db: Any, assessment: Any, lead: Any) -> None:
    made = client.post(
        f"/assessments/{assessment.id}/invitations/board",
        data={"name": "Dr A. Chair", "email": "Chair@Example.org"},
    )
    token = _link_url(made.text).rsplit("/r/", 1)[1]
    from valuedcare.models import Invitation

    invitation = db.session.get(Invitation, invitations.find_link(token).invitation.id)
    assert (invitation.kind, invitation.lens, invitation.label, invitation.email) == (
        "individual",
        "board",
        "Dr A. Chair",
        "chair@example.org",
    )


def test_lead_closes_a_link(
    client: Any, db: Any, assessment: Any, lead: Any, ebe_link: LinkFixture
) -> None:
    closed = client.post(f"/invitations/{ebe_link.invitation_id}/close")
    assert closed.status_code == 302
    assert invitations.find_link(ebe_link.token).state == invitations.LINK_CLOSED
    assert "Closed" in client.get(f"/assessments/{assessment.id}/invitations").text
    [event] = audit_events(db, "invitation_closed")
    assert event.target_id == str(ebe_link.invitation_id)
    assert client.get(f"/invitations/{ebe_link.invitation_id}/close").status_code == 405


def test_closing_needs_the_csrf_token(
    app: Any, client: Any, assessment: Any, lead: Any, ebe_link: LinkFixture
) -> None:
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        refused = client.post(f"/invitations/{ebe_link.invitation_id}/close")
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert refused.status_code == 400
    assert invitations.find_link(ebe_link.token).is_open


def test_response_rates_show_counts_only(
    client: Any, app: Any, db: Any, assessment: Any, lead: Any, ebe_link: LinkFixture
) -> None:
    for _ in range(3):
        start(app.test_client(), ebe_link.url)
    page = client.get(f"/assessments/{assessment.id}/response-rates")
    assert page.status_code == 200
    html = main_content(page.text)
    row = html.split("Experts by experience</th>")[1].split("</tr>")[0]
    # 1 link; 3 started rounds to 5 (anonymous counts under 20 go to the nearest 5); 0 sent
    assert re.findall(r">(\d+)<", row) == ["1", "5", "0"]


def test_a_lead_watching_response_counts_cannot_see_one_person_answer(
    client: Any, app: Any, db: Any, assessment: Any, lead: Any, ebe_link: LinkFixture
) -> None:
    """Attack: read the counts, wait for one more person, read again."""
    for _ in range(5):
        start(app.test_client(), ebe_link.url)
    before = client.get(f"/assessments/{assessment.id}/response-rates").text
    start(app.test_client(), ebe_link.url)
    after = client.get(f"/assessments/{assessment.id}/response-rates").text
    assert main_content(before) == main_content(after)
    links_before = client.get(f"/assessments/{assessment.id}/invitations").text
    start(app.test_client(), ebe_link.url)
    assert main_content(client.get(f"/assessments/{assessment.id}/invitations").text) == (
        main_content(links_before)
    )


def test_other_organisations_lead_gets_404(
    other_lead: Any, db: Any, assessment: Any, ebe_link: LinkFixture
) -> None:
    base = f"/assessments/{assessment.id}"
    assert other_lead.get(f"{base}/invitations").status_code == 404
    assert other_lead.get(f"{base}/invitations/anonymous").status_code == 404
    assert (
        other_lead.post(
            f"{base}/invitations/anonymous", data={"lens": "partner", "label": "x"}
        ).status_code
        == 404
    )
    assert other_lead.post(f"{base}/invitations/board", data={"name": "x"}).status_code == 404
    assert other_lead.get(f"{base}/response-rates").status_code == 404
    assert other_lead.post(f"/invitations/{ebe_link.invitation_id}/close").status_code == 404
    assert invitations.find_link(ebe_link.token).is_open
    assert len(invitations.list_invitations(LEAD_SCOPE, assessment.id)) == 1


def test_other_roles_and_anonymous_visitors_are_refused(
    app: Any, client: Any, db: Any, assessment: Any
) -> None:
    from valuedcare.models import Organisation

    base = f"/assessments/{assessment.id}/invitations"
    assert client.get(base).status_code in (302, 401)
    member = make_user(db, "board_member", db.session.get(Organisation, assessment.organisation_id))
    sign_in(client, member)
    assert client.get(base).status_code == 403


def test_lead_starts_the_assessment_of_an_open_cycle(client: Any, db: Any, factories: Any) -> None:
    from sqlalchemy import select

    from valuedcare.models import Assessment

    open_cycle = factories.cycle(label="2027/28", status="open")
    closed_cycle = factories.cycle(label="2020/21", status="closed")
    db.session.commit()
    user = make_user(db, "organisation_admin")
    sign_in(client, user)
    index = client.get("/invitations")
    assert index.status_code == 200
    assert "Start the 2027/28 assessment" in index.text
    assert "2020/21" not in index.text
    started = client.post(f"/invitations/cycles/{open_cycle.id}")
    assert started.status_code == 302
    again = client.post(f"/invitations/cycles/{open_cycle.id}")
    assert again.location == started.location
    assessments = db.session.scalars(
        select(Assessment).where(Assessment.organisation_id == user.organisation_id)
    ).all()
    assert len(assessments) == 1
    assert client.post(f"/invitations/cycles/{closed_cycle.id}").status_code == 404
    assert client.get(started.location).status_code == 200
    assert "Start the 2027/28 assessment" not in client.get("/invitations").text
    [event] = audit_events(db, "assessment_started")
    assert event.organisation_id == user.organisation_id


def test_lead_index_lists_only_their_own_organisation(
    client: Any, other_lead: Any, assessment: Any, lead: Any
) -> None:
    own = client.get("/invitations").text
    assert f"/assessments/{assessment.id}/invitations" in own
    assert f"/assessments/{assessment.id}/invitations" not in other_lead.get("/invitations").text


def test_platform_admin_cannot_start_an_assessment_without_an_organisation(
    client: Any, db: Any, factories: Any
) -> None:
    cycle = factories.cycle(label="2028/29", status="open")
    db.session.commit()
    sign_in(client, make_user(db, "platform_admin"))
    assert client.get("/invitations").status_code == 200
    assert client.post(f"/invitations/cycles/{cycle.id}").status_code == 404
