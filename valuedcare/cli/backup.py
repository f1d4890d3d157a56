"""``flask backup create FILE`` and ``flask backup restore FILE``: every record, portably.

    flask --app wsgi backup create valuedcare-2026-12-01.jsonl.gz
    flask --app wsgi db upgrade            # on a new, empty database
    flask --app wsgi backup restore valuedcare-2026-12-01.jsonl.gz

The file is gzipped JSON lines with the schema revision, readable by owner only: it holds every
answer, account and audit event, so keep it as carefully as the database. A restore refuses a
database that already has rows (``--force`` deletes them first) and a backup made at another schema
revision. See ``valuedcare.data.backup`` for the format.
"""

from __future__ import annotations

import sys
import time

import click

from valuedcare.data import backup

group = click.Group("backup", help="Back up and restore every record.")


@group.command("create")
@click.argument("file", type=click.Path(dir_okay=False, writable=True))
def create(file: str) -> None:
    """Write every table to FILE (gzipped JSON lines) from one consistent snapshot."""
    started = time.perf_counter()
    try:
        summary = backup.create_backup(file)
    except backup.BackupError as error:
        click.echo(str(error), err=True)
        sys.exit(1)
    click.echo(
        f"Backed up {summary.total:,} rows from {len(summary.rows)} tables at schema revision "
        f"{summary.revision} to {file} in {time.perf_counter() - started:.1f} s."
    )


@group.command("restore")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--force",
    is_flag=True,
    help="Delete every row already in the database first (it is replaced by the backup).",
)
def restore(file: str, force: bool) -> None:
    """Restore FILE into this database (migrated to the backup's revision), keeping every id."""
    started = time.perf_counter()
    try:
        summary = backup.restore_backup(file, replace=force)
    except backup.BackupError as error:
        click.echo(f"Nothing was restored. {error}", err=True)
        sys.exit(1)
    click.echo(
        f"Restored {summary.total:,} rows into {len(summary.rows)} tables at schema revision "
        f"{summary.revision} in {time.perf_counter() - started:.1f} s."
    )
