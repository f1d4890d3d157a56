"""Forms of the outcome measures: a file of monthly values, one month typed in, and the
confirmation of either."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_wtf.file import FileField
from wtforms import SelectField
from wtforms.fields.choices import SelectChoice

from valuedcare.forms.base import BaseForm


class UploadForm(BaseForm):
    """A CSV or Excel file of monthly values (the template's columns)."""

    file = FileField("Upload a file")


class ConfirmForm(BaseForm):
    """Confirm (or cancel) a checked upload: the CSRF token is all it carries."""


class MonthForm(BaseForm):
    """One month's values for one team, typed in: the month and team, then a box per value (or a
    numerator and a denominator per share or rate), read by the page from the posted form. The
    values are checked by the same rules as a file (``upload.read_upload``)."""

    month = SelectField("Month", validate_choice=False)
    team = SelectField("Team or locality", validate_choice=False)

    def __init__(self, *args: Any, months: list[date], teams: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.month.choices = [SelectChoice(f"{m:%Y-%m}", f"{m:%B %Y}") for m in reversed(months)]
        self.team.choices = [SelectChoice(team, team) for team in teams]

    def choice_items(self, field: SelectField) -> list[dict[str, object]]:
        """The field's choices as items of the NHS.UK select component."""
        return [
            {"value": choice.value, "text": choice.label, "selected": choice.value == field.data}
            for choice in field.choices
        ]
