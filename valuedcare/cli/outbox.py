"""``flask outbox send`` and ``flask outbox status``: deliver the outbox, and count it.

Run ``flask outbox send`` every minute or so (cron, a systemd timer, or ``--every 60`` as a
long-running worker). Two at once are safe: each message is claimed by one of them only.
Figures only: no address or link is ever printed.
"""

from __future__ import annotations

import sys
import time

import click
from flask import current_app

from valuedcare.data import outbox, transaction
from valuedcare.mail.outbox import refresh_delivery, send_due
from valuedcare.mail.providers import Provider, ProviderConfigurationError, provider_from_config

group = click.Group("outbox", help="Emails and text messages waiting to be sent.")


@group.command("send")
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Send at most this many.")
@click.option(
    "--every",
    type=click.IntRange(min=1),
    default=None,
    help="Keep running, sending every this many seconds.",
)
def send(limit: int | None, every: int | None) -> None:
    """Send every due message, with retries and backoff; then ask for delivery status."""
    try:
        provider = provider_from_config(current_app.config)
    except ProviderConfigurationError as error:
        click.echo(f"Nothing was sent: {error}", err=True)
        sys.exit(1)
    while True:
        _send_once(provider, limit)
        if every is None:
            return
        time.sleep(every)


def _send_once(provider: Provider, limit: int | None) -> None:
    with transaction.committed():
        due = sum(outbox.counts_by_status().get(status, 0) for status in (outbox.QUEUED,))
    started = time.perf_counter()
    with click.progressbar(length=due, label="Sending", file=sys.stderr, show_pos=True) as bar:
        try:
            tally = send_due(provider, limit=limit, progress=bar.update)
        except ProviderConfigurationError as error:
            click.echo(
                f"\nSending stopped, and what was not sent is still queued: {error}", err=True
            )
            sys.exit(1)
    delivered = refresh_delivery(provider)
    click.echo(
        f"Sent {tally.sent:,} through {provider.name} in {time.perf_counter() - started:.1f} s; "
        f"{tally.already_sent:,} found already sent, {tally.retrying:,} to retry, "
        f"{tally.uncertain:,} to look up, {tally.failed:,} failed. "
        f"Delivery: {delivered.delivered:,} delivered, {delivered.undeliverable:,} not delivered."
    )


@group.command("status")
def status() -> None:
    """How many messages are in each state."""
    with transaction.committed():
        counts = outbox.counts_by_status()
    for name in (
        outbox.QUEUED,
        outbox.SENDING,
        outbox.UNCERTAIN,
        outbox.SENT,
        outbox.DELIVERED,
        outbox.FAILED,
    ):
        click.echo(f"{name}: {counts.get(name, 0):,}")
