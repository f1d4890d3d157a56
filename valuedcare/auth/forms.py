"""Forms of the sign-in and password pages."""

from __future__ import annotations

from wtforms import EmailField, Field, PasswordField
from wtforms.validators import DataRequired, EqualTo, Length, ValidationError

from valuedcare.account_rules import MAX_PASSWORD_LENGTH, looks_like_email, password_problem
from valuedcare.forms.base import BaseForm
from valuedcare.forms.widgets import NhsInput

EMAIL_REQUIRED = "Enter your email address"
EMAIL_FORMAT = "Enter an email address in the correct format, like name@example.nhs.uk"


class SignInForm(BaseForm):
    email = EmailField(
        "Email address",
        widget=NhsInput(autocomplete="email", spellcheck=False),
        validators=[
            DataRequired(message=EMAIL_REQUIRED),
            Length(max=254, message="Email address must be 254 characters or fewer"),
        ],
    )
    password = PasswordField(
        "Password",
        widget=NhsInput(autocomplete="current-password"),
        validators=[
            DataRequired(message="Enter your password"),
            Length(max=MAX_PASSWORD_LENGTH, message="Enter your password"),
        ],
    )


class PasswordResetRequestForm(BaseForm):
    email = EmailField(
        "Email address",
        widget=NhsInput(autocomplete="email", spellcheck=False),
        validators=[
            DataRequired(message=EMAIL_REQUIRED),
            Length(max=254, message="Email address must be 254 characters or fewer"),
        ],
    )

    def validate_email(self, field: Field) -> None:
        if not looks_like_email(field.data or ""):
            raise ValidationError(EMAIL_FORMAT)


class NewPasswordForm(BaseForm):
    password = PasswordField(
        "New password",
        description="At least 12 characters. A few unrelated words make a strong password that "
        "is easy to remember.",
        widget=NhsInput(autocomplete="new-password"),
        validators=[DataRequired(message="Enter a new password")],
    )
    confirm = PasswordField(
        "Confirm your new password",
        widget=NhsInput(autocomplete="new-password"),
        validators=[
            DataRequired(message="Enter your new password again"),
            EqualTo("password", message="The passwords do not match"),
        ],
    )

    def __init__(self, *args: object, email: str = "", **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self._email = email

    def validate_password(self, field: PasswordField) -> None:
        problem = password_problem(field.data or "", self._email)
        if problem:
            raise ValidationError(problem)


class EmptyForm(BaseForm):
    """A form with only its CSRF token (sign out, sign out everywhere)."""
