"""``flask demo seed``: fictional demonstration data."""

from __future__ import annotations

import sys
import time
from datetime import date

import click
from flask import current_app

from valuedcare.data import demo, transaction
from valuedcare.demo import DemoParameters

group = click.Group("demo", help="Fictional demonstration data.")


@group.command("seed")
@click.option("--trusts", default=8, show_default=True, type=click.IntRange(1, 500))
@click.option("--cycles", default=3, show_default=True, type=click.IntRange(1, 20))
@click.option(
    "--respondents",
    default=30,
    show_default=True,
    type=click.IntRange(1, 2000),
    help="Respondents per trust and cycle, across all lenses.",
)
@click.option("--seed", default=2026, show_default=True, help="Random seed (same seed, same data).")
@click.option("--if-empty", is_flag=True, help="Do nothing when organisations already exist.")
def seed(trusts: int, cycles: int, respondents: int, seed: int, if_empty: bool) -> None:
    """Create fictional trusts with plausible, varied responses across cycles."""
    if current_app.config["ENV_NAME"] == "production":
        click.echo("Demo data is never written to a production database.", err=True)
        sys.exit(1)
    if if_empty and demo.has_organisations():
        click.echo("Organisations already exist: demo data not added.")
        return
    parameters = DemoParameters(trusts=trusts, cycles=cycles, respondents=respondents, seed=seed)
    started = time.perf_counter()
    with transaction.committed():
        try:
            with click.progressbar(
                length=demo.units_of_work(parameters),
                label="Seeding",
                show_eta=True,
                file=sys.stderr,
            ) as bar:
                summary = demo.seed_demo(parameters, as_of=date.today(), progress=bar.update)
        except demo.DemoError as error:
            click.echo(str(error), err=True)
            sys.exit(1)
        access = demo.seed_demo_access()
    click.echo(
        f"Seeded {summary.organisations} fictional trusts, {summary.cycles} cycles, "
        f"{summary.responses:,} responses and {summary.answers:,} answers "
        f"in {time.perf_counter() - started:.1f} s."
    )
    _show_access(access)


def _show_access(access: demo.DemoAccess) -> None:
    if access.accounts:
        click.echo(f"Demonstration accounts (password: {demo.DEMO_PASSWORD!r}):")
        for email, role in access.accounts:
            click.echo(f"  {email:32} {role}")
    if access.links:
        click.echo("Respondent links (shown only now; improvement leads can make more):")
        for label, path in access.links:
            click.echo(f"  {label}: {path}")
