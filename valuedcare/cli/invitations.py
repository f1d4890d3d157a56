"""``flask invitations remind``: queue reminders to people who have not answered.

Run it once a day (cron: ``15 8 * * * cd /srv/valuedcare && .venv/bin/flask --app wsgi
invitations remind``), and ``flask outbox send`` delivers what it queues. The schedule is
``REMINDER_DAYS`` (days before the cycle closes, default 7 and 2); each reminder is queued once,
however often the command runs. It needs ``SERVICE_URL`` for the links. Counts only: no address
or link is printed.
"""

from __future__ import annotations

import sys
from datetime import date

import click
from flask import current_app

from valuedcare.data import invitations, transaction
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
    """Queue the reminders due today, to those who have not sent their answers."""
    day = today.date() if today is not None else date.today()  # type: ignore[attr-defined]
    schedule = tuple(current_app.config["REMINDER_DAYS"])
    try:
        with service_context(), transaction.committed():
            board = invitations.enqueue_board_reminders(day, schedule, respondent_link)
    except ServiceUrlMissing as error:
        click.echo(f"No reminders were queued: {error}", err=True)
        sys.exit(1)
    click.echo(
        f"Queued {board:,} reminders to board members. Run `flask outbox send` to send them."
    )
