"""Board members' invitations are emailed, can be sent again, and reminders reach only those
who have not sent their answers; the invitations page shows each email's state."""

from __future__ import annotations

import logging
import re
from datetime import timedelta
from typing import Any

import pytest

from tests.integration.auth.helpers import audit_events, make_user, sign_in
from tests.integration.survey.conftest import SERVICE_URL
from tests.integration.survey.links import LEAD_SCOPE
from valuedcare.data import invitations, outbox
from valuedcare.models import Invitation, OutboxMessage


def invite(client: Any, assessment: Any, name: str, email: str = "") -> Any:
    return client.post(
        f"/assessments/{assessment.id}/invitations/board", data={"name": name, "email": email}
    )


def messages(db: Any, template: str | None = None) -> list[OutboxMessage]:
    db.session.expire_all()
    query = db.session.query(OutboxMessage).order_by(OutboxMessage.id)
    if template:
        query = query.filter_by(template=template)
    return list(query)


def link_in(message: OutboxMessage) -> str:
    return message.personalisation["link"].rsplit("/r/", 1)[1]


def test_inviting_with_an_address_queues_one_email_with_the_members_own_link(
    client: Any, db: Any, assessment: Any, lead: Any
) -> None:
    page = invite(client, assessment, "Dr A. Chair", "Chair@Example.org")
    assert "We will email this link to" in page.text and "chair@example.org" in page.text
    (message,) = messages(db)
    assert (message.template, message.recipient, message.status) == (
        "board_invitation",
        "chair@example.org",
        outbox.QUEUED,
    )
    assert message.personalisation["name"] == "Dr A. Chair"
    assert message.personalisation["closes_on"] == "31 March 2027"
    token = link_in(message)
    shown = re.search(r'id="link-url">http://[^<]+/r/([^<]+)<', page.text)
    assert shown and shown.group(1) == token  # the email carries the link the lead saw
    link = invitations.find_link(token)
    assert link.is_open and link.invitation.label == "Dr A. Chair"
    assert message.invitation_id == link.invitation.id
    assert message.organisation_id == assessment.organisation_id
    respondent = client.application.test_client()
    assert respondent.get(f"/r/{token}").status_code == 200


def test_without_an_address_nothing_is_queued(client: Any, db: Any, assessment: Any, lead: Any):
    page = invite(client, assessment, "Ms B. Member")
    assert "Copy this link now" in page.text
    assert messages(db) == []


def test_sending_again_carries_the_same_link_and_is_audited_without_the_address(
    client: Any, db: Any, assessment: Any, lead: Any
) -> None:
    invite(client, assessment, "Dr A. Chair", "chair@example.org")
    (first,) = messages(db)
    answer = client.post(f"/invitations/{first.invitation_id}/resend", follow_redirects=True)
    assert "will be emailed again" in answer.text
    again = messages(db)
    assert [m.reference for m in again] == [
        f"board-invitation:{first.invitation_id}:1",
        f"board-invitation:{first.invitation_id}:2",
    ]
    assert link_in(again[1]) == link_in(again[0])
    (event,) = audit_events(db, "invitation_resent")
    assert "chair@example.org" not in str(event.detail)


def test_sending_again_is_refused_once_the_member_has_sent_their_answers(
    client: Any, db: Any, factories: Any, assessment: Any, lead: Any
) -> None:
    invite(client, assessment, "Dr A. Chair", "chair@example.org")
    (first,) = messages(db)
    sent = factories.response(assessment)
    sent.invitation_id = first.invitation_id
    db.session.commit()
    answer = client.post(f"/invitations/{first.invitation_id}/resend", follow_redirects=True)
    assert "already sent their answers" in answer.text
    assert len(messages(db)) == 1


def test_a_closed_link_is_not_sent_again(client: Any, db: Any, assessment: Any, lead: Any):
    invite(client, assessment, "Dr A. Chair", "chair@example.org")
    (first,) = messages(db)
    client.post(f"/invitations/{first.invitation_id}/close")
    answer = client.post(f"/invitations/{first.invitation_id}/resend", follow_redirects=True)
    assert "This link is closed" in answer.text
    assert len(messages(db)) == 1


def test_another_organisations_lead_cannot_send_it(
    app: Any, client: Any, db: Any, assessment: Any, lead: Any
) -> None:
    invite(client, assessment, "Dr A. Chair", "chair@example.org")
    (first,) = messages(db)
    other = app.test_client()
    sign_in(other, make_user(db, "organisation_admin"))
    assert other.post(f"/invitations/{first.invitation_id}/resend").status_code == 404
    assert len(messages(db)) == 1


@pytest.fixture
def three_members(db: Any, factories: Any, assessment: Any) -> dict[str, int]:
    """Three emailed members: one sent their answers, one started, one has not begun."""
    ids = {}
    for name in ("sent", "started", "waiting"):
        invitation, _ = invitations.invite_board_member(
            LEAD_SCOPE, assessment.id, name=name, email=f"{name}@example.org"
        )
        ids[name] = invitation.id
    for name, status in (("sent", "submitted"), ("started", "draft")):
        response = factories.response(assessment, status=status)
        response.invitation_id = ids[name]
    db.session.commit()
    return ids


def remind(runner: Any, app: Any, day: Any) -> Any:
    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(app.config, "SERVICE_URL", SERVICE_URL)
        return runner.invoke(args=["invitations", "remind", "--today", day.isoformat()])


def test_reminders_go_only_to_members_who_have_not_sent_their_answers_once_per_point(
    app: Any, db: Any, runner: Any, assessment: Any, three_members: dict[str, int]
) -> None:
    closes = assessment.cycle.closes_on
    assert "Queued 0 reminders" in remind(runner, app, closes - timedelta(days=8)).output
    result = remind(runner, app, closes - timedelta(days=7))
    assert result.exit_code == 0 and "Queued 2 reminders" in result.output
    sent = messages(db, "board_reminder")
    assert sorted(m.recipient for m in sent) == ["started@example.org", "waiting@example.org"]
    assert {m.personalisation["days_left"] for m in sent} == {"7 days"}
    link = link_in(next(m for m in sent if m.recipient == "waiting@example.org"))
    assert sent[0].personalisation["link"].startswith("https://valuedcare.example.org/r/")
    with app.test_request_context():
        assert invitations.find_link(link).invitation.id == three_members["waiting"]
    assert "Queued 0 reminders" in remind(runner, app, closes - timedelta(days=6)).output
    assert "Queued 2 reminders" in remind(runner, app, closes - timedelta(days=2)).output
    assert "Queued 0 reminders" in remind(runner, app, closes - timedelta(days=1)).output
    assert len(messages(db, "board_reminder")) == 4
    assert "Queued 0 reminders" in remind(runner, app, closes + timedelta(days=1)).output


def test_no_reminders_for_closed_links_closed_cycles_or_members_without_an_address(
    app: Any, db: Any, runner: Any, factories: Any, assessment: Any, three_members: dict[str, int]
) -> None:
    invitations.invite_board_member(LEAD_SCOPE, assessment.id, name="No address")
    db.session.get(Invitation, three_members["waiting"]).closed_at = assessment.cycle.opens_on
    db.session.commit()
    closes = assessment.cycle.closes_on
    assert "Queued 1 reminder to" in remind(runner, app, closes - timedelta(days=2)).output
    assessment.cycle.status = "closed"
    db.session.commit()
    assert "Queued 0 reminders" in remind(runner, app, closes - timedelta(days=1)).output


def test_reminding_without_a_service_address_says_what_to_set(
    db: Any, runner: Any, assessment: Any, three_members: dict[str, int]
) -> None:
    result = runner.invoke(args=["invitations", "remind"])
    assert result.exit_code == 1
    assert "SERVICE_URL is not set" in result.output
    assert messages(db) == []


@pytest.mark.parametrize(
    ("status", "error", "shown"),
    [
        ("queued", None, "Waiting to send"),
        ("sent", None, "Sent"),
        ("delivered", None, "Delivered"),
        ("failed", "The address does not exist", "Not delivered"),
    ],
)
def test_the_invitations_page_shows_each_emails_state(
    client: Any, db: Any, assessment: Any, lead: Any, status: str, error: str | None, shown: str
) -> None:
    invite(client, assessment, "Dr A. Chair", "chair@example.org")
    db.session.query(OutboxMessage).update({"status": status, "error": error})
    db.session.commit()
    page = client.get(f"/assessments/{assessment.id}/invitations").text
    assert f">{shown}</strong>" in page
    assert "chair@example.org" in page
    if error:
        assert error in page
    assert "Email again" in page


def test_development_sends_the_invitation_as_soon_as_the_request_commits(
    app: Any, client: Any, db: Any, assessment: Any, lead: Any, caplog: Any
) -> None:
    caplog.set_level(logging.INFO, logger="valuedcare.mail")
    app.config["OUTBOX_SEND_AFTER_REQUEST"] = True
    try:
        invite(client, assessment, "Dr A. Chair", "chair@example.org")
    finally:
        app.config["OUTBOX_SEND_AFTER_REQUEST"] = False
    (message,) = messages(db)
    assert message.status == outbox.SENT and message.provider == "log"
    assert "Board self-assessment for" in caplog.text


def test_no_address_or_link_reaches_a_log_line_while_inviting_and_reminding(
    app: Any, client: Any, db: Any, runner: Any, assessment: Any, lead: Any, caplog: Any
) -> None:
    caplog.set_level(logging.DEBUG)
    invite(client, assessment, "Dr A. Chair", "chair@example.org")
    remind(runner, app, assessment.cycle.closes_on - timedelta(days=2))
    (message, *_) = messages(db)
    text = "\n".join(record.getMessage() for record in caplog.records)
    assert "chair@example.org" not in text
    assert link_in(message) not in text
