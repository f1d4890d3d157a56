"""Portable backups: every table as gzipped JSON lines, restored with the same ids.

The file is independent of the database engine (a PostgreSQL backup restores into SQLite and back).
Its lines are, in order:

1. a header: ``{"format": "valuedcare-backup", "format_version": 1, "revision": <alembic
   revision>, "created_at": ..., "tables": [...]}``;
2. for each table, parents before children: ``{"table": name, "columns": [...]}`` followed by one
   ``[value, ...]`` line per row, in primary key order;
3. a footer with the row count of every table, so that a truncated file is refused.

Dates and times are ISO 8601 (times with a time zone in UTC); JSON columns keep the difference
between SQL NULL (``null``) and a JSON ``null`` (the string ``"null"``) by holding the JSON text.

A restore goes into a migrated database at the same revision, in one transaction: it refuses a
database that already holds rows unless told to replace them, and refuses a backup from another
schema revision. On PostgreSQL the id sequences are moved past the restored ids afterwards.
"""

from __future__ import annotations

import gzip
import json
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import IO, Any

from sqlalchemy import (
    JSON,
    Column,
    Connection,
    Date,
    DateTime,
    Table,
    Text,
    cast,
    delete,
    func,
    inspect,
    null,
    select,
    text,
)

from valuedcare.data.generations import raise_all, restored
from valuedcare.data.records import BackupSummary
from valuedcare.extensions import db
from valuedcare.models import Base

FORMAT = "valuedcare-backup"
FORMAT_VERSION = 1
_BATCH = 1000


class BackupError(RuntimeError):
    """The backup cannot be written or restored; the message says why and what to do."""


def tables() -> list[Table]:
    """Every application table, parents before children (the Alembic version table is apart)."""
    return list(Base.metadata.sorted_tables)


def get_schema_revision(connection: Connection) -> str | None:
    """The Alembic revision of the database (heads joined by commas), or None if unmigrated."""
    if not inspect(connection).has_table("alembic_version"):
        return None
    found = sorted(connection.execute(text("SELECT version_num FROM alembic_version")).scalars())
    return ",".join(found) or None


# ---------------------------------------------------------------------------- writing


def create_backup(
    path: str | Path, *, progress: Callable[[int], None] = lambda _: None
) -> BackupSummary:
    """Write every row of every table to ``path`` (gzipped JSON lines) from one snapshot."""
    engine = db.engine
    options: dict[str, Any] = {}
    if engine.dialect.name == "postgresql":
        options = {"isolation_level": "REPEATABLE READ", "postgresql_readonly": True}
    with engine.connect().execution_options(**options) as connection, connection.begin():
        if engine.dialect.name == "sqlite":
            connection.exec_driver_sql("BEGIN")  # pysqlite would not start a read transaction
        revision = get_schema_revision(connection)
        if revision is None:
            raise BackupError("The database has no schema revision: run 'flask db upgrade' first.")
        summary = BackupSummary(revision=revision)
        with _private_file(Path(path)) as raw, gzip.open(raw, "wt", encoding="utf-8") as out:
            _write(out, _header(revision))
            for table in tables():
                summary.rows[table.name] = _write_table(connection, table, out, progress)
            _write(out, {"end": True, "rows": summary.rows})
    return summary


@contextmanager
def _private_file(path: Path) -> Iterator[IO[bytes]]:
    """A file readable by its owner only, appearing under ``path`` only once complete."""
    partial = path.with_name(path.name + ".partial")
    try:
        descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    except OSError as error:
        raise BackupError(f"Cannot write {path}: {error}.") from error
    try:
        with os.fdopen(descriptor, "wb") as raw:
            yield raw
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)


def _header(revision: str) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "revision": revision,
        "created_at": datetime.now(UTC).isoformat(),
        "tables": [table.name for table in tables()],
    }


def _write(out: IO[str], entry: Any) -> None:
    out.write(json.dumps(entry, ensure_ascii=False, separators=(",", ":")))
    out.write("\n")


def _selected(column: Column) -> Any:
    return cast(column, Text) if isinstance(column.type, JSON) else column


def _write_table(
    connection: Connection, table: Table, out: IO[str], progress: Callable[[int], None]
) -> int:
    columns = list(table.columns)
    _write(out, {"table": table.name, "columns": [column.name for column in columns]})
    statement = select(*[_selected(c) for c in columns]).order_by(*table.primary_key.columns)
    encoders = [_encoder(column) for column in columns]
    count = 0
    rows = connection.execute(statement.execution_options(yield_per=_BATCH))
    for partition in rows.partitions():
        for row in partition:
            _write(out, [encode(value) for encode, value in zip(encoders, row, strict=True)])
        count += len(partition)
        progress(len(partition))
    return count


def _encoder(column: Column) -> Callable[[Any], Any]:
    if isinstance(column.type, DateTime):
        return _encode_datetime if column.type.timezone else _encode_naive_datetime
    if isinstance(column.type, Date):
        return lambda value: None if value is None else value.isoformat()
    return lambda value: value


def _encode_datetime(value: datetime | None) -> str | None:
    """In UTC with its offset; a naive value (SQLite drops the zone) is already UTC."""
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).isoformat()


def _encode_naive_datetime(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


# ---------------------------------------------------------------------------- reading


def read_header(path: str | Path) -> dict[str, Any]:
    """The header of a backup file, checked to be one of ours."""
    with _open(path) as lines:
        return _check_header(next(lines, None), path)


def restore_backup(
    path: str | Path, *, replace: bool = False, progress: Callable[[int], None] = lambda _: None
) -> BackupSummary:
    """Restore ``path`` into this database in one transaction; nothing is written on any error."""
    engine = db.engine
    with engine.connect() as connection, connection.begin():
        revision = get_schema_revision(connection)
        with _open(path) as lines:
            header = _check_header(next(lines, None), path)
            _check_target(connection, header, revision, replace=replace)
            if replace:
                for table in reversed(tables()):
                    connection.execute(delete(table))
            summary = _restore_tables(connection, lines, header, progress)
            raise_all(connection, by=restored())  # no cached figure outlives a restore
        _reset_sequences(connection)
    return summary


@contextmanager
def _open(path: str | Path) -> Iterator[Iterator[Any]]:
    """The parsed JSON lines of a backup file, with clear errors for missing or damaged files."""
    try:
        handle = gzip.open(path, "rt", encoding="utf-8")  # noqa: SIM115 (closed below)
    except OSError as error:
        raise BackupError(f"Cannot read {path}: {error}.") from error
    with handle:
        yield _parsed_lines(handle, path)


def _parsed_lines(handle: IO[str], path: str | Path) -> Iterator[Any]:
    number = 0
    try:
        for line in handle:
            number += 1
            yield json.loads(line)
    except (OSError, EOFError, ValueError) as error:
        raise BackupError(
            f"{path} is damaged at line {number + 1} ({error}): it cannot be restored."
        ) from error


def _check_header(header: Any, path: str | Path) -> dict[str, Any]:
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise BackupError(f"{path} is not a valuedcare backup.")
    if header.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            f"{path} is in backup format {header.get('format_version')}; this version of the "
            f"application reads format {FORMAT_VERSION}."
        )
    return header


def _check_target(
    connection: Connection, header: dict[str, Any], revision: str | None, *, replace: bool
) -> None:
    if revision is None:
        raise BackupError(
            "The database has no schema: run 'flask db upgrade "
            f"{header['revision']}' before restoring."
        )
    if revision != header["revision"]:
        raise BackupError(
            f"The backup was made at schema revision {header['revision']}, but this database is "
            f"at revision {revision}. Restore it into a new database migrated to the backup's "
            f"revision ('flask db upgrade {header['revision']}'), then run 'flask db upgrade'."
        )
    unknown = set(header["tables"]) - {table.name for table in tables()}
    if unknown:
        raise BackupError(
            f"The backup holds tables this application does not know: {sorted(unknown)}."
        )
    if not replace:
        filled = [
            t.name
            for t in tables()
            if connection.execute(select(func.count()).select_from(t)).scalar()
        ]
        if filled:
            raise BackupError(
                "The database is not empty (rows in "
                + ", ".join(filled)
                + "). Restore into a new, "
                "migrated database without loading questionnaires or demo data, or pass --force to "
                "delete every row first."
            )


def _restore_tables(
    connection: Connection,
    lines: Iterator[Any],
    header: dict[str, Any],
    progress: Callable[[int], None],
) -> BackupSummary:
    by_name = {table.name: table for table in tables()}
    summary = BackupSummary(revision=header["revision"])
    writer: _TableWriter | None = None
    for entry in lines:
        if isinstance(entry, list):
            if writer is None:
                raise BackupError("The backup has a row before any table: it is damaged.")
            writer.add(entry)
            continue
        if writer is not None:
            summary.rows[writer.table.name] = writer.finish()
            progress(summary.rows[writer.table.name])
        if entry.get("end"):
            _check_counts(entry.get("rows", {}), summary.rows)
            return summary
        writer = _TableWriter(connection, by_name[entry["table"]], entry["columns"])
    raise BackupError(
        "The backup ends early (no closing line): it is incomplete and was not restored."
    )


def _check_counts(expected: dict[str, int], restored: dict[str, int]) -> None:
    for name, count in expected.items():
        if restored.get(name, 0) != count:
            raise BackupError(
                f"The backup lists {count} rows in {name} but holds {restored.get(name, 0)}: it is "
                "damaged and was not restored."
            )


class _TableWriter:
    """Inserts one table's rows in batches, decoding each column back to its type."""

    def __init__(self, connection: Connection, table: Table, names: list[str]) -> None:
        missing = [name for name in names if name not in table.columns]
        if missing:
            raise BackupError(f"The backup's {table.name} has unknown columns: {missing}.")
        self.connection = connection
        self.table = table
        self.names = names
        self.decoders = [_decoder(table.columns[name]) for name in names]
        self.batch: list[dict[str, Any]] = []
        self.count = 0

    def add(self, values: list[Any]) -> None:
        if len(values) != len(self.names):
            raise BackupError(f"A row of {self.table.name} has the wrong number of values.")
        self.batch.append(
            {
                name: decode(value)
                for name, decode, value in zip(self.names, self.decoders, values, strict=True)
            }
        )
        if len(self.batch) >= _BATCH:
            self._flush()

    def _flush(self) -> None:
        if self.batch:
            self.connection.execute(self.table.insert(), self.batch)
            self.count += len(self.batch)
            self.batch = []

    def finish(self) -> int:
        self._flush()
        return self.count


def _decoder(column: Column) -> Callable[[Any], Any]:
    if isinstance(column.type, JSON):
        return _decode_json
    if isinstance(column.type, DateTime):
        return lambda value: None if value is None else datetime.fromisoformat(value)
    if isinstance(column.type, Date):
        return lambda value: None if value is None else date.fromisoformat(value)
    return lambda value: value


def _decode_json(raw: str | None) -> Any:
    if raw is None:
        return null()
    value = json.loads(raw)
    return JSON.NULL if value is None else value


def _reset_sequences(connection: Connection) -> None:
    """PostgreSQL: each id sequence continues after the largest restored id."""
    if connection.dialect.name != "postgresql":
        return
    for table in tables():
        if "id" not in table.columns or not table.columns["id"].primary_key:
            continue
        sequence = connection.execute(
            text("SELECT pg_get_serial_sequence(:table, 'id')"), {"table": table.name}
        ).scalar()
        if sequence:
            connection.execute(
                text(
                    f"SELECT setval(:sequence, COALESCE(MAX(id), 1), MAX(id) IS NOT NULL) "  # noqa: S608
                    f'FROM "{table.name}"'
                ),
                {"sequence": sequence},
            )
