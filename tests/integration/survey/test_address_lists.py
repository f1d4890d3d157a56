"""Anonymous invitations from an address list: each person's own single-use link, reminders only
to unused links, and a list kept apart from the answers and deleted when the cycle closes."""

from __future__ import annotations

import io
import logging
import re
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import inspect, select, text

from tests.integration.auth.helpers import audit_events, main_content, make_user, sign_in
from tests.integration.survey.conftest import SERVICE_URL
from tests.integration.survey.journey_helpers import all_responses, revision_of, save, start
from tests.integration.survey.links import LEAD_SCOPE
from valuedcare.data import invitations, outbox
from valuedcare.models import (
    AuditEvent,
    Invitation,
    InvitationRecipient,
    OutboxMessage,
    UnusedLink,
)

PEOPLE = ("ada@example.org", "ben@example.org", "cy@example.org")


def _anonymous_link(db: Any, assessment: Any, **fields: Any) -> int:
    made = invitations.create_anonymous_link(
        LEAD_SCOPE, assessment.id, lens="experts_by_experience", label="Carers' list", **fields
    )
    assert made is not None
    db.session.commit()
    return made[0].id


def _csv(*rows: str, header: str | None = "email") -> bytes:
    lines = ([header] if header else []) + list(rows)
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def _upload(client: Any, link_id: int, content: bytes, name: str = "list.csv") -> Any:
    return client.post(
        f"/anonymous-links/{link_id}/addresses",
        data={"file": (io.BytesIO(content), name)},
        content_type="multipart/form-data",
    )


def _messages(db: Any, template: str | None = None) -> list[OutboxMessage]:
    db.session.expire_all()
    query = select(OutboxMessage).order_by(OutboxMessage.id)
    if template:
        query = query.where(OutboxMessage.template == template)
    return list(db.session.scalars(query))


def _tokens(db: Any, template: str = "anonymous_invitation") -> dict[str, str]:
    """Each person's token, from the messages queued for them."""
    return {
        m.recipient: m.personalisation["link"].rsplit("/r/", 1)[1] for m in _messages(db, template)
    }


def _send_answers(client: Any, url: str) -> Any:
    save(client, url, "taking_part", {"took_part": "no"})
    check = client.get(f"{url}/check")
    return client.post(f"{url}/submit", data={"revision": revision_of(check.text)})


def _counts(db: Any) -> tuple[int, int, int]:
    db.session.expire_all()
    return (
        db.session.query(InvitationRecipient).count(),
        db.session.query(UnusedLink).count(),
        db.session.query(OutboxMessage).count(),
    )


@pytest.fixture
def listed(client: Any, db: Any, assessment: Any, lead: Any) -> tuple[int, dict[str, str]]:
    """An anonymous link sent to three people: (link id, {address: token})."""
    link_id = _anonymous_link(db, assessment)
    answer = _upload(client, link_id, _csv(*PEOPLE))
    assert answer.status_code == 302, answer.text
    return link_id, _tokens(db)


# Uploading and sending -------------------------------------------------------------------------


def test_a_list_gives_each_person_their_own_link_and_one_invitation(
    client: Any, db: Any, assessment: Any, lead: Any, listed: tuple[int, dict[str, str]]
) -> None:
    link_id, tokens = listed
    sent = _messages(db)
    assert sorted(m.recipient for m in sent) == sorted(PEOPLE)
    assert {m.template for m in sent} == {"anonymous_invitation"}
    assert len(set(tokens.values())) == 3, "each person has their own link"
    first = sent[0].personalisation
    assert first["organisation"] == assessment.organisation.name
    assert first["closes_on"] == "31 March 2027"
    for token in tokens.values():
        link = invitations.find_link(token)
        assert link.is_open and link.invitation.id == link_id
        assert link.single_use_hash == invitations.hash_token(token)
    stored = {row.token_hash for row in db.session.scalars(select(UnusedLink))}
    assert stored == {invitations.hash_token(t) for t in tokens.values()}
    assert not any(t in stored for t in tokens.values()), "only hashes are stored"
    page = client.get(f"/anonymous-links/{link_id}/addresses")
    counts = main_content(page.text)
    assert "People on the list" in counts and ">3<" in page.text
    assert not any(address in page.text for address in PEOPLE), "the page shows counts only"
    (event,) = audit_events(db, "address_list_added")
    assert event.detail == {"addresses": 3, "already_on_list": 0}


def test_a_second_upload_sends_only_to_new_addresses(
    client: Any, db: Any, lead: Any, listed: tuple[int, dict[str, str]]
) -> None:
    link_id, _ = listed
    answer = _upload(client, link_id, _csv("BEN@example.org", "dee@example.org"))
    follow = client.get(answer.headers["Location"])
    assert "on their way to 1 person" in follow.text
    assert "1 address was already on the list" in follow.text
    assert sorted(m.recipient for m in _messages(db)) == sorted([*PEOPLE, "dee@example.org"])


def test_a_list_with_problems_lists_them_by_row_and_saves_and_sends_nothing(
    client: Any, db: Any, assessment: Any, lead: Any
) -> None:
    link_id = _anonymous_link(db, assessment)
    content = _csv("name,email", header=None)
    content += (
        b"Ada,ada@example.org\r\nBen,not-an-address\r\nCy,ADA@example.org\r\nDee,=HYPERLINK(1)\r\n"
    )
    page = _upload(client, link_id, content)
    assert page.status_code == 200
    assert "There is a problem" in page.text and "The list has 3 problems" in page.text
    body = main_content(page.text)
    assert "row 3: “not-an-address” is not an email address" in body
    assert "row 4: ADA@example.org repeats row 2: keep one of them" in body
    assert "row 5: “=HYPERLINK(1)” starts with “=”" in body
    assert _counts(db) == (0, 0, 0)
    assert audit_events(db, "address_list_added") == []


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "The file is empty"),
        (b"email\r\n", "The file has no addresses, only the header"),
        (b"name,team\r\nAda,North\r\n", "head it “email”"),
        (b"PK\x03\x04rest", "save it as &#39;CSV UTF-8&#39;"),
        (
            b"email\r\n" + b"".join(b"p%d@example.org\r\n" % n for n in range(50_000)),
            "The file has 50,000 rows; one list can hold up to 20,000 addresses",
        ),
    ],
)
def test_a_file_that_cannot_be_a_list_gets_a_clear_message(
    client: Any, db: Any, assessment: Any, lead: Any, content: bytes, message: str
) -> None:
    link_id = _anonymous_link(db, assessment)
    page = _upload(client, link_id, content)
    assert page.status_code == 200 and "There is a problem" in page.text
    assert message in page.text
    assert _counts(db) == (0, 0, 0)


def test_no_file_chosen_says_so(client: Any, db: Any, assessment: Any, lead: Any) -> None:
    link_id = _anonymous_link(db, assessment)
    page = client.post(f"/anonymous-links/{link_id}/addresses", data={})
    assert "Select a CSV file of email addresses" in page.text
    assert _counts(db) == (0, 0, 0)


def test_a_list_for_a_closed_cycle_or_a_closed_link_is_refused(
    client: Any, db: Any, assessment: Any, lead: Any
) -> None:
    link_id = _anonymous_link(db, assessment)
    assessment.cycle.status = "closed"
    db.session.commit()
    page = client.get(f"/anonymous-links/{link_id}/addresses")
    assert "The cycle is not open" in page.text and 'type="file"' not in page.text
    refused = _upload(client, link_id, _csv(*PEOPLE))
    assert "The cycle is not open" in refused.text and "There is a problem" in refused.text
    assert _counts(db) == (0, 0, 0)
    assessment.cycle.status = "open"
    db.session.get(Invitation, link_id).closed_at = date(2026, 5, 1)
    db.session.commit()
    assert "This link is closed" in _upload(client, link_id, _csv(*PEOPLE)).text
    assert _counts(db) == (0, 0, 0)


def test_only_anonymous_links_have_a_list(client: Any, db: Any, assessment: Any, lead: Any) -> None:
    board, _ = invitations.invite_board_member(LEAD_SCOPE, assessment.id, name="Dr A. Chair")
    db.session.commit()
    assert client.get(f"/anonymous-links/{board.id}/addresses").status_code == 404
    assert _upload(client, board.id, _csv(*PEOPLE)).status_code == 404
    assert _counts(db) == (0, 0, 0)


def test_another_organisations_lead_cannot_see_or_change_the_list(
    app: Any, db: Any, factories: Any, listed: tuple[int, dict[str, str]]
) -> None:
    link_id, _ = listed
    other = factories.organisation(name="Other Trust (demo)", code="OTH01")
    db.session.commit()
    stranger = app.test_client()
    sign_in(stranger, make_user(db, "organisation_admin", other))
    assert stranger.get(f"/anonymous-links/{link_id}/addresses").status_code == 404
    assert _upload(stranger, link_id, _csv("mallory@example.org")).status_code == 404
    for action in ("delete", "remove"):
        answer = stranger.post(
            f"/anonymous-links/{link_id}/addresses/{action}", data={"address": PEOPLE[0]}
        )
        assert answer.status_code == 404
    assert _counts(db)[:2] == (3, 3)


# Using a link ----------------------------------------------------------------------------------


def test_a_person_answers_once_through_their_link_and_it_is_then_used(
    app: Any, db: Any, listed: tuple[int, dict[str, str]]
) -> None:
    link_id, tokens = listed
    person = app.test_client()
    url = f"/r/{tokens[PEOPLE[0]]}"
    start(person, url)
    sent = _send_answers(person, url)
    assert sent.status_code == 302 and sent.headers["Location"].endswith("/confirmation")
    confirmation = person.get(sent.headers["Location"])
    assert confirmation.status_code == 200 and "Answers sent" in confirmation.text
    (response,) = all_responses(db)
    assert (response.status, response.invitation_id) == ("submitted", link_id)
    assert _counts(db)[:2] == (3, 2), "the used link's row is gone; the others stay"
    again = app.test_client().get(url)
    assert again.status_code == 410 and "This link has already been used" in again.text
    assert person.get(f"{url}/tasks").status_code == 410
    others = [invitations.find_link(tokens[p]) for p in PEOPLE[1:]]
    assert all(link.is_open for link in others)


def test_a_second_browser_cannot_send_answers_through_a_used_link(
    app: Any, db: Any, listed: tuple[int, dict[str, str]]
) -> None:
    _, tokens = listed
    url = f"/r/{tokens[PEOPLE[1]]}"
    first, second = app.test_client(), app.test_client()
    start(first, url)
    start(second, url)
    save(second, url, "taking_part", {"took_part": "no"})
    second_check = second.get(f"{url}/check")
    assert _send_answers(first, url).status_code == 302
    refused = second.post(f"{url}/submit", data={"revision": revision_of(second_check.text)})
    assert refused.status_code == 410 and "already been used" in refused.text
    assert sorted(r.status for r in all_responses(db)) == ["draft", "submitted"]


def test_the_links_shared_address_still_works_beside_the_list(
    app: Any, db: Any, assessment: Any, lead: Any, client: Any
) -> None:
    made = invitations.create_anonymous_link(
        LEAD_SCOPE, assessment.id, lens="experts_by_experience", label="Drop-in and list"
    )
    assert made is not None
    db.session.commit()
    _upload(client, made[0].id, _csv(*PEOPLE))
    person = app.test_client()
    start(person, f"/r/{made[1]}")
    assert _send_answers(person, f"/r/{made[1]}").status_code == 302
    assert _counts(db)[:2] == (3, 3), "an answer through the shared address uses nobody's link"
    assert invitations.find_link(made[1]).is_open, "and the shared address is not single-use"


def test_two_browsers_sending_through_one_link_at_the_same_moment_send_one_set(
    app: Any, db: Any, listed: tuple[int, dict[str, str]]
) -> None:
    """The attack on "works once": the same link, two drafts, both sent at once. The link is
    spent in the transaction that sends the answers, so exactly one set is sent."""
    import threading

    _, tokens = listed
    url = f"/r/{tokens[PEOPLE[0]]}"
    browsers = [app.test_client(), app.test_client()]
    revisions = []
    for browser in browsers:
        start(browser, url)
        save(browser, url, "taking_part", {"took_part": "no"})
        revisions.append(revision_of(browser.get(f"{url}/check").text))
    barrier = threading.Barrier(2)
    statuses: list[int] = []

    def send(browser: Any, revision: str) -> None:
        barrier.wait()
        statuses.append(browser.post(f"{url}/submit", data={"revision": revision}).status_code)

    threads = [
        threading.Thread(target=send, args=pair) for pair in zip(browsers, revisions, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(statuses) == [302, 410]
    assert sorted(r.status for r in all_responses(db)) == ["draft", "submitted"]
    assert _counts(db)[:2] == (3, 2)


# Separation ------------------------------------------------------------------------------------


def test_no_column_joins_the_list_to_the_answers(db: Any) -> None:
    inspector = inspect(db.engine)
    list_tables = {"invitation_recipients", "unused_links"}
    for table in inspector.get_table_names():
        if table in list_tables or table == "outbox_messages":
            continue
        for key in inspector.get_foreign_keys(table):
            assert key["referred_table"] not in list_tables, (table, key)
    for table in list_tables:
        columns = {c["name"]: c for c in inspector.get_columns(table)}
        assert not [n for n in columns if "response" in n or "answer" in n], table
        kinds = {str(c["type"]).upper() for c in columns.values()}
        assert not any("DATE" in kind or "TIME" in kind for kind in kinds), f"{table} keeps no time"
    unused = {c["name"] for c in inspector.get_columns("unused_links")}
    assert unused == {"token_hash", "recipient_id", "invitation_id"}
    # No sequence or order of use: the unused links' key is a hash, not a counter.
    assert inspector.get_pk_constraint("unused_links")["constrained_columns"] == ["token_hash"]


def _snapshot(db: Any) -> dict[str, set[tuple[Any, ...]]]:
    db.session.expire_all()
    tables = inspect(db.engine).get_table_names()
    with db.engine.connect() as connection:
        return {
            table: {
                tuple(str(cell) for cell in row)  # as text: JSON cells are not hashable
                for row in connection.execute(text(f'SELECT * FROM "{table}"'))
            }
            for table in tables
            if table != "alembic_version"
        }


def test_sending_answers_leaves_no_trace_that_joins_the_person_to_them(
    app: Any, db: Any, caplog: pytest.LogCaptureFixture, listed: tuple[int, dict[str, str]]
) -> None:
    """Differencing the whole database before and after a person sends their answers: what
    changes on the list's side is one unused link's row deleted, and nothing new anywhere names
    the person (their recipient id, address, token or its hash)."""
    _, tokens = listed
    who = PEOPLE[0]
    recipient = db.session.scalar(
        select(InvitationRecipient).where(InvitationRecipient.address == who)
    )
    secrets = {who, tokens[who], invitations.hash_token(tokens[who])}
    person = app.test_client()
    url = f"/r/{tokens[who]}"
    start(person, url)
    save(person, url, "taking_part", {"took_part": "no"})
    check = person.get(f"{url}/check")
    before = _snapshot(db)
    caplog.set_level(logging.DEBUG)
    sent = person.post(f"{url}/submit", data={"revision": revision_of(check.text)})
    assert sent.status_code == 302
    after = _snapshot(db)
    added = {t: after[t] - before[t] for t in after if after[t] - before[t]}
    removed = {t: before[t] - after[t] for t in before if before[t] - after[t]}
    assert set(removed) <= {"unused_links", "responses", "answers"}
    (gone,) = removed["unused_links"]
    assert gone[0] == invitations.hash_token(tokens[who])
    assert before["invitation_recipients"] == after["invitation_recipients"]
    assert before["outbox_messages"] == after["outbox_messages"]
    for table, rows in added.items():
        for row in rows:
            cells = {str(cell) for cell in row}
            assert not cells & secrets, (table, row)
            if table in ("audit_events", "responses", "answers", "response_scores"):
                assert all(
                    f"recipient:{recipient.id}" not in cell and who not in cell for cell in cells
                ), (table, row)
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert not any(secret in logged for secret in secrets)
    for event in db.session.scalars(select(AuditEvent)):
        detail = str(event.detail)
        assert not any(secret in detail for secret in secrets)
        assert not any(address in detail for address in PEOPLE)


def _list_part(html: str) -> str:
    """The page's account of the list: from its heading to the end of the page's forms."""
    start = html.index("<h1>")
    return html[start : html.index("Delete the list</button>", start)]


def test_the_lead_sees_the_same_counts_whoever_has_answered(
    app: Any,
    client: Any,
    db: Any,
    runner: Any,
    assessment: Any,
    listed: tuple[int, dict[str, str]],
) -> None:
    """Linking two views: the list page reads the same before and after a person answers, and
    after the reminders to the others are queued, so watching it tells a lead nothing about who
    answered, or how many."""
    link_id, tokens = listed
    client.get(f"/anonymous-links/{link_id}/addresses")  # the upload's own message, shown once
    page_before = main_content(client.get(f"/anonymous-links/{link_id}/addresses").text)
    person = app.test_client()
    start(person, f"/r/{tokens[PEOPLE[0]]}")
    assert _send_answers(person, f"/r/{tokens[PEOPLE[0]]}").status_code == 302
    page_after = main_content(client.get(f"/anonymous-links/{link_id}/addresses").text)
    assert _list_part(page_before) == _list_part(page_after)
    closes = assessment.cycle.closes_on
    assert "2 reminders to people" in _remind(runner, app, closes - timedelta(days=2)).output
    page_reminded = main_content(client.get(f"/anonymous-links/{link_id}/addresses").text)
    assert _list_part(page_before) == _list_part(page_reminded)


# Reminders -------------------------------------------------------------------------------------


def _remind(runner: Any, app: Any, day: date) -> Any:
    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(app.config, "SERVICE_URL", SERVICE_URL)
        return runner.invoke(args=["invitations", "remind", "--today", day.isoformat()])


def test_reminders_go_only_to_unused_links_once_per_point(
    app: Any, db: Any, runner: Any, assessment: Any, listed: tuple[int, dict[str, str]]
) -> None:
    _, tokens = listed
    person = app.test_client()
    start(person, f"/r/{tokens[PEOPLE[0]]}")
    assert _send_answers(person, f"/r/{tokens[PEOPLE[0]]}").status_code == 302
    closes = assessment.cycle.closes_on
    result = _remind(runner, app, closes - timedelta(days=8))
    assert result.exit_code == 0 and "0 reminders to people on address lists" in result.output
    result = _remind(runner, app, closes - timedelta(days=7))
    assert "2 reminders to people on address lists" in result.output
    reminded = _tokens(db, "anonymous_reminder")
    assert sorted(reminded) == sorted(PEOPLE[1:])
    assert all(reminded[p] == tokens[p] for p in PEOPLE[1:]), "the same link as the invitation"
    texts = {m.personalisation["days_left"] for m in _messages(db, "anonymous_reminder")}
    assert texts == {"7 days"}
    assert "0 reminders to people" in _remind(runner, app, closes - timedelta(days=6)).output
    assert "2 reminders to people" in _remind(runner, app, closes - timedelta(days=2)).output
    assert len(_messages(db, "anonymous_reminder")) == 4


def test_a_links_own_closing_date_sets_its_reminders(
    app: Any, client: Any, db: Any, runner: Any, assessment: Any, lead: Any
) -> None:
    closes = date.today() + timedelta(days=10)
    link_id = _anonymous_link(db, assessment, closes_on=closes)
    _upload(client, link_id, _csv(*PEOPLE))
    assert _messages(db)[0].personalisation["closes_on"] == closes.strftime("%-d %B %Y")
    assert "3 reminders to people" in _remind(runner, app, closes - timedelta(days=2)).output
    after = _remind(runner, app, closes + timedelta(days=1))
    assert "Deleted 3 addresses" in after.output and "0 reminders to people" in after.output
    assert _counts(db) == (0, 0, 0)


def test_people_whose_invitation_was_not_delivered_are_not_reminded(
    app: Any, db: Any, runner: Any, assessment: Any, listed: tuple[int, dict[str, str]]
) -> None:
    bounced = next(m for m in _messages(db) if m.recipient == PEOPLE[2])
    bounced.status = outbox.FAILED
    db.session.commit()
    closes = assessment.cycle.closes_on
    assert "2 reminders to people" in _remind(runner, app, closes - timedelta(days=2)).output
    assert PEOPLE[2] not in _tokens(db, "anonymous_reminder")


# Deletion ---------------------------------------------------------------------------------------


def test_closing_the_cycle_deletes_every_list_and_audits_counts_only(
    app: Any, db: Any, assessment: Any, listed: tuple[int, dict[str, str]]
) -> None:
    from valuedcare.admin import service

    _, tokens = listed
    with app.test_request_context():
        service.change_cycle_status(assessment.cycle_id, "closed")
        db.session.commit()
    assert _counts(db) == (0, 0, 0), "addresses, links and their messages are gone"
    (event,) = audit_events(db, "address_lists_deleted")
    assert event.detail == {"lists": 1, "addresses": 3, "why": "cycle closed"}
    assert invitations.find_link(tokens[PEOPLE[0]]).state == invitations.LINK_USED


def test_closing_the_link_deletes_its_list(
    client: Any, db: Any, lead: Any, listed: tuple[int, dict[str, str]]
) -> None:
    link_id, _ = listed
    assert client.post(f"/invitations/{link_id}/close").status_code == 302
    assert _counts(db) == (0, 0, 0)
    (event,) = audit_events(db, "address_list_deleted")
    assert event.detail == {"addresses": 3, "why": "link closed"}


def test_a_lead_deletes_one_address_on_request_and_its_link_stops_working(
    app: Any, client: Any, db: Any, lead: Any, listed: tuple[int, dict[str, str]]
) -> None:
    link_id, tokens = listed
    url = f"/anonymous-links/{link_id}/addresses/remove"
    missing = client.post(url, data={"address": "nobody@example.org"})
    assert "This is not on the list" in missing.text and "There is a problem" in missing.text
    empty = client.post(url, data={"address": ""})
    assert "Enter the email address or mobile number to remove" in empty.text
    done = client.post(url, data={"address": " BEN@Example.org "})
    assert done.status_code == 302
    assert _counts(db) == (2, 2, 2)
    assert app.test_client().get(f"/r/{tokens[PEOPLE[1]]}").status_code == 410
    (event,) = audit_events(db, "address_removed")
    assert event.detail == {"addresses": 1, "why": "on request"}


def test_a_lead_deletes_the_whole_list(
    client: Any, db: Any, lead: Any, listed: tuple[int, dict[str, str]]
) -> None:
    link_id, _ = listed
    answer = client.post(f"/anonymous-links/{link_id}/addresses/delete", follow_redirects=True)
    assert "The list has been deleted: 3 addresses" in answer.text
    assert _counts(db) == (0, 0, 0)
    assert "No addresses yet" in answer.text


def test_queued_invitations_of_a_deleted_list_are_never_sent(
    app: Any, client: Any, db: Any, lead: Any, listed: tuple[int, dict[str, str]]
) -> None:
    from valuedcare.mail.outbox import send_due
    from valuedcare.mail.providers import LogProvider

    link_id, _ = listed
    client.post(f"/anonymous-links/{link_id}/addresses/delete")
    with app.app_context():
        tally = send_due(LogProvider())
    assert tally.sent == 0


def test_every_page_of_the_list_names_no_address_in_its_title_or_links(
    client: Any, db: Any, lead: Any, listed: tuple[int, dict[str, str]]
) -> None:
    link_id, tokens = listed
    page = client.get(f"/anonymous-links/{link_id}/addresses").text
    assert not any(token in page for token in tokens.values())
    assert re.search(r"Send the link to a list of people", page)
    invitations_page = client.get(
        f"/assessments/{db.session.get(Invitation, link_id).assessment_id}/invitations"
    ).text
    assert f"/anonymous-links/{link_id}/addresses" in invitations_page


# Text messages ----------------------------------------------------------------------------------

MIXED = b"Name,Email,Mobile\r\nAda,ada@example.org,\r\nBen,,07700 900002\r\nCy,,+44 7700 900003\r\n"


def test_people_with_only_a_mobile_number_are_sent_a_text_through_notify(
    app: Any, client: Any, db: Any, assessment: Any, lead: Any, fake_notify: Any
) -> None:
    from valuedcare.mail.outbox import send_due
    from valuedcare.mail.providers import provider_from_config

    link_id = _anonymous_link(db, assessment)
    assert _upload(client, link_id, MIXED).status_code == 302
    queued = {m.recipient: (m.channel, m.template) for m in _messages(db)}
    assert queued == {
        "ada@example.org": ("email", "anonymous_invitation"),
        "07700900002": ("sms", "anonymous_invitation_sms"),
        "07700900003": ("sms", "anonymous_invitation_sms"),
    }
    send_due(provider_from_config(app.config))
    texts = [m for m in fake_notify.messages if m.channel == "sms"]
    assert sorted(m.to for m in texts) == ["07700900002", "07700900003"]
    assert fake_notify.duplicates() == {}
    token = texts[0].personalisation["link"].rsplit("/r/", 1)[1]
    assert invitations.find_link(token).is_open
    assert _counts(db)[:2] == (3, 3)


def test_mobile_numbers_are_refused_when_the_service_sends_through_smtp(
    client: Any, db: Any, assessment: Any, lead: Any, smtp_server: Any
) -> None:
    link_id = _anonymous_link(db, assessment)
    page = _upload(client, link_id, MIXED)
    assert "There is a problem" in page.text
    assert "The list has 2 mobile numbers, but text messages can only be sent through" in page.text
    assert _counts(db) == (0, 0, 0)
    assert _upload(client, link_id, _csv(*PEOPLE)).status_code == 302, "email is fine"


def test_a_person_with_a_mobile_number_is_reminded_by_text_and_removed_by_their_number(
    app: Any, client: Any, db: Any, runner: Any, assessment: Any, lead: Any
) -> None:
    link_id = _anonymous_link(db, assessment)
    _upload(client, link_id, MIXED)
    closes = assessment.cycle.closes_on
    assert "3 reminders to people" in _remind(runner, app, closes - timedelta(days=2)).output
    reminders = {m.recipient: m.template for m in _messages(db) if "reminder" in m.template}
    assert reminders["07700900002"] == "anonymous_reminder_sms"
    assert reminders["ada@example.org"] == "anonymous_reminder"
    answer = client.post(
        f"/anonymous-links/{link_id}/addresses/remove", data={"address": "+44 (7700) 900-002"}
    )
    assert answer.status_code == 302
    db.session.expire_all()
    left = sorted(r.address for r in db.session.scalars(select(InvitationRecipient)))
    assert left == ["07700900003", "ada@example.org"]
