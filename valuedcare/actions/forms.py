"""Forms of the improvement plan: an action, a progress update, and the revision each was drawn
from (so two people editing one action at once are told, not overwritten)."""

from __future__ import annotations

from datetime import date

from wtforms import (
    Field,
    HiddenField,
    RadioField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from valuedcare.data.records import ACTION_STATUSES
from valuedcare.forms.base import RevisionForm
from valuedcare.forms.dates import NhsDateField
from valuedcare.forms.widgets import NhsCheckboxes, NhsInput, NhsRadios, NhsTextarea
from valuedcare.questionnaire import MATURITY_LEVELS

#: The owner choice for someone without an account, named by their role instead.
ROLE_OWNER = "role"
TEXT_LIMIT = 2000
ROLE_LIMIT = 200
NOTE_LIMIT = 2000


def _status_choices() -> list[SelectChoice]:
    return [SelectChoice(status, label) for status, label in ACTION_STATUSES.items()]


def _level_choices() -> list[SelectChoice]:
    return [
        SelectChoice(str(number), f"{number} {name}")
        for number, name in enumerate(MATURITY_LEVELS, 1)
    ]


class ActionForm(RevisionForm):
    """An action: what will be done, for which statements, by whom, by when, aiming for which
    level. The ingredient is fixed by the page (from a suggestion or the plan's ingredient)."""

    ingredient = HiddenField()
    statements = SelectMultipleField(
        "Statements it addresses (optional)",
        description="Select all that apply",
        widget=NhsCheckboxes(legend_size="s"),
        validate_choice=True,
    )
    text = TextAreaField(
        "What will be done",
        description="In a sentence or two, so that anyone reading the plan understands it",
        widget=NhsTextarea(),
        validators=[
            DataRequired(message="Enter what will be done"),
            Length(max=TEXT_LIMIT, message="What will be done must be 2,000 characters or fewer"),
        ],
    )
    owner = RadioField(
        "Owner",
        widget=NhsRadios(legend_size="s"),
        validators=[DataRequired(message="Select the owner")],
    )
    owner_role = StringField(
        "Role of the owner",
        description="For example, Director of nursing. Only when the owner has no account",
        widget=NhsInput(width=20),
        validators=[
            Length(max=ROLE_LIMIT, message="Role of the owner must be 200 characters or fewer"),
        ],
    )
    due_on = NhsDateField(
        "Due date",
        message="Enter the due date",
        description="For example, 31 3 2027",
    )
    status = RadioField(
        "Status",
        widget=NhsRadios(legend_size="s"),
        choices=_status_choices(),
        default="not_started",
        validators=[DataRequired(message="Select the status")],
    )
    target_level = RadioField(
        "Level it aims for (optional)",
        widget=NhsRadios(legend_size="s"),
        choices=_level_choices(),
        validators=[Optional()],
    )
    note = TextAreaField(
        "Progress note (optional)",
        description="What has happened since the last update",
        widget=NhsTextarea(),
        validators=[
            Optional(),
            Length(max=NOTE_LIMIT, message="Progress note must be 2,000 characters or fewer"),
        ],
    )

    def __init__(
        self,
        *args: object,
        ingredients: list[str],
        statements: list[tuple[str, str]],
        owners: list[tuple[int, str]],
        today: date | None = None,
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)
        self._ingredients = ingredients
        self._today = today
        self.statements.choices = [SelectChoice(value, text) for value, text in statements]
        self.owner.choices = [SelectChoice(str(id_), name) for id_, name in owners] + [
            SelectChoice(ROLE_OWNER, "Someone without an account (name their role)")
        ]

    def validate_ingredient(self, field: Field) -> None:
        if field.data not in self._ingredients:
            raise ValidationError("The ingredient is not one of the model's ten ingredients")

    def validate_owner_role(self, field: Field) -> None:
        if self.owner.data == ROLE_OWNER and not (field.data or "").strip():
            raise ValidationError("Enter the role of the owner")

    def validate_due_on(self, field: Field) -> None:
        """A new action is due today or later; an existing one may already be overdue."""
        if self._today is not None and field.data is not None and field.data < self._today:
            raise ValidationError("Due date must be today or in the future")

    @property
    def owner_id(self) -> int | None:
        value = self.owner.data
        return int(value) if value and value != ROLE_OWNER else None

    @property
    def role(self) -> str | None:
        return (self.owner_role.data or "").strip() or None if self.owner_id is None else None

    @property
    def level(self) -> int | None:
        return int(self.target_level.data) if self.target_level.data else None


class ProgressForm(RevisionForm):
    """A dated progress update: the status now and what has happened."""

    status = RadioField(
        "Status now",
        widget=NhsRadios(legend_size="s"),
        choices=_status_choices(),
        validators=[DataRequired(message="Select the status")],
    )
    note = TextAreaField(
        "Progress note",
        description="What has happened since the last update",
        widget=NhsTextarea(),
        validators=[
            Optional(),
            Length(max=NOTE_LIMIT, message="Progress note must be 2,000 characters or fewer"),
        ],
    )
