"""``flask users create``: accounts from the command line (the first platform administrator).

    flask --app wsgi users create --email admin@example.org --role platform_admin
    flask --app wsgi users create --email lead@example.org --role organisation_admin \\
        --organisation RX4 --name "Sam Lead"
    printf '%s\\n' "$PASSWORD" | flask --app wsgi users create ... --password-stdin

The password is asked for twice without echo, or read from the first line of standard input with
``--password-stdin`` (for scripts). It never appears in the command line or the shell history.
"""

from __future__ import annotations

import sys

import click

from valuedcare.data import audit, organisations, transaction, users

group = click.Group("users", help="Manage accounts.")

ROLE_CHOICE = click.Choice(["platform_admin", "organisation_admin", "board_member", "viewer"])


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


def _organisation_id(code: str | None) -> int | None:
    if not code:
        return None
    found = organisations.get_id_by_code(code)
    if found is None:
        click.echo(f"There is no organisation with the code {code!r}.", err=True)
        sys.exit(1)
    return found


@group.command("create")
@click.option("--email", required=True, help="The address the person signs in with.")
@click.option("--role", required=True, type=ROLE_CHOICE)
@click.option("--organisation", "code", default=None, help="Organisation code (not for admins).")
@click.option("--name", default="", help="The person's name.")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def create(email: str, role: str, code: str | None, name: str, password_stdin: bool) -> None:
    """Create an account that can sign in straight away."""
    organisation_id = _organisation_id(code)
    password = _read_password(password_stdin)
    with transaction.committed():
        try:
            user = users.create_user(email, role, organisation_id, password, name=name)
        except users.AccountError as error:
            click.echo(f"{error}.", err=True)
            sys.exit(1)
        audit.record(
            "user_created",
            actor_id=None,
            organisation_id=organisation_id,
            target_type="user",
            target_id=user.id,
            role=role,
            via="command line",
        )
    click.echo(f"Created {user.email} ({role}).")
