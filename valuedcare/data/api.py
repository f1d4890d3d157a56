"""Reads the JSON API needs that no page already has: cycles with their dates, and finding an
organisation's assessment in a cycle. Everything else the API serves comes from the same data
functions as the pages (``data.benchmarks``, ``data.reports``).
"""

from __future__ import annotations

from sqlalchemy import select

from valuedcare.data.records import CycleRow
from valuedcare.data.scope import Scope
from valuedcare.extensions import db
from valuedcare.models import Assessment, Cycle


def _row(cycle: Cycle) -> CycleRow:
    return CycleRow(cycle.id, cycle.label, cycle.opens_on, cycle.closes_on, cycle.status)


def list_cycles() -> list[CycleRow]:
    """Every cycle, newest first (cycles are the same for every organisation)."""
    statement = select(Cycle).order_by(Cycle.opens_on.desc(), Cycle.id.desc())
    return [_row(cycle) for cycle in db.session.scalars(statement)]


def get_cycle(cycle_id: int) -> CycleRow | None:
    cycle = db.session.get(Cycle, cycle_id)
    return None if cycle is None else _row(cycle)


def find_assessment_id(scope: Scope, organisation_id: int, cycle_id: int) -> int | None:
    """The id of the organisation's assessment in the cycle, if ``scope`` covers it."""
    statement = scope.apply(
        select(Assessment.id).where(
            Assessment.organisation_id == organisation_id, Assessment.cycle_id == cycle_id
        ),
        Assessment.organisation_id,
    )
    return db.session.scalar(statement)


__all__ = ["CycleRow", "find_assessment_id", "get_cycle", "list_cycles"]
