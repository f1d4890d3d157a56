from __future__ import annotations

from wtforms import DateField, RadioField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from valuedcare.forms.base import BaseForm
from valuedcare.forms.widgets import NhsInput, NhsRadios, NhsTextarea


class ActionNoteForm(BaseForm):
    ingredient = RadioField(
        "Ingredient",
        widget=NhsRadios(legend_size="s"),
        validators=[DataRequired(message="Select the ingredient")],
    )
    text = TextAreaField(
        "Action",
        description="What will be done, in a sentence or two",
        widget=NhsTextarea(),
        validators=[
            DataRequired(message="Enter the action"),
            Length(max=2000, message="Action must be 2,000 characters or fewer"),
        ],
    )
    owner = StringField(
        "Owner (optional)",
        widget=NhsInput(width=20),
        validators=[Optional(), Length(max=200, message="Owner must be 200 characters or fewer")],
    )
    due_on = DateField(
        "Due date (optional)",
        description="For example, 2027-03-31",
        widget=NhsInput(input_type="date"),
        validators=[Optional()],
        format="%Y-%m-%d",
    )

    def __init__(self, *args: object, ingredients: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.ingredient.choices = ingredients


class DeleteForm(BaseForm):
    """An empty form: only its CSRF token matters."""
