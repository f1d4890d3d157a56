"""``flask invitations remind``: queue reminders to people who have not answered.

Run it once a day (cron: ``15 8 * * * cd /srv/valuedcare && .venv/bin/flask --app wsgi
invitations remind``), and ``flask outbox send`` delivers what it queues. The schedule is
``REMINDER_DAYS`` (days before the cycle closes, default 7 and 2; for an address list, before
its link's closing date when it has one); each reminder is queued once, however often the command
runs. Board members who have not sent their answers are reminded, and people on address lists
whose single-use link is unused. It also deletes the address lists of links that have closed.
It needs ``SERVICE_URL`` for the links. Counts only: no address or link is printed.
"""

from __future__ import annotations

import sys
from datetime import date

import click
from flask import current_app

from valuedcare.data import address_lists, audit, invitations, transaction
from valuedcare.formatting import counted
from valuedcare.links import ServiceUrlMissing, respondent_link, service_context

group = click.Group("invitations", help="Invitations and reminders.")


@group.command("remind")
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Act as if today were this date (YYYY-MM-DD).",
)
def remind(today: object) -> None:
    """Queue the reminders due today, to those who have not sent their answers, and delete the
    address lists of links that have closed."""
    day = today.date() if today is not None else date.today()  # type: ignore[attr-defined]
    schedule = tuple(current_app.config["REMINDER_DAYS"])
    try:
        with service_context(), transaction.committed():
            lists, addresses = address_lists.delete_expired(day)
            if addresses:
                audit.record(
                    "address_lists_deleted",
                    detail={"lists": lists, "addresses": addresses, "why": "link closed"},
                )
            board = invitations.enqueue_board_reminders(day, schedule, respondent_link)
            listed = address_lists.enqueue_reminders(day, schedule, respondent_link)
    except ServiceUrlMissing as error:
        click.echo(f"No reminders were queued: {error}", err=True)
        sys.exit(1)
    if addresses:
        click.echo(
            f"Deleted {counted(addresses, 'address', 'addresses')} on the lists of closed links."
        )
    click.echo(
        f"Queued {counted(board, 'reminder')} to board members and "
        f"{counted(listed, 'reminder')} to people on address lists whose links are unused. "
        "Run `flask outbox send` to send them."
    )
