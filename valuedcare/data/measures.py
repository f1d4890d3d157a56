"""Outcome measures' monthly values: uploads held for a preview, confirmed once, and the history
of every value an upload replaced.

An upload is checked in full before it reaches this module (``valuedcare.measures.upload``). Its
rows wait in a pending ``MeasureUpload`` while the preview is shown; confirming marks the upload
confirmed in the same UPDATE that checks it is still pending (so a second click, a replayed form
or a second tab stores nothing more), then adds new values and replaces earlier ones, copying each
replaced value to ``measure_value_history`` first. All of it is one transaction: a failure halfway
leaves the values as they were.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Protocol

import pandas as pd
from sqlalchemy import delete, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from valuedcare.caching import Rule, cache
from valuedcare.data.questionnaires import get_measures
from valuedcare.data.records import StoredRow, UploadRecord
from valuedcare.data.scope import Scope
from valuedcare.data.transaction import rollback
from valuedcare.extensions import db
from valuedcare.models import (
    Assessment,
    Invitation,
    MeasureUpload,
    MeasureValue,
    MeasureValueHistory,
    Response,
    User,
)
from valuedcare.models.base import utcnow
from valuedcare.scoring.outcomes import MeasureSummary, summarise

VALUE_COLUMNS = ["measure", "team", "month", "value", "numerator", "denominator"]


class ValueRow(Protocol):
    """One checked row of values (``valuedcare.measures.upload.UploadRow`` is one)."""

    @property
    def month(self) -> date: ...
    @property
    def team(self) -> str: ...
    @property
    def measure(self) -> str: ...
    @property
    def value(self) -> float: ...
    @property
    def numerator(self) -> float | None: ...
    @property
    def denominator(self) -> float | None: ...


class AlreadyDone(Exception):
    """The upload is no longer pending: it was confirmed or cancelled already."""


class Clash(Exception):
    """Values for the same months were stored by someone else at the same moment."""


def organisation_teams(scope: Scope, organisation_id: int) -> list[str]:
    """The teams and localities of a visible organisation, by name: those its invitations and
    responses name (the team comparison's teams), and those it already has values for."""
    if not scope.covers(organisation_id):
        return []
    invited = (
        select(Invitation.team)
        .join(Assessment, Assessment.id == Invitation.assessment_id)
        .where(Assessment.organisation_id == organisation_id, Invitation.team.is_not(None))
    )
    answered = (
        select(Response.team)
        .join(Assessment, Assessment.id == Response.assessment_id)
        .where(Assessment.organisation_id == organisation_id, Response.team.is_not(None))
    )
    measured = select(MeasureValue.team).where(MeasureValue.organisation_id == organisation_id)
    names = db.session.scalars(invited.union(answered, measured))
    return sorted({name for name in names if name and name.strip()}, key=str.casefold)


def _json_row(index: int, row: ValueRow) -> dict:
    return {
        "row": getattr(row, "row", index),
        "month": row.month.isoformat(),
        "team": row.team,
        "measure": row.measure,
        "value": row.value,
        "numerator": row.numerator,
        "denominator": row.denominator,
    }


def start_upload(
    scope: Scope,
    organisation_id: int,
    *,
    filename: str,
    measure_set_version: int,
    rows: Sequence[ValueRow],
) -> int | None:
    """Hold checked rows as a pending upload of a visible organisation; its id, or None."""
    if not scope.covers(organisation_id):
        return None
    upload = MeasureUpload(
        organisation_id=organisation_id,
        user_id=scope.user_id,
        filename=filename[:200],
        status="pending",
        measure_set_version=measure_set_version,
        rows=[_json_row(index, row) for index, row in enumerate(rows, start=2)],
        added=0,
        replaced=0,
    )
    db.session.add(upload)
    db.session.flush()
    return upload.id


def _existing(organisation_id: int, keys: set[tuple[str, str, date]]) -> dict:
    """Stored values of the organisation for these (measure, team, month) keys."""
    if not keys:
        return {}
    months = sorted({key[2] for key in keys})
    measures = sorted({key[0] for key in keys})
    statement = select(MeasureValue).where(
        MeasureValue.organisation_id == organisation_id,
        MeasureValue.month.between(months[0], months[-1]),
        MeasureValue.measure.in_(measures),
    )
    found = {}
    for value in db.session.scalars(statement):
        key = (value.measure, value.team, value.month)
        if key in keys:
            found[key] = value
    return found


def _keyed(upload: MeasureUpload) -> list[tuple[dict, tuple[str, str, date]]]:
    """The upload's rows, each with its (measure, team, month) key."""
    return [
        (raw, (raw["measure"], raw["team"], date.fromisoformat(raw["month"])))
        for raw in upload.rows
    ]


def _stored_rows(
    parsed: list[tuple[dict, tuple[str, str, date]]], existing: dict
) -> list[StoredRow]:
    return [
        StoredRow(
            row=raw["row"],
            month=key[2],
            team=raw["team"],
            measure=raw["measure"],
            value=raw["value"],
            numerator=raw["numerator"],
            denominator=raw["denominator"],
            replaces=existing[key].value if key in existing else None,
        )
        for raw, key in parsed
    ]


def _record(upload: MeasureUpload, rows: Iterable[StoredRow] = ()) -> UploadRecord:
    by = db.session.scalar(select(User.name).where(User.id == upload.user_id))
    return UploadRecord(
        id=upload.id,
        organisation_id=upload.organisation_id,
        filename=upload.filename,
        status=upload.status,
        measure_set_version=upload.measure_set_version,
        by=by,
        created_at=upload.created_at,
        confirmed_at=upload.confirmed_at,
        added=upload.added,
        replaced=upload.replaced,
        rows=tuple(rows),
    )


def _visible_upload(scope: Scope, upload_id: int) -> MeasureUpload | None:
    statement = scope.apply(
        select(MeasureUpload).where(MeasureUpload.id == upload_id), MeasureUpload.organisation_id
    )
    return db.session.scalars(statement).first()


def get_upload(scope: Scope, upload_id: int) -> UploadRecord | None:
    """A visible upload; a pending one with each row and the value it would replace."""
    upload = _visible_upload(scope, upload_id)
    if upload is None:
        return None
    rows: list[StoredRow] = []
    if upload.status == "pending":
        parsed = _keyed(upload)
        rows = _stored_rows(parsed, _existing(upload.organisation_id, {k for _, k in parsed}))
    return _record(upload, rows)


def confirm_upload(scope: Scope, upload_id: int) -> UploadRecord | None:
    """Store a visible pending upload's values, all or nothing; None when not visible.

    Raises ``AlreadyDone`` when it was confirmed or cancelled before (nothing more is stored) and
    ``Clash`` when someone stored values for the same keys at the same moment: the transaction is
    rolled back, so nothing from this upload is stored and it stays pending, to be confirmed
    again. Any other failure halfway propagates, and the request's rollback undoes it all.
    """
    upload = _visible_upload(scope, upload_id)
    if upload is None:
        return None
    try:
        claimed = getattr(
            db.session.execute(
                update(MeasureUpload)
                .where(MeasureUpload.id == upload_id, MeasureUpload.status == "pending")
                .values(status="confirmed", confirmed_at=utcnow())
                .execution_options(synchronize_session=False)
            ),
            "rowcount",
            0,
        )
        if claimed != 1:
            raise AlreadyDone
        parsed = _keyed(upload)
        existing = _existing(upload.organisation_id, {key for _, key in parsed})
        rows = _stored_rows(parsed, existing)
        replaced = [
            existing[(row.measure, row.team, row.month)] for row in rows if row.replaces is not None
        ]
        if replaced:
            db.session.execute(
                insert(MeasureValueHistory),
                [
                    {
                        "organisation_id": old.organisation_id,
                        "measure": old.measure,
                        "team": old.team,
                        "month": old.month,
                        "value": old.value,
                        "numerator": old.numerator,
                        "denominator": old.denominator,
                        "upload_id": old.upload_id,
                        "replaced_by_id": upload.id,
                        "replaced_at": utcnow(),
                    }
                    for old in replaced
                ],
            )
            db.session.execute(
                delete(MeasureValue)
                .where(MeasureValue.id.in_([old.id for old in replaced]))
                .execution_options(synchronize_session=False)
            )
        db.session.execute(
            insert(MeasureValue),
            [
                {
                    "organisation_id": upload.organisation_id,
                    "measure": row.measure,
                    "team": row.team,
                    "month": row.month,
                    "value": row.value,
                    "numerator": row.numerator,
                    "denominator": row.denominator,
                    "upload_id": upload.id,
                }
                for row in rows
            ],
        )
        db.session.execute(
            update(MeasureUpload)
            .where(MeasureUpload.id == upload_id)
            .values(added=len(rows) - len(replaced), replaced=len(replaced))
            .execution_options(synchronize_session=False)
        )
    except IntegrityError as error:
        if not _is_unique_violation(error):
            raise
        # Someone stored values for the same keys after this upload's rows were read: roll the
        # whole request back (the upload stays pending) and say so.
        rollback()
        raise Clash from error
    db.session.expire(upload)
    return _record(upload, rows)


def _is_unique_violation(error: IntegrityError) -> bool:
    """Whether the error is a unique constraint's (PostgreSQL's code 23505, or SQLite's
    message), not another broken constraint."""
    if getattr(error.orig, "pgcode", None) == "23505":
        return True
    return "UNIQUE constraint failed" in str(error.orig)


def cancel_upload(scope: Scope, upload_id: int) -> bool:
    """Cancel a visible pending upload (its rows are dropped); False when there was none."""
    upload = _visible_upload(scope, upload_id)
    if upload is None:
        return False
    done = getattr(
        db.session.execute(
            update(MeasureUpload)
            .where(MeasureUpload.id == upload_id, MeasureUpload.status == "pending")
            .values(status="cancelled", rows=[])
            .execution_options(synchronize_session=False)
        ),
        "rowcount",
        0,
    )
    return done == 1


def list_uploads(scope: Scope, organisation_id: int, limit: int = 20) -> list[UploadRecord]:
    """A visible organisation's confirmed uploads, newest first."""
    statement = (
        select(MeasureUpload)
        .where(
            MeasureUpload.organisation_id == organisation_id, MeasureUpload.status == "confirmed"
        )
        .order_by(MeasureUpload.confirmed_at.desc(), MeasureUpload.id.desc())
        .limit(limit)
    )
    return [
        _record(each)
        for each in db.session.scalars(scope.apply(statement, MeasureUpload.organisation_id))
    ]


def read_values(
    scope: Scope, organisation_id: int, measures: Sequence[str] | None = None
) -> pd.DataFrame:
    """A visible organisation's values: one row per measure, team and month (``VALUE_COLUMNS``),
    ordered by measure, team and month; empty when none or not visible."""
    statement = select(
        MeasureValue.measure,
        MeasureValue.team,
        MeasureValue.month,
        MeasureValue.value,
        MeasureValue.numerator,
        MeasureValue.denominator,
    ).where(MeasureValue.organisation_id == organisation_id)
    if measures is not None:
        statement = statement.where(MeasureValue.measure.in_(list(measures)))
    statement = scope.apply(statement, MeasureValue.organisation_id).order_by(
        MeasureValue.measure, MeasureValue.team, MeasureValue.month
    )
    rows = db.session.execute(statement).all()
    frame = pd.DataFrame(rows, columns=VALUE_COLUMNS)
    frame["month"] = pd.to_datetime(frame["month"])
    return frame


def values_version(scope: Scope, organisation_id: int) -> tuple[int, datetime | None]:
    """(number of confirmed uploads, when the latest was confirmed) of a visible organisation.

    Values change only when an upload is confirmed, so this changes whenever they do, and pages
    built from them are cached by it. It reads the uploads, not the values, so it costs the same
    whatever the number of values."""
    count, latest = db.session.execute(
        scope.apply(
            select(func.count(MeasureUpload.id), func.max(MeasureUpload.confirmed_at)).where(
                MeasureUpload.organisation_id == organisation_id,
                MeasureUpload.status == "confirmed",
            ),
            MeasureUpload.organisation_id,
        )
    ).one()
    return (count or 0, latest)


_SUMMARIES = cache("outcome measure summaries", rule=Rule.CONTENT, size=128)


def measure_summaries(scope: Scope, organisation_id: int) -> tuple[MeasureSummary, ...]:
    """Every measure's XmR summary for a visible organisation, in the measures file's order
    (empty when the file is not loaded or the organisation not visible). Cached by the
    organisation's latest upload and number of values, so a new upload shows at once."""
    measure_set = get_measures()
    if measure_set is None or not scope.covers(organisation_id):
        return ()
    key = (organisation_id, values_version(scope, organisation_id), measure_set)
    return _SUMMARIES.get_or_build(
        key, lambda: summarise(read_values(scope, organisation_id), measure_set)
    )


def read_history(scope: Scope, organisation_id: int) -> pd.DataFrame:
    """Every replaced value of a visible organisation, with when and by which upload."""
    statement = scope.apply(
        select(
            MeasureValueHistory.measure,
            MeasureValueHistory.team,
            MeasureValueHistory.month,
            MeasureValueHistory.value,
            MeasureValueHistory.numerator,
            MeasureValueHistory.denominator,
            MeasureValueHistory.upload_id,
            MeasureValueHistory.replaced_by_id,
            MeasureValueHistory.replaced_at,
        ).where(MeasureValueHistory.organisation_id == organisation_id),
        MeasureValueHistory.organisation_id,
    ).order_by(MeasureValueHistory.replaced_at, MeasureValueHistory.id)
    rows = db.session.execute(statement).all()
    return pd.DataFrame(
        rows,
        columns=[*VALUE_COLUMNS, "upload_id", "replaced_by_id", "replaced_at"],
    )


__all__ = [
    "VALUE_COLUMNS",
    "AlreadyDone",
    "Clash",
    "StoredRow",
    "UploadRecord",
    "cancel_upload",
    "confirm_upload",
    "get_upload",
    "list_uploads",
    "measure_summaries",
    "organisation_teams",
    "read_history",
    "read_values",
    "start_upload",
    "values_version",
]
