"""What tests post to the improvement plan's forms (one place for the fields' names)."""

from __future__ import annotations

from datetime import date
from typing import Any


def due_fields(day: date | str | None, name: str = "due_on") -> dict[str, str]:
    """The due date as the form's three boxes post it (text "D/M/YYYY" for odd values)."""
    from valuedcare.forms.dates import date_formdata

    return date_formdata(name, day if day is not None else {})


def action_form(
    *,
    ingredient: str = "culture",
    text: str = "Run team pulse surveys every quarter",
    owner: str = "role",
    owner_role: str = "Director of nursing",
    due: date | str | None = None,
    status: str = "not_started",
    target_level: str = "3",
    statements: tuple[str, ...] = (),
    **extra: Any,
) -> dict[str, Any]:
    """A complete, valid action form (due a year from today unless ``due`` says)."""
    day = due or date.today().replace(year=date.today().year + 1)
    return {
        "ingredient": ingredient,
        "text": text,
        "owner": owner,
        "owner_role": owner_role,
        "status": status,
        "target_level": target_level,
        "statements": list(statements),
        **due_fields(day),
        **extra,
    }
