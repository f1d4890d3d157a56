"""Rows to records: how each ORM row becomes the frozen record that leaves the data layer."""

from __future__ import annotations

from valuedcare.data.records import (
    AssessmentRecord,
    CycleRecord,
    OrganisationRecord,
)
from valuedcare.models import Assessment, Cycle, Organisation


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


__all__ = ["assessment_record", "cycle_record", "organisation_record"]
