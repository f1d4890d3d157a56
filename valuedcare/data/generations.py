"""The stored generation of each cycle's scores: the invalidation rule of cached benchmark figures.

Every write that changes what a cycle's benchmark frames are built from calls
:func:`scores_changed` in the same transaction, as its last write: storing a response's scores
(a submission, an agreed board position), releasing responses at close, rebuilding every score,
changing an organisation's benchmark settings, restoring a backup. A reader takes
:func:`scores_generation` (one primary-key lookup) and makes it part of its cache key
(``valuedcare.caching``, rule ``GENERATION``), so the first read after such a transaction
commits, in any process, builds the figures again. A transaction that rolls back leaves the
counter as it was.

The counters live in their own table, locked last by every writer, so raising one never waits
on (or deadlocks with) a transaction that holds a cycle or a response.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable

from sqlalchemy import Connection, Executable, insert, literal, select, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from valuedcare.extensions import db
from valuedcare.models import Cycle, ScoreGeneration
from valuedcare.models.base import table_of


def scores_changed(cycle_ids: Iterable[int] | None = None) -> None:
    """Raise the generation of ``cycle_ids`` (every cycle when None) in this transaction."""
    for statement in _raise_statements(cycle_ids, db.session.get_bind().dialect.name):
        db.session.execute(statement)


def raise_all(connection: Connection, *, by: int = 1) -> None:
    """Raise every cycle's generation by ``by`` through ``connection`` (another transaction's,
    such as a backup restore's)."""
    for statement in _raise_statements(None, connection.dialect.name, by):
        connection.execute(statement)


def restored() -> int:
    """How far a restore raises every generation: a random step, because the restored counters
    are old values that a running process may have cached with other figures."""
    return secrets.randbelow(2**20) + 1


def _raise_statements(
    cycle_ids: Iterable[int] | None, dialect: str, by: int = 1
) -> list[Executable]:
    if cycle_ids is None:
        # Every cycle: one row each (cycles without a row yet get one at ``by``).
        without_row = Cycle.id.not_in(select(ScoreGeneration.cycle_id))
        missing = select(Cycle.id, literal(by)).where(without_row)
        return [
            update(ScoreGeneration).values(generation=ScoreGeneration.generation + by),
            insert(table_of(ScoreGeneration)).from_select(["cycle_id", "generation"], missing),
        ]
    ids = sorted(set(cycle_ids))
    if not ids:
        return []
    upsert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    rows = [{"cycle_id": cycle_id, "generation": by} for cycle_id in ids]
    return [
        upsert(ScoreGeneration)
        .values(rows)
        .on_conflict_do_update(
            index_elements=[ScoreGeneration.cycle_id],
            set_={"generation": ScoreGeneration.generation + by},
        )
    ]


def scores_generation(cycle_id: int) -> int:
    """The cycle's generation (0 before its first change)."""
    value = db.session.scalar(
        select(ScoreGeneration.generation).where(ScoreGeneration.cycle_id == cycle_id)
    )
    return value or 0


def all_generations() -> tuple[tuple[int, int], ...]:
    """(cycle id, generation) of every cycle with one: the key of a figure built from several
    cycles (one small read)."""
    rows = db.session.execute(
        select(ScoreGeneration.cycle_id, ScoreGeneration.generation).order_by(
            ScoreGeneration.cycle_id
        )
    )
    return tuple((row.cycle_id, row.generation) for row in rows)


__all__ = ["all_generations", "raise_all", "restored", "scores_changed", "scores_generation"]
