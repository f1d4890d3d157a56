"""Who may see which organisation's data: applied in one place, inside the data layer.

Every data function that returns organisation data takes a ``Scope`` and filters by it, so a route
cannot forget to. A platform administrator's scope covers every organisation; everyone else's
covers only their own organisation. Anonymous respondents have no scope: their link grants one
response and nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, Select, false, true
from sqlalchemy.orm import QueryableAttribute

#: A column holding an organisation id (a mapped attribute or any SQL expression).
OrganisationColumn = ColumnElement[int] | QueryableAttribute[int]


@dataclass(frozen=True)
class Scope:
    user_id: int | None
    role: str
    organisation_id: int | None

    @property
    def is_platform_admin(self) -> bool:
        return self.role == "platform_admin"

    def covers(self, organisation_id: int | None) -> bool:
        """May this scope see data of ``organisation_id``?"""
        if self.is_platform_admin:
            return True
        return organisation_id is not None and organisation_id == self.organisation_id

    def condition(self, column: OrganisationColumn) -> ColumnElement[bool]:
        """A WHERE condition restricting ``column`` (an organisation id) to this scope."""
        if self.is_platform_admin:
            return true()
        if self.organisation_id is None:
            return false()
        return column == self.organisation_id

    def apply(self, statement: Select, column: OrganisationColumn) -> Select:
        return statement.where(self.condition(column))


NO_ACCESS = Scope(user_id=None, role="none", organisation_id=None)
