"""Forms of the outcome measures: a file of monthly values, and its confirmation."""

from __future__ import annotations

from flask_wtf.file import FileField

from valuedcare.forms.base import BaseForm


class UploadForm(BaseForm):
    """A CSV or Excel file of monthly values (the template's columns)."""

    file = FileField("Upload a file")


class ConfirmForm(BaseForm):
    """Confirm (or cancel) a checked upload: the CSRF token is all it carries."""
