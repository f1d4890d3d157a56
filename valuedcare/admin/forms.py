"""Forms of the administration pages."""

from __future__ import annotations

import re
from collections.abc import Sequence

from wtforms import (
    EmailField,
    Field,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from valuedcare.account_rules import looks_like_email
from valuedcare.forms.base import BaseForm
from valuedcare.forms.dates import NhsDateField
from valuedcare.forms.widgets import NhsDateInput, NhsInput, NhsRadios, NhsTextarea

YES_NO = [SelectChoice("yes", "Yes"), SelectChoice("no", "No")]
CODE_PATTERN = re.compile(r"[A-Z0-9]{2,12}")
CYCLE_PATTERN = re.compile(r"(\d{4})/(\d{2})")


def _choices(pairs: Sequence[tuple[object, str]]) -> list[SelectChoice]:
    return [SelectChoice(str(value), label) for value, label in pairs]


def _required(message: str, limit: int, what: str) -> list:
    return [
        DataRequired(message=message),
        Length(max=limit, message=f"{what} must be {limit:,} characters or fewer"),
    ]


class OrganisationForm(BaseForm):
    code = StringField(
        "Organisation code",
        description="The NHS organisation code, like RX4",
        widget=NhsInput(width=5, spellcheck=False),
        validators=_required("Enter the code", 12, "Code"),
    )
    name = StringField(
        "Name", widget=NhsInput(), validators=_required("Enter the name", 200, "Name")
    )
    region = StringField(
        "Region", widget=NhsInput(width=20), validators=_required("Enter the region", 100, "Region")
    )
    peer_group = StringField(
        "Peer group",
        description="Organisations are compared with others in the same peer group",
        widget=NhsInput(),
        validators=_required("Enter the peer group", 100, "Peer group"),
    )
    benchmark_opt_in = RadioField(
        "Include this organisation's results in benchmarks?",
        choices=YES_NO,
        widget=NhsRadios(legend_size="s"),
        validators=[InputRequired(message="Select whether to include it in benchmarks")],
    )
    named_in_benchmarks = RadioField(
        "Show this organisation's name in benchmarks?",
        choices=YES_NO,
        description="Only if the organisation has agreed to be named",
        widget=NhsRadios(legend_size="s"),
        validators=[InputRequired(message="Select whether to show its name in benchmarks")],
    )

    def validate_code(self, field: Field) -> None:
        if not CODE_PATTERN.fullmatch((field.data or "").strip().upper()):
            raise ValidationError("Code must be 2 to 12 letters or numbers, like RX4")

    def validate_named_in_benchmarks(self, field: Field) -> None:
        if field.data == "yes" and self.benchmark_opt_in.data != "yes":
            raise ValidationError("An organisation can only be named if it is in benchmarks")


class CycleForm(BaseForm):
    label = StringField(
        "Cycle",
        description="The two years it covers, like 2027/28",
        widget=NhsInput(width=10, spellcheck=False),
        validators=[DataRequired(message="Enter the cycle, like 2027/28")],
    )
    opens_on = NhsDateField(
        "Opening date",
        message="Enter the opening date",
        description="For example, 1 4 2027",
        widget=NhsDateInput(legend_size="s"),
    )
    closes_on = NhsDateField(
        "Closing date",
        message="Enter the closing date",
        description="For example, 31 3 2028",
        widget=NhsDateInput(legend_size="s"),
    )

    def validate_label(self, field: Field) -> None:
        match = CYCLE_PATTERN.fullmatch((field.data or "").strip())
        if not match or (int(match[1]) + 1) % 100 != int(match[2]):
            raise ValidationError("Enter the cycle as two years, like 2027/28")

    def validate_closes_on(self, field: Field) -> None:
        if self.opens_on.data and field.data and field.data <= self.opens_on.data:
            raise ValidationError("The closing date must be after the opening date")


class ReasonForm(BaseForm):
    reason = TextAreaField(
        "Why are you reopening this cycle?",
        description="This is kept in the audit log and shown on the cycles page",
        widget=NhsTextarea(label_size="s"),
        validators=_required("Enter why you are reopening the cycle", 1000, "Reason"),
    )


class UserForm(BaseForm):
    """Invite a person: email, name, role and (for platform administrators) organisation."""

    email = EmailField(
        "Email address",
        widget=NhsInput(autocomplete="off", spellcheck=False),
        validators=_required("Enter the email address", 254, "Email address"),
    )
    name = StringField(
        "Name (optional)",
        widget=NhsInput(autocomplete="off"),
        validators=[Optional(), Length(max=200, message="Name must be 200 characters or fewer")],
    )
    role = RadioField(
        "Role",
        widget=NhsRadios(legend_size="s"),
        validators=[DataRequired(message="Select a role")],
        invalid_choice_message="Select one of the roles shown",
    )
    organisation_id = SelectField(
        "Organisation", coerce=int, validators=[Optional()], validate_choice=False
    )

    def __init__(
        self,
        *args: object,
        roles: list[tuple[str, str]],
        organisations: list[tuple[int, str]] | None = None,
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.role.choices = _choices(roles)
        self.organisation_id.choices = _choices(
            [(0, "None (platform administrators only)")] + (organisations or [])
        )
        self.has_organisations = organisations is not None

    def organisation_items(self) -> list[dict[str, object]]:
        """The organisation choices as items of the NHS.UK select component."""
        chosen = self.organisation_id.data
        return [
            {"value": choice.value, "text": choice.label, "selected": choice.value == str(chosen)}
            for choice in self.organisation_id.choices
        ]

    def validate_email(self, field: Field) -> None:
        if not looks_like_email(field.data or ""):
            raise ValidationError(
                "Enter an email address in the correct format, like name@example.org"
            )

    def validate_organisation_id(self, field: Field) -> None:
        if not self.has_organisations:
            return
        known = {int(choice.value) for choice in field.choices if choice.value != "0"}
        if self.role.data == "platform_admin":
            if field.data:
                raise ValidationError("A platform administrator does not belong to an organisation")
        elif field.data not in known:
            raise ValidationError("Choose the organisation this person belongs to")


class RoleForm(BaseForm):
    role = RadioField(
        "Role",
        description="They will need to sign in again",
        widget=NhsRadios(legend_size="s"),
        validators=[DataRequired(message="Select a role")],
        invalid_choice_message="Select one of the roles shown",
    )

    def __init__(self, *args: object, roles: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.role.choices = _choices(roles)


class EmptyForm(BaseForm):
    """Only a CSRF token: for buttons that change something (open, close, deactivate)."""
