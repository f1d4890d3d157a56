"""The steps behind the administration pages: audit-logged changes and questionnaire history.

Every change made here is recorded in the audit log in the same transaction, so a change and its
trace are kept or lost together.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from flask import current_app, url_for

from valuedcare import mail
from valuedcare.data import address_lists, audit, cycles, organisations, releases, users
from valuedcare.data.records import QuestionnaireVersionRecord
from valuedcare.data.scope import Scope
from valuedcare.disclosure import DisclosureRules

# Questionnaire versions ------------------------------------------------------------------------


@dataclass(frozen=True)
class VersionRow:
    id: int
    version: int
    title: str
    lens: str | None
    loaded_at: datetime
    is_live: bool


@dataclass(frozen=True)
class Questionnaire:
    """One questionnaire (slug) and its versions, newest first; the newest is live."""

    slug: str
    kind: str
    versions: list[VersionRow]

    @property
    def live(self) -> VersionRow:
        return self.versions[0]


def build_questionnaires(rows: Iterable[QuestionnaireVersionRecord]) -> list[Questionnaire]:
    """Group stored versions (objects with slug, version, kind, title, lens, loaded_at) by slug;
    within a slug, newest first, with the highest version marked live. Slugs alphabetically."""
    by_slug: dict[str, list[Any]] = {}
    for row in rows:
        by_slug.setdefault(row.slug, []).append(row)
    result = []
    for slug in sorted(by_slug):
        ordered = sorted(by_slug[slug], key=lambda row: row.version, reverse=True)
        versions = [
            VersionRow(row.id, row.version, row.title, row.lens, row.loaded_at, index == 0)
            for index, row in enumerate(ordered)
        ]
        result.append(Questionnaire(slug=slug, kind=ordered[0].kind, versions=versions))
    return result


def build_diff(old_source: str, new_source: str, old_name: str, new_name: str) -> list[str]:
    """The unified diff (3 lines of context) from one YAML source to another, one line per item
    without line endings; empty when they are the same."""
    return [
        line.rstrip("\n")
        for line in difflib.unified_diff(
            old_source.splitlines(keepends=True),
            new_source.splitlines(keepends=True),
            fromfile=old_name,
            tofile=new_name,
            n=3,
        )
    ]


def diff_line_kind(line: str) -> str:
    """ "added", "removed", "heading" (file names and @@ hunks) or "same", for styling a line."""
    if line.startswith(("+++", "---", "@@")):
        return "heading"
    if line.startswith("+"):
        return "added"
    if line.startswith("-"):
        return "removed"
    return "same"


# Organisations --------------------------------------------------------------------------------


def create_organisation(values: organisations.OrganisationFields) -> Any:
    organisation = organisations.create_organisation(values)
    audit.record(
        "organisation_created",
        organisation_id=organisation.id,
        target_type="organisation",
        target_id=organisation.id,
        code=organisation.code,
    )
    return organisation


def update_organisation(
    scope: Scope, organisation_id: int, values: organisations.OrganisationFields
) -> bool:
    """Save the changes; False when the scope may not change this organisation."""
    changes = organisations.update_organisation(scope, organisation_id, values)
    if changes is None:
        return False
    if changes:
        audit.record(
            "organisation_updated",
            organisation_id=organisation_id,
            target_type="organisation",
            target_id=organisation_id,
            changed=sorted(changes),
        )
    return True


# Cycles ---------------------------------------------------------------------------------------


def create_cycle(label: str, opens_on: date, closes_on: date) -> Any:
    cycle = cycles.create_cycle(label, opens_on, closes_on)
    audit.record("cycle_created", target_type="cycle", target_id=cycle.id, label=cycle.label)
    return cycle


def change_cycle_status(
    cycle_id: int, status: str, reason: str | None = None
) -> tuple[Any, releases.ReleaseResult | None]:
    """Open, close or reopen a cycle and record it (with the reason for a reopening).

    Closing releases the cycle's new anonymous responses into the published figures where the
    disclosure rules allow (``data.releases``); returns (cycle, what the close released, or None
    for other moves). Raises ``LookupError`` or ``cycles.CycleError`` (see
    ``cycles.change_status``)."""
    cycle, action = cycles.change_status(cycle_id, status, reason)
    audit.record(
        action, target_type="cycle", target_id=cycle.id, label=cycle.label, reason=reason or None
    )
    if status != cycles.CLOSED:
        return cycle, None
    result = releases.release_cycle(cycle.id, DisclosureRules.from_config(current_app.config))
    audit.record(
        "cycle_released",
        target_type="cycle",
        target_id=cycle.id,
        detail={
            "label": cycle.label,
            "responses_released": sum(result.released.values()),
            "groups_held_back": len(result.held_back),
        },
    )
    lists, addresses = address_lists.delete_for_cycle(cycle.id)
    if addresses:
        audit.record(
            "address_lists_deleted",
            target_type="cycle",
            target_id=cycle.id,
            detail={"lists": lists, "addresses": addresses, "why": "cycle closed"},
        )
    return cycle, result


# Users ----------------------------------------------------------------------------------------


def invite_user(
    scope: Scope, email: str, role: str, organisation_id: int | None, name: str, inviter: Any
) -> Any:
    """Create an account without a password and email a link to choose one.

    An organisation administrator can only invite into their own organisation, with one of
    ``users.ORGANISATION_ROLES``. Raises ``users.AccountError`` when that or the account is not
    acceptable."""
    if not scope.is_platform_admin:
        organisation_id = scope.organisation_id
    if role not in users.assignable_roles(scope):
        raise users.AccountError("You cannot give this role")
    user = users.create_user(email, role, organisation_id, None, name=name)
    audit.record(
        "user_invited",
        organisation_id=organisation_id,
        target_type="user",
        target_id=user.id,
        role=role,
    )
    token = users.make_password_token(user.id, "invitation")
    if token is not None:
        link = url_for("auth.reset_password", token=token, _external=True)
        days = int(current_app.config.get("INVITATION_MAX_AGE", 7 * 24 * 3600)) // 86400
        service = current_app.config.get("SERVICE_NAME", "Valued care self-assessment")
        inviter_name = getattr(inviter, "name", "") or getattr(inviter, "email", "An administrator")
        mail.send_account_email(
            mail.ACCOUNT_INVITATION,
            user.email,
            {"service": service, "invited_by": inviter_name, "link": link, "days": days},
        )
    return user


def _not_yourself(scope: Scope, user_id: int, what: str) -> None:
    if scope.user_id == user_id:
        raise users.AccountError(f"You cannot {what} your own account")


def change_role(scope: Scope, user_id: int, role: str) -> bool:
    """Give a user another role and record it; False when the scope may not manage them.
    Raises ``users.AccountError`` for a role the scope cannot give, or for your own account."""
    _not_yourself(scope, user_id, "change the role of")
    result = users.change_role(scope, user_id, role)
    if result is None:
        return False
    old, new = result
    if old != new:
        user = users.get_user(scope, user_id)
        audit.record(
            "role_changed",
            organisation_id=getattr(user, "organisation_id", None),
            target_type="user",
            target_id=user_id,
            old_role=old,
            new_role=new,
        )
    return True


def set_active(scope: Scope, user_id: int, active: bool) -> bool:
    """Deactivate or reactivate a user and record it; False when not managed by the scope.
    Raises ``users.AccountError`` for your own account."""
    _not_yourself(scope, user_id, "deactivate" if not active else "reactivate")
    user = users.set_active(scope, user_id, active)
    if user is None:
        return False
    audit.record(
        "user_reactivated" if active else "user_deactivated",
        organisation_id=user.organisation_id,
        target_type="user",
        target_id=user_id,
    )
    return True
