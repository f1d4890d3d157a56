"""Organisations (trusts) for the administration pages.

Platform administrators see and change every organisation. Other scopes see only their own
organisation and change none: the pages check the role, and these functions filter by scope too.
"""

from __future__ import annotations

from dataclasses import fields

from sqlalchemy import func, select

from valuedcare.data.generations import scores_changed
from valuedcare.data.records import OrganisationFields, OrganisationRecord
from valuedcare.data.scope import Scope
from valuedcare.data.to_records import organisation_record
from valuedcare.extensions import db
from valuedcare.models import Organisation, User


def normalise_code(code: str) -> str:
    """Organisation codes are stored trimmed and in upper case (for example "RX4")."""
    return code.strip().upper()


def list_organisations(scope: Scope) -> list[tuple[OrganisationRecord, int]]:
    """(organisation, number of users) for every organisation the scope covers, by name."""
    users = (
        select(User.organisation_id, func.count(User.id).label("users"))
        .group_by(User.organisation_id)
        .subquery()
    )
    statement = (
        select(Organisation, func.coalesce(users.c.users, 0))
        .outerjoin(users, users.c.organisation_id == Organisation.id)
        .order_by(func.lower(Organisation.name))
    )
    statement = scope.apply(statement, Organisation.id)
    rows = db.session.execute(statement).all()
    return [(organisation_record(row[0]), int(row[1])) for row in rows]


def list_choices(scope: Scope) -> list[tuple[int, str]]:
    """(id, "name (code)") for every organisation the scope covers, by name."""
    statement = scope.apply(
        select(Organisation.id, Organisation.name, Organisation.code).order_by(
            func.lower(Organisation.name)
        ),
        Organisation.id,
    )
    return [(row.id, f"{row.name} ({row.code})") for row in db.session.execute(statement)]


def get_organisation(scope: Scope, organisation_id: int) -> OrganisationRecord | None:
    """The organisation with this id when the scope covers it; otherwise None."""
    row = _organisation_row(scope, organisation_id)
    return None if row is None else organisation_record(row)


def _organisation_row(scope: Scope, organisation_id: int) -> Organisation | None:
    statement = select(Organisation).where(Organisation.id == organisation_id)
    return db.session.scalars(scope.apply(statement, Organisation.id)).first()


def get_id_by_code(code: str) -> int | None:
    """The id of the organisation with this code (any case), or None."""
    statement = select(Organisation.id).where(Organisation.code == normalise_code(code))
    return db.session.scalar(statement)


def code_is_taken(code: str, *, except_id: int | None = None) -> bool:
    """Whether another organisation already has this code."""
    found = get_id_by_code(code)
    return found is not None and found != except_id


def create_organisation(values: OrganisationFields) -> OrganisationRecord:
    """Add an organisation and flush. The caller checks that the code is free."""
    organisation = Organisation(is_demo=False, **_columns(values))
    db.session.add(organisation)
    db.session.flush()
    scores_changed()  # an opted-in organisation joins every cycle's benchmark frames
    return organisation_record(organisation)


def update_organisation(
    scope: Scope, organisation_id: int, values: OrganisationFields
) -> dict[str, tuple[object, object]] | None:
    """Change an organisation (platform administrators only); returns {field: (old, new)} for
    the fields that changed, or None when the scope may not change it."""
    if not scope.is_platform_admin:
        return None
    organisation = _organisation_row(scope, organisation_id)
    if organisation is None:
        return None
    changes = {}
    for name, value in _columns(values).items():
        old = getattr(organisation, name)
        if old != value:
            changes[name] = (old, value)
            setattr(organisation, name, value)
    db.session.flush()
    if changes:
        scores_changed()  # names, regions, peer groups and opt-ins shape the benchmark frames
    return changes


def support_routes(organisation_id: int) -> tuple[str | None, str | None]:
    """(crisis line, advice service) the organisation shows to its experts by experience; for
    a respondent's own link, so no scope (the link names the organisation)."""
    row = db.session.get(Organisation, organisation_id)
    return (row.crisis_line, row.advice_service) if row is not None else (None, None)


def update_support(
    scope: Scope, organisation_id: int, *, crisis_line: str | None, advice_service: str | None
) -> dict[str, tuple[object, object]] | None:
    """Change the crisis line and advice service shown to the organisation's experts by
    experience; returns {field: (old, new)} for the fields that changed, or None when the
    organisation is missing or outside the scope."""
    organisation = _organisation_row(scope, organisation_id)
    if organisation is None:
        return None
    changes: dict[str, tuple[object, object]] = {}
    for name, value in (("crisis_line", crisis_line), ("advice_service", advice_service)):
        cleaned = " ".join((value or "").split()) or None
        if getattr(organisation, name) != cleaned:
            changes[name] = (getattr(organisation, name), cleaned)
            setattr(organisation, name, cleaned)
    db.session.flush()
    return changes


def _columns(values: OrganisationFields) -> dict[str, object]:
    columns = {field.name: getattr(values, field.name) for field in fields(values)}
    columns["code"] = normalise_code(values.code)
    for name in ("name", "region", "peer_group"):
        columns[name] = str(columns[name]).strip()
    return columns
