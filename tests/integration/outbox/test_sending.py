"""The outbox: queued with what caused it, sent once, through GOV.UK Notify or SMTP.

Each promise gets its attack: a provider that is down or fails, one that times out after it
has accepted the message, two senders at once, a sender that stops mid-way, a wrong key, and a
log that must never hold an address or a link.
"""

from __future__ import annotations

import logging
import threading
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from flask import Flask

from tests.fakes.notify import REVOKED_KEY, TEMPLATE_IDS
from tests.integration.outbox.conftest import LINK, address, rows
from valuedcare.data import outbox
from valuedcare.mail.outbox import LOOK_UP_AFTER, MAX_ATTEMPTS, STALE_CLAIM, send_due
from valuedcare.mail.providers import ProviderConfigurationError, provider_from_config
from valuedcare.models import OutboxMessage

LATER = LOOK_UP_AFTER + timedelta(seconds=1)


def test_a_message_is_queued_only_with_the_transaction_that_caused_it(db: Any) -> None:
    outbox.enqueue(
        reference="test:rolled-back",
        template="anonymous_invitation",
        recipient="someone@example.org",
        personalisation={
            "organisation": "Fictional Trust",
            "questionnaire": "Your experience",
            "link": LINK,
            "closes_on": "31 March 2027",
        },
        organisation_id=None,
    )
    db.session.rollback()
    assert rows(db) == []


def test_the_same_reference_is_queued_once(db: Any, queue: Any) -> None:
    queue(1)
    assert queue(1) == ["test:board_invitation:0"]
    assert len(rows(db)) == 1


def test_a_message_missing_its_personalisation_is_refused(db: Any) -> None:
    with pytest.raises(outbox.OutboxError, match="needs link"):
        outbox.enqueue(
            reference="test:incomplete",
            template="board_invitation",
            recipient="someone@example.org",
            personalisation={"name": "A", "organisation": "B", "cycle": "C", "closes_on": "D"},
            organisation_id=None,
        )


def test_notify_receives_each_message_once_and_the_address_and_link_are_then_forgotten(
    db: Any, queue: Any, send: Any, fake_notify: Any
) -> None:
    queue(3)
    tally = send()
    assert tally.sent == 3
    assert sorted(m.to for m in fake_notify.messages) == [address(0), address(1), address(2)]
    first = fake_notify.messages_to(address(0))[0]
    assert first.template_id == TEMPLATE_IDS["board_invitation"]
    assert first.personalisation["link"] == f"{LINK}-0"
    assert first.reference == "test:board_invitation:0"
    by_reference = {m.reference: m for m in fake_notify.messages}
    for row in rows(db):
        received = by_reference[row.reference]
        assert row.status == outbox.SENT
        assert row.provider_id == received.id
        assert row.recipient is None and row.personalisation is None
    assert send().sent == 0  # nothing is sent twice
    assert len(fake_notify.messages) == 3


def test_smtp_delivers_the_message_with_its_link(db: Any, queue: Any, send: Any, smtp_server: Any):
    queue(2)
    assert send().sent == 2
    (message,) = smtp_server.to(address(1))
    assert "Board self-assessment for Fictional Trust" in message["Subject"]
    assert f"{LINK}-1" in message.get_payload(decode=True).decode()
    assert [row.status for row in rows(db)] == [outbox.SENT, outbox.SENT]


def test_an_outage_loses_nothing_and_the_retry_waits_for_its_backoff(
    db: Any, queue: Any, send: Any, fake_notify: Any
) -> None:
    queue(2)
    fake_notify.down = True
    assert send().retrying == 2
    assert fake_notify.messages == []
    assert {row.status for row in rows(db)} == {outbox.QUEUED}
    assert all("503" in (row.error or "") for row in rows(db))
    fake_notify.down = False
    assert send().sent == 0  # not due yet: backoff
    assert send(later=timedelta(hours=1)).sent == 2
    assert len(fake_notify.messages) == 2 and fake_notify.duplicates() == {}


def test_server_errors_are_retried_then_given_up_after_the_last_attempt(
    db: Any, queue: Any, send: Any, fake_notify: Any
) -> None:
    queue(1)
    fake_notify.fail_next(500, MAX_ATTEMPTS)
    for attempt in range(MAX_ATTEMPTS):
        send(later=timedelta(days=attempt))
    (row,) = rows(db)
    assert row.status == outbox.FAILED
    assert row.attempts == MAX_ATTEMPTS
    assert row.error.startswith(f"Gave up after {MAX_ATTEMPTS} attempts")
    assert row.recipient is None
    assert fake_notify.messages == []


def test_an_address_notify_refuses_fails_at_once_without_the_address_in_the_error(
    db: Any, send: Any, fake_notify: Any
) -> None:
    outbox.enqueue(
        reference="test:bad-address",
        template="board_invitation",
        recipient="not-an-address",
        personalisation={
            "name": "A",
            "organisation": "B",
            "cycle": "C",
            "link": LINK,
            "closes_on": "D",
        },
        organisation_id=None,
    )
    db.session.commit()
    assert send().failed == 1
    (row,) = rows(db)
    assert row.status == outbox.FAILED
    assert "Not a valid email address" in row.error
    assert "not-an-address" not in row.error


def test_a_revoked_key_stops_the_run_and_keeps_every_message_queued(
    app: Flask, db: Any, queue: Any, runner: Any, fake_notify: Any
) -> None:
    queue(3)
    app.config["NOTIFY_API_KEY"] = REVOKED_KEY
    result = runner.invoke(args=["outbox", "send"])
    assert result.exit_code == 1
    assert "GOV.UK Notify refused the API key (403)" in result.output
    assert [(row.status, row.attempts) for row in rows(db)] == [(outbox.QUEUED, 0)] * 3
    app.config["NOTIFY_API_KEY"] = fake_notify.config()["NOTIFY_API_KEY"]
    assert runner.invoke(args=["outbox", "send"]).exit_code == 0
    assert len(fake_notify.messages) == 3


def test_a_key_that_is_not_a_notify_key_is_named_before_anything_is_tried(
    app: Flask, db: Any, queue: Any, runner: Any, fake_notify: Any
) -> None:
    queue(1)
    app.config["NOTIFY_API_KEY"] = "my-password"
    result = runner.invoke(args=["outbox", "send"])
    assert result.exit_code == 1
    assert "NOTIFY_API_KEY is not a GOV.UK Notify API key" in result.output
    assert fake_notify.requests == 0


def test_a_missing_template_id_keeps_the_message_queued(
    app: Flask, db: Any, queue: Any, send: Any, fake_notify: Any
) -> None:
    queue(1, template="board_reminder")
    app.config["NOTIFY_TEMPLATE_IDS"] = {"board_invitation": TEMPLATE_IDS["board_invitation"]}
    with pytest.raises(ProviderConfigurationError, match="board_reminder"):
        send()
    assert [(row.status, row.attempts) for row in rows(db)] == [(outbox.QUEUED, 0)]


def test_a_notify_timeout_after_accepting_is_looked_up_not_sent_again(
    db: Any, queue: Any, send: Any, fake_notify: Any
) -> None:
    queue(2)
    fake_notify.slow_next(1)
    tally = send()
    assert (tally.uncertain, tally.sent) == (1, 1)
    assert len(fake_notify.messages) == 2  # the slow one arrived although the client gave up
    uncertain = next(row for row in rows(db) if row.status == outbox.UNCERTAIN)
    assert send().handled == 0  # looked up only after a pause
    assert send(later=LATER).already_sent == 1
    db.session.expire_all()
    row = db.session.get(OutboxMessage, uncertain.id)
    assert row.status == outbox.SENT
    assert row.provider_id == next(
        m.id for m in fake_notify.messages if m.reference == row.reference
    )
    assert len(fake_notify.messages) == 2 and fake_notify.duplicates() == {}


def test_an_uncertain_message_notify_never_got_is_sent_once(
    db: Any, queue: Any, send: Any, fake_notify: Any
) -> None:
    queue(1)
    fake_notify.slow_next(1)
    assert send().uncertain == 1
    fake_notify.messages.clear()  # Notify did not keep it after all
    assert send(later=LATER).sent == 1
    assert len(fake_notify.messages) == 1


def test_an_smtp_timeout_is_never_sent_again(db: Any, queue: Any, send: Any, smtp_server: Any):
    queue(1)
    smtp_server.delay = 3
    assert send().uncertain == 1
    smtp_server.delay = 0
    assert send(later=LATER).failed == 1
    (row,) = rows(db)
    assert row.status == outbox.FAILED
    assert "not sent again" in row.error
    assert len(smtp_server.received) == 1


def test_a_sender_that_stopped_mid_way_leaves_nothing_doubled(
    db: Any, queue: Any, send: Any, fake_notify: Any
) -> None:
    queue(2)
    fake_notify.slow_next(1)
    send()  # Notify has both; pretend the sender of the first died before hearing back
    db.session.query(OutboxMessage).filter_by(status=outbox.UNCERTAIN).update(
        {
            "status": outbox.SENDING,
            "claimed_by": "sender-that-died",
            "claimed_at": datetime.now(UTC) - STALE_CLAIM - timedelta(minutes=1),
        }
    )
    db.session.commit()
    tally = send()
    assert (tally.already_sent, tally.sent) == (1, 0)  # found by its reference, not resent
    assert {row.status for row in rows(db)} == {outbox.SENT}
    assert len(fake_notify.messages) == 2 and fake_notify.duplicates() == {}


def test_a_recent_claim_is_left_to_its_sender(db: Any, queue: Any, send: Any, fake_notify: Any):
    queue(1)
    db.session.query(OutboxMessage).update(
        {"status": outbox.SENDING, "claimed_by": "busy", "claimed_at": datetime.now(UTC)}
    )
    db.session.commit()
    assert send().handled == 0
    assert fake_notify.messages == []


def test_two_senders_at_once_send_each_message_exactly_once(
    app: Flask, db: Any, queue: Any, fake_notify: Any
) -> None:
    count = 120
    queue(count)
    start = threading.Barrier(2)
    tallies: list[Any] = []
    errors: list[BaseException] = []

    def sender() -> None:
        try:
            with app.app_context():
                start.wait()
                tallies.append(send_due(provider_from_config(app.config)))
        except BaseException as error:  # reported below, not lost in the thread
            errors.append(error)

    threads = [threading.Thread(target=sender) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    assert sum(t.sent for t in tallies) == count
    assert len(fake_notify.messages) == count
    assert fake_notify.duplicates() == {}
    assert {row.status for row in rows(db)} == {outbox.SENT}


def test_delivery_status_comes_back_from_notify(
    db: Any, queue: Any, send: Any, fake_notify: Any, runner: Any
) -> None:
    queue(2)
    send()
    fake_notify.delivery_status = "permanent-failure"
    result = runner.invoke(args=["outbox", "send"])
    assert "0 delivered, 2 not delivered" in result.output
    assert {row.status for row in rows(db)} == {outbox.FAILED}
    assert "does not exist" in rows(db)[0].error


def test_the_status_command_counts_by_state(db: Any, queue: Any, runner: Any) -> None:
    queue(2)
    result = runner.invoke(args=["outbox", "status"])
    assert "queued: 2" in result.output
    assert "sent: 0" in result.output


def test_no_address_or_link_reaches_a_log_line(
    db: Any, queue: Any, send: Any, fake_notify: Any, runner: Any, caplog: Any
) -> None:
    caplog.set_level(logging.DEBUG)
    queue(4)
    fake_notify.fail_next(500)
    fake_notify.fail_next(400)
    fake_notify.slow_next(1)
    runner.invoke(args=["outbox", "send"])
    send(later=timedelta(hours=1))
    text = "\n".join(record.getMessage() for record in caplog.records)
    assert text  # the run did log
    for n in range(4):
        assert address(n) not in text
    assert LINK not in text


def test_the_development_log_shows_the_message_but_production_never_does(
    app: Flask, db: Any, queue: Any, send: Any, caplog: Any
) -> None:
    """In production with no provider configured, nothing is lost: the run stops with what to
    set, the message stays queued with its address, and the log never shows it."""
    caplog.set_level(logging.INFO, logger="valuedcare.mail")
    queue(1)
    send()
    assert f"{LINK}-0" in caplog.text  # development: follow the link from the log
    caplog.clear()
    queue(1, start=1)
    app.config["ENV_NAME"] = "production"
    try:
        with pytest.raises(ProviderConfigurationError, match="No mail provider is configured"):
            send()
    finally:
        app.config["ENV_NAME"] = "test"
    waiting = [row for row in rows(db) if row.status == "queued"]
    assert [row.recipient for row in waiting] == [address(1)]
    assert waiting[0].attempts == 0 and waiting[0].claimed_by is None
    assert address(1) not in caplog.text and LINK not in caplog.text
