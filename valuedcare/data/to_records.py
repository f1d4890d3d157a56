"""Rows to records: how each ORM row becomes the frozen record that leaves the data layer."""

from __future__ import annotations

from valuedcare.data.records import (
    ActionNoteRecord,
    AssessmentRecord,
    CycleRecord,
    OrganisationRecord,
)
from valuedcare.models import ActionNote, Assessment, Cycle, Organisation


def organisation_record(row: Organisation) -> OrganisationRecord:
    return OrganisationRecord(
        id=row.id,
        code=row.code,
        name=row.name,
        region=row.region,
        peer_group=row.peer_group,
        is_demo=bool(row.is_demo),
        benchmark_opt_in=bool(row.benchmark_opt_in),
        named_in_benchmarks=bool(row.named_in_benchmarks),
        crisis_line=row.crisis_line,
        advice_service=row.advice_service,
    )


def cycle_record(row: Cycle) -> CycleRecord:
    return CycleRecord(
        id=row.id,
        label=row.label,
        opens_on=row.opens_on,
        closes_on=row.closes_on,
        status=row.status,
        status_reason=row.status_reason,
    )


def assessment_record(row: Assessment) -> AssessmentRecord:
    return AssessmentRecord(
        id=row.id,
        organisation_id=row.organisation_id,
        cycle_id=row.cycle_id,
        organisation=organisation_record(row.organisation),
        cycle=cycle_record(row.cycle),
    )


def note_record(row: ActionNote) -> ActionNoteRecord:
    return ActionNoteRecord(
        id=row.id,
        assessment_id=row.assessment_id,
        ingredient=row.ingredient,
        text=row.text,
        owner=row.owner,
        due_on=row.due_on,
        created_by_id=row.created_by_id,
        created_at=row.created_at,
    )


__all__ = ["assessment_record", "cycle_record", "note_record", "organisation_record"]
