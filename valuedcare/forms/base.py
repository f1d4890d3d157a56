"""The base of every form: one screen for every text field the application builds.

Every ``StringField`` (and so every ``TextAreaField``, ``PasswordField``, ``EmailField`` and
``HiddenField``) of a ``BaseForm`` is screened as it is bound, so no form or field can forget it:

- bidirectional overrides, embeddings, isolates and marks (U+202A-U+202E, U+2066-U+2069, U+200E,
  U+200F), which can make stored text read differently from what it says, are removed;
- control characters (C0 and C1, DEL, and NUL, which PostgreSQL cannot store) are refused with an
  error on the field, before any other check of it runs, so they never reach the database. Tab, new
  line and carriage return are allowed in multi-line text (``TextAreaField``) only. The characters
  are also removed from the value shown again on the page.

A date (``forms.dates.NhsDateField``: three boxes, not a ``StringField``) screens its boxes itself
in the same way, with the same message.
"""

from __future__ import annotations

import re
from typing import Any

from flask_wtf import FlaskForm
from wtforms import Field, Form, HiddenField, StringField, TextAreaField
from wtforms.csrf.core import CSRFTokenField
from wtforms.validators import StopValidation

BIDI_CONTROLS = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")
_CONTROL_EXCEPT_LINES = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_LONGEST_NAMED_LABEL = 40


def strip_bidi_controls(text: str) -> str:
    """``text`` without bidirectional override, isolate and mark characters."""
    return BIDI_CONTROLS.sub("", text)


def has_control_characters(text: str, *, multiline: bool = False) -> bool:
    """Whether ``text`` holds a control character (tab and line breaks allowed if multiline)."""
    return (_CONTROL_EXCEPT_LINES if multiline else _CONTROL).search(text) is not None


def remove_control_characters(text: str, *, multiline: bool = False) -> str:
    """``text`` without control characters (tab and line breaks kept if multiline)."""
    return (_CONTROL_EXCEPT_LINES if multiline else _CONTROL).sub("", text)


def _field_name(field: Field) -> str:
    label = str(field.label.text).removesuffix(" (optional)").strip()
    return label if label and len(label) <= _LONGEST_NAMED_LABEL else "Your answer"


class TextScreen:
    """The filter and first validator of one bound text field (made afresh for each field)."""

    def __init__(self, field: Field) -> None:
        self.field = field
        self.multiline = isinstance(field, TextAreaField)
        self.refused = False

    def __call__(self, value: Any) -> Any:
        """The filter: removes bidirectional controls, and control characters (noting them)."""
        if not isinstance(value, str):
            return value
        value = strip_bidi_controls(value)
        self.refused = has_control_characters(value, multiline=self.multiline)
        if self.refused:
            return remove_control_characters(value, multiline=self.multiline)
        return value

    def validate(self, form: Form, field: Field) -> None:
        if self.refused:
            raise StopValidation(f"{_field_name(field)} must not contain control characters")


def screen_text_field(field: Field) -> Field:
    """Put the screen in front of the field's filters and validators (text fields only)."""
    if isinstance(field, StringField) and not isinstance(field, CSRFTokenField):
        screen = TextScreen(field)
        field.filters = (screen, *field.filters)
        field.validators = [screen.validate, *field.validators]
    return field


class BaseForm(FlaskForm):
    """Every form of the application derives from this one (a guard-rail test checks)."""

    class Meta:
        def bind_field(self, form: Form, unbound_field: Any, options: dict[str, Any]) -> Field:
            return screen_text_field(super().bind_field(form, unbound_field, options))  # type: ignore[misc]


class RevisionForm(BaseForm):
    """A form that saves over a record only if the record is still at the revision the page was
    drawn from (a response, an action): two people saving at once are told, not overwritten."""

    revision = HiddenField()

    def revision_number(self) -> int | None:
        """The posted revision, or None when it is missing or not a whole number (tampered)."""
        text = (self.revision.data or "").strip()
        return int(text) if text.isdigit() and len(text) < 10 else None
