"""The improvement plan: an organisation's actions, their owners and dated progress updates.

Actions belong to the organisation, not to a cycle: each records the assessment (and so the cycle)
in which it was agreed, and stays on the plan until it is done or dropped. Every change raises the
action's ``revision`` in the same UPDATE that checks it, so when two people edit one action at once
the second is told (``Conflict``) instead of overwriting the first. Progress updates are added,
never changed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select, update
from sqlalchemy.orm import aliased, selectinload

from valuedcare.data.records import ACTION_STATUSES, ActionRecord, ActionUpdateRecord
from valuedcare.data.scope import Scope
from valuedcare.extensions import db
from valuedcare.formatting import nhs_date
from valuedcare.models import Action, ActionUpdate, Assessment, Cycle, User
from valuedcare.models.base import utcnow

NOT_SET = "not set"
LONDON = ZoneInfo("Europe/London")


def today() -> date:
    """Today in England: due dates are days in England, whatever the server's clock zone."""
    return datetime.now(LONDON).date()


@dataclass(frozen=True)
class ActionFields:
    """What an improvement lead sets on an action."""

    ingredient: str
    statements: tuple[str, ...]
    text: str
    owner_id: int | None
    owner_role: str | None
    due_on: date | None
    status: str
    target_level: int | None


@dataclass(frozen=True)
class Conflict:
    """Someone else changed the action since the page was drawn: nothing was saved."""

    current: ActionRecord


class OwnerNotAllowed(ValueError):
    """The owner is not an active account of the action's organisation."""


def owner_choices(scope: Scope, organisation_id: int) -> list[tuple[int, str]]:
    """(id, name) of the active accounts of a visible organisation, by name: who may own an
    action."""
    if not scope.covers(organisation_id):
        return []
    rows = db.session.execute(
        select(User.id, User.name)
        .where(User.organisation_id == organisation_id, User.active.is_(True))
        .order_by(User.name, User.id)
    )
    return [(row.id, row.name) for row in rows]


def latest_assessment_id(scope: Scope, organisation_id: int) -> int | None:
    """The organisation's assessment in its most recent cycle: where a new action is agreed."""
    statement = (
        select(Assessment.id)
        .join(Cycle, Cycle.id == Assessment.cycle_id)
        .where(Assessment.organisation_id == organisation_id)
        .order_by(Cycle.opens_on.desc(), Assessment.id.desc())
        .limit(1)
    )
    return db.session.scalar(scope.apply(statement, Assessment.organisation_id))


def _query():
    owner = aliased(User)
    return (
        select(Action, Cycle.id, Cycle.label, owner.name)
        .join(Assessment, Assessment.id == Action.assessment_id)
        .join(Cycle, Cycle.id == Assessment.cycle_id)
        .outerjoin(owner, owner.id == Action.owner_id)
        .options(selectinload(Action.updates))
    )


def _authors(actions: list[Action]) -> dict[int, str]:
    ids = {update.author_id for action in actions for update in action.updates if update.author_id}
    if not ids:
        return {}
    rows = db.session.execute(select(User.id, User.name).where(User.id.in_(ids)))
    return {row.id: row.name for row in rows}


def _record(
    row: Action, cycle_id: int, cycle_label: str, owner: str | None, authors: dict[int, str]
) -> ActionRecord:
    return ActionRecord(
        id=row.id,
        organisation_id=row.organisation_id,
        assessment_id=row.assessment_id,
        cycle_id=cycle_id,
        cycle_label=cycle_label,
        ingredient=row.ingredient,
        statements=tuple(row.statements or ()),
        text=row.text,
        owner_id=row.owner_id,
        owner_name=owner,
        owner_role=row.owner_role,
        due_on=row.due_on,
        status=row.status,
        target_level=row.target_level,
        reason=row.reason,
        revision=row.revision,
        created_at=row.created_at,
        updated_at=row.updated_at,
        updates=tuple(
            ActionUpdateRecord(
                id=each.id,
                author=authors.get(each.author_id) if each.author_id else None,
                status=each.status,
                note=each.note,
                changes=each.changes,
                created_at=each.created_at,
            )
            for each in row.updates
        ),
    )


def list_actions(scope: Scope, organisation_id: int) -> list[ActionRecord]:
    """Every action of a visible organisation (open and closed), oldest agreed first."""
    statement = _query().where(Action.organisation_id == organisation_id)
    statement = scope.apply(statement, Action.organisation_id).order_by(
        Cycle.opens_on, Action.due_on.is_(None), Action.due_on, Action.id
    )
    rows = db.session.execute(statement).all()
    authors = _authors([row[0] for row in rows])
    return [_record(row[0], row[1], row[2], row[3], authors) for row in rows]


def get_action(scope: Scope, action_id: int) -> ActionRecord | None:
    """A visible action with its updates, or None."""
    statement = scope.apply(_query().where(Action.id == action_id), Action.organisation_id)
    row = db.session.execute(statement).first()
    if row is None:
        return None
    return _record(row[0], row[1], row[2], row[3], _authors([row[0]]))


def _check_owner(organisation_id: int, owner_id: int | None) -> None:
    if owner_id is None:
        return
    found = db.session.scalar(
        select(User.id).where(
            User.id == owner_id, User.organisation_id == organisation_id, User.active.is_(True)
        )
    )
    if found is None:
        raise OwnerNotAllowed("Select an owner from your organisation, or name a role")


def add_action(
    scope: Scope,
    organisation_id: int,
    assessment_id: int,
    fields: ActionFields,
    *,
    reason: str | None = None,
) -> ActionRecord | None:
    """Add an action agreed in a visible assessment of the organisation; None when the
    assessment is not visible or is another organisation's. Raises ``OwnerNotAllowed``."""
    assessment = db.session.scalars(
        scope.apply(
            select(Assessment).where(
                Assessment.id == assessment_id, Assessment.organisation_id == organisation_id
            ),
            Assessment.organisation_id,
        )
    ).first()
    if assessment is None:
        return None
    _check_owner(organisation_id, fields.owner_id)
    now = utcnow()
    action = Action(
        organisation_id=organisation_id,
        assessment_id=assessment_id,
        ingredient=fields.ingredient,
        statements=list(fields.statements),
        text=fields.text,
        owner_id=fields.owner_id,
        owner_role=fields.owner_role or None,
        due_on=fields.due_on,
        status=fields.status,
        target_level=fields.target_level,
        reason=reason,
        revision=1,
        created_by_id=scope.user_id,
        created_at=now,
        updated_at=now,
    )
    action.updates.append(
        ActionUpdate(author_id=scope.user_id, status=fields.status, changes="Action agreed")
    )
    db.session.add(action)
    db.session.flush()
    return get_action(scope, action.id)


def _owner_text(owner_id: int | None, owner_role: str | None) -> str:
    if owner_id is not None:
        return db.session.scalar(select(User.name).where(User.id == owner_id)) or NOT_SET
    return owner_role or NOT_SET


def describe_changes(before: ActionRecord, after: ActionFields, titles: dict[str, str]) -> str:
    """What an edit changes, in words ("Status: On track to At risk; Due: ..."); "" for none."""
    parts = []
    if before.ingredient != after.ingredient:
        parts.append(
            f"Ingredient: {titles.get(before.ingredient, before.ingredient)} to "
            f"{titles.get(after.ingredient, after.ingredient)}"
        )
    if before.statements != after.statements:
        parts.append(f"Statements: {', '.join(after.statements) or 'none'}")
    if before.text != after.text:
        parts.append("What will be done: reworded")
    if (before.owner_id, before.owner_role) != (after.owner_id, after.owner_role or None):
        parts.append(
            f"Owner: {before.owner_text} to {_owner_text(after.owner_id, after.owner_role)}"
        )
    if before.due_on != after.due_on:
        parts.append(
            f"Due: {nhs_date(before.due_on) or NOT_SET} to {nhs_date(after.due_on) or NOT_SET}"
        )
    if before.status != after.status:
        parts.append(f"Status: {ACTION_STATUSES[before.status]} to {ACTION_STATUSES[after.status]}")
    if before.target_level != after.target_level:
        parts.append(
            f"Level aimed for: {before.target_level or NOT_SET} to {after.target_level or NOT_SET}"
        )
    return "; ".join(parts)


def change_action(
    scope: Scope,
    action_id: int,
    fields: ActionFields,
    *,
    expected_revision: int,
    note: str | None,
    titles: dict[str, str],
) -> ActionRecord | Conflict | None:
    """Change a visible action and keep a dated update saying what changed (and the note).

    None when the action is not visible; ``Conflict`` (nothing saved) when its revision is no
    longer ``expected_revision``. Raises ``OwnerNotAllowed``."""
    before = get_action(scope, action_id)
    if before is None:
        return None
    if before.revision != expected_revision:
        return Conflict(before)
    _check_owner(before.organisation_id, fields.owner_id)
    changes = describe_changes(before, fields, titles)
    if not changes and not note:
        return before
    saved = db.session.execute(
        update(Action)
        .where(Action.id == action_id, Action.revision == expected_revision)
        .values(
            ingredient=fields.ingredient,
            statements=list(fields.statements),
            text=fields.text,
            owner_id=fields.owner_id,
            owner_role=fields.owner_role or None,
            due_on=fields.due_on,
            status=fields.status,
            target_level=fields.target_level,
            revision=expected_revision + 1,
            updated_at=utcnow(),
        )
        .execution_options(synchronize_session=False)
    )
    if getattr(saved, "rowcount", 0) != 1:
        db.session.expire_all()
        current = get_action(scope, action_id)
        return Conflict(current) if current is not None else None
    db.session.add(
        ActionUpdate(
            action_id=action_id,
            author_id=scope.user_id,
            status=fields.status,
            note=note or None,
            changes=changes or None,
        )
    )
    db.session.flush()
    db.session.expire_all()
    return get_action(scope, action_id)


def fields_of(action: ActionRecord) -> ActionFields:
    """An action's current fields, to change one of them."""
    return ActionFields(
        ingredient=action.ingredient,
        statements=action.statements,
        text=action.text,
        owner_id=action.owner_id,
        owner_role=action.owner_role,
        due_on=action.due_on,
        status=action.status,
        target_level=action.target_level,
    )


def assessment_organisation(scope: Scope, assessment_id: int) -> int | None:
    """The organisation of a visible assessment, or None."""
    statement = select(Assessment.organisation_id).where(Assessment.id == assessment_id)
    return db.session.scalar(scope.apply(statement, Assessment.organisation_id))
