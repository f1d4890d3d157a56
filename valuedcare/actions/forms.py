from __future__ import annotations

from wtforms import DateField, RadioField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from valuedcare.forms.base import BaseForm


class ActionNoteForm(BaseForm):
    ingredient = RadioField(
        "Ingredient", validators=[DataRequired(message="Select the ingredient")]
    )
    text = TextAreaField(
        "Action",
        validators=[
            DataRequired(message="Enter the action"),
            Length(max=2000, message="Action must be 2,000 characters or fewer"),
        ],
    )
    owner = StringField(
        "Owner (optional)",
        validators=[Optional(), Length(max=200, message="Owner must be 200 characters or fewer")],
    )
    due_on = DateField(
        "Due date (optional)",
        validators=[Optional()],
        format="%Y-%m-%d",
        render_kw={"type": "date"},
    )

    def __init__(self, *args: object, ingredients: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.ingredient.choices = ingredients


class DeleteForm(BaseForm):
    """An empty form: only its CSRF token matters."""
