"""Delivering the outbox: ``flask outbox send`` (and, in development, straight after a request).

Each round:

1. claims left by a sender that stopped become uncertain;
2. up to a batch of due messages is claimed and the claim committed (``data.outbox.claim_due``);
3. each message goes to the provider. An uncertain one is first looked up by its reference where
   the provider can be asked (GOV.UK Notify): found means sent, and it is not sent again; where it
   cannot be asked (SMTP), it is marked failed and never sent twice;
4. the outcomes are committed: sent (the address and link are forgotten), retried later with
   exponential backoff, failed, or uncertain (looked up after ``LOOK_UP_AFTER``).

A provider that refuses the service's own configuration (a wrong or revoked Notify key) stops the
run: the message it was sending is given back untouched and the error says what to fix.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from valuedcare.data import outbox, transaction
from valuedcare.mail.providers import (
    FAILED,
    RETRY,
    SENT,
    UNCERTAIN,
    Delivery,
    Outgoing,
    Provider,
    ProviderConfigurationError,
)

log = logging.getLogger("valuedcare.mail")

#: Messages claimed at once; their outcomes are committed together. A sender that stops mid-batch
#: leaves its claims to become uncertain (``STALE_CLAIM``), so nothing is sent twice.
BATCH = 50
#: Messages handed to the provider at the same time (its calls mostly wait on the network).
SEND_AT_ONCE = 8
#: After this many attempts a message that keeps failing is marked failed.
MAX_ATTEMPTS = 8
#: The first retry waits this long; each later one twice as long as the one before.
FIRST_BACKOFF = timedelta(seconds=30)
LONGEST_BACKOFF = timedelta(hours=6)
#: An uncertain message is looked up this long after its attempt (Notify may still be taking it).
LOOK_UP_AFTER = timedelta(minutes=1)
#: A claim older than this belongs to a sender that stopped.
STALE_CLAIM = timedelta(minutes=15)
#: Delivery status is asked for messages sent within this time, this many per run.
DELIVERY_WINDOW = timedelta(days=7)
DELIVERY_CHECKS = 500


def utcnow() -> datetime:
    return datetime.now(UTC)


def backoff(attempts: int) -> timedelta:
    """How long to wait after the ``attempts``-th failed attempt (30 s, 1 min, 2 min, ...)."""
    return min(FIRST_BACKOFF * (2 ** max(attempts - 1, 0)), LONGEST_BACKOFF)


@dataclass
class Tally:
    sent: int = 0
    retrying: int = 0
    failed: int = 0
    uncertain: int = 0
    already_sent: int = 0
    delivered: int = 0
    undeliverable: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def handled(self) -> int:
        return self.sent + self.retrying + self.failed + self.uncertain + self.already_sent


def send_due(
    provider: Provider,
    *,
    limit: int | None = None,
    now: Callable[[], datetime] = utcnow,
    progress: Callable[[int], None] | None = None,
) -> Tally:
    """Deliver every due message (at most ``limit``); commits as it goes. Raises
    ``ProviderConfigurationError`` (after committing what was done) when the provider refuses
    the configuration."""
    sender = outbox.new_sender_id()
    tally = Tally()
    with transaction.committed():
        outbox.release_stale_claims(now(), STALE_CLAIM)
    while limit is None or tally.handled < limit:
        size = BATCH if limit is None else min(BATCH, limit - tally.handled)
        with transaction.committed():
            claimed = outbox.claim_due(sender, now(), size)
        if not claimed:
            break
        with transaction.committed():
            stopped = _deliver_batch(provider, sender, claimed, now, tally)
        if progress:
            progress(len(claimed))
        if stopped is not None:
            raise stopped
    return tally


def _deliver_batch(
    provider: Provider,
    sender: str,
    claimed: list[outbox.Claimed],
    now: Callable[[], datetime],
    tally: Tally,
) -> ProviderConfigurationError | None:
    """Deliver one claimed batch: uncertain messages are looked up first (here, one by one),
    then the provider is called for the rest ``SEND_AT_ONCE`` at a time (its calls wait on the
    network; the database is written only here, in this thread). Returns the configuration
    error that stopped it, after giving back the messages it stopped."""
    to_send = [
        m for m in claimed if not m.was_uncertain or _still_to_send(provider, sender, m, now, tally)
    ]
    if not to_send:
        return None
    with ThreadPoolExecutor(max_workers=SEND_AT_ONCE) as pool:
        results = list(pool.map(lambda message: _call(provider, message), to_send))
    stopped = None
    sent: list[tuple[int, str | None]] = []
    for message, result in zip(to_send, results, strict=True):
        if isinstance(result, ProviderConfigurationError):
            outbox.unclaim(message.id, sender, now())  # given back untouched
            stopped = result
        elif result.outcome == SENT:
            sent.append((message.id, result.provider_id))
        else:
            _record(provider, sender, message, result, now(), tally)
    outbox.mark_all_sent(sent, sender, provider.name, now())
    tally.sent += len(sent)
    return stopped


def _call(provider: Provider, message: outbox.Claimed) -> Delivery | ProviderConfigurationError:
    try:
        return provider.send(
            Outgoing(
                message.reference,
                message.channel,
                message.template,
                message.recipient,
                message.personalisation,
            )
        )
    except ProviderConfigurationError as error:
        return error
    except Exception as error:  # an unexpected failure: the provider may have it
        log.warning("Sending outbox message %s failed: %s", message.id, type(error).__name__)
        return Delivery(UNCERTAIN, error=f"Sending failed unexpectedly: {type(error).__name__}")


def _still_to_send(
    provider: Provider,
    sender: str,
    message: outbox.Claimed,
    now: Callable[[], datetime],
    tally: Tally,
) -> bool:
    """For a message whose last attempt's outcome is unknown: whether to send it again. Only
    when the provider can be asked and says it does not have it."""
    if not provider.can_look_up:
        outbox.mark_failed(
            message.id,
            sender,
            provider.name,
            "The provider did not confirm this message and cannot be asked, so it was "
            "not sent again in case it had arrived",
        )
        tally.failed += 1
        return False
    try:
        found = provider.find(message.reference)
    except Exception:  # the provider cannot answer now: ask again later, never resend blind
        log.warning("Could not look up outbox message %s", message.id)
        outbox.mark_uncertain(
            message.id, sender, "Could not ask the provider yet", now() + LOOK_UP_AFTER
        )
        tally.uncertain += 1
        return False
    if found is not None:
        outbox.mark_sent(message.id, sender, provider.name, found, now())
        tally.already_sent += 1
        return False
    return True


def _record(
    provider: Provider,
    sender: str,
    message: outbox.Claimed,
    delivery: Delivery,
    at: datetime,
    tally: Tally,
) -> None:
    """A message's outcome other than sent (sent ones are written together, ``mark_all_sent``)."""
    error = delivery.error or ""
    if delivery.outcome == UNCERTAIN:
        outbox.mark_uncertain(message.id, sender, error, at + LOOK_UP_AFTER)
        tally.uncertain += 1
    elif delivery.outcome == RETRY and message.attempts < MAX_ATTEMPTS:
        outbox.mark_retry(message.id, sender, error, at + backoff(message.attempts))
        tally.retrying += 1
    else:
        if delivery.outcome == RETRY:
            error = f"Gave up after {message.attempts} attempts. {error}"
        outbox.mark_failed(message.id, sender, provider.name, error)
        tally.failed += 1
        if delivery.outcome == FAILED:
            tally.errors.append(error)


def refresh_delivery(
    provider: Provider, now: Callable[[], datetime] = utcnow, limit: int = DELIVERY_CHECKS
) -> Tally:
    """Ask the provider whether recent messages were delivered (Notify only)."""
    tally = Tally()
    if not provider.can_look_up:
        return tally
    with transaction.committed():
        waiting = outbox.sent_awaiting_delivery(provider.name, now() - DELIVERY_WINDOW, limit)
        for message_id, provider_id in waiting:
            try:
                found = provider.delivery_status(provider_id)
            except Exception:
                log.warning("Could not ask for the delivery of outbox message %s", message_id)
                break
            if found is None:
                continue
            status, error = found
            if status == FAILED:
                outbox.mark_delivery(message_id, outbox.FAILED, error)
                tally.undeliverable += 1
            else:
                outbox.mark_delivery(message_id, outbox.DELIVERED, None)
                tally.delivered += 1
    return tally
