"""Forms of the improvement lead's invitation pages."""

from __future__ import annotations

from flask_wtf.file import FileField
from wtforms import EmailField, IntegerField, RadioField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp

from valuedcare.data.invitations import ANONYMOUS_LENSES, LENS_LABELS
from valuedcare.data.records import QuestionnaireChoice
from valuedcare.forms.base import BaseForm
from valuedcare.forms.dates import InTheFuture, NhsDateField
from valuedcare.forms.widgets import NhsDateInput, NhsInput, NhsRadios

#: The most answers a capped link may take (the same bound as the expected number).
MAX_CAP = 100_000


class AnonymousLinkForm(BaseForm):
    lens = RadioField(
        "Who is this link for?",
        choices=[SelectChoice(lens, LENS_LABELS[lens]) for lens in ANONYMOUS_LENSES],
        widget=NhsRadios(legend_size="s"),
        validators=[DataRequired(message="Select who the link is for")],
    )
    questionnaire = RadioField(
        "Which questionnaire?",
        description="Most links use the main questionnaire. Choose another version, such as an "
        "easy read one, for the people this link is for",
        choices=[],
        default="",
        validate_choice=False,
        widget=NhsRadios(legend_size="s"),
    )
    label = StringField(
        "Name for this link",
        description="Only you and other leads see this, for example “Carers’ forum, March”",
        widget=NhsInput(width=30),
        validators=[
            DataRequired(message="Enter a name for this link"),
            Length(max=200, message="Name must be 200 characters or fewer"),
        ],
    )
    team = StringField(
        "Team or locality (optional)",
        description="Answers through this link are grouped under this team in reports",
        widget=NhsInput(width=20),
        validators=[Optional(), Length(max=100, message="Team must be 100 characters or fewer")],
    )
    expected = IntegerField(
        "How many people do you expect to answer through this link? (optional)",
        description="For example the number of people you will send it to. It is used to show a "
        "response rate",
        widget=NhsInput(input_type="number", width=5, inputmode="numeric"),
        validators=[
            Optional(),
            NumberRange(min=1, max=MAX_CAP, message="Enter a whole number from 1 to 100,000"),
        ],
    )
    max_responses = IntegerField(
        "Stop new answers after this many (optional)",
        description="For example the number of places at an event. Once this many people have "
        "sent their answers, nobody new can start; anyone who has started can still finish",
        widget=NhsInput(input_type="number", width=5, inputmode="numeric"),
        validators=[
            Optional(),
            NumberRange(min=1, max=MAX_CAP, message="Enter a whole number from 1 to 100,000"),
        ],
    )
    closes_on = NhsDateField(
        "Closing date (optional)",
        description="The last day people can use the link. Leave it empty to keep the link "
        "open until the cycle closes. For example, 27 3 2027",
        optional=True,
        widget=NhsDateInput(legend_size="s"),
        validators=[InTheFuture(allow_today=True)],
    )


class BoardMemberForm(BaseForm):
    name = StringField(
        "Board member's name",
        widget=NhsInput(width=30, autocomplete="off"),
        validators=[
            DataRequired(message="Enter the board member's name"),
            Length(max=200, message="Name must be 200 characters or fewer"),
        ],
    )
    email = EmailField(
        "Email address (optional)",
        description="We email the link to this address, and remind them before the cycle closes "
        "if they have not sent their answers. Without one, copy the link and send it yourself",
        widget=NhsInput(input_type="email", autocomplete="off", spellcheck=False),
        validators=[
            Optional(),
            Length(max=254, message="Email address must be 254 characters or fewer"),
            Regexp(
                r"^[^@\s]+@[^@\s]+\.[^@\s]+$",
                message="Enter an email address in the correct format, like name@example.org",
            ),
        ],
    )


class CloseLinkForm(BaseForm):
    """An empty form: only its CSRF token matters."""


class AddressListForm(BaseForm):
    """A CSV file of email addresses and mobile numbers for an anonymous link
    (``address_lists.read_address_list``)."""

    file = FileField("Upload a list of email addresses or mobile numbers")


class RemoveAddressForm(BaseForm):
    """One person asked to be taken off a list: their address."""

    address = StringField(
        "Email address or mobile number to remove",
        description="It is deleted and their link stops working",
        widget=NhsInput(autocomplete="off", spellcheck=False),
        validators=[
            DataRequired(message="Enter the email address or mobile number to remove"),
            Length(max=254, message="This must be 254 characters or fewer"),
        ],
    )


MAIN_QUESTIONNAIRE = SelectChoice("", "The main questionnaire for the group above")


def offer_questionnaires(form: AnonymousLinkForm, choices: list[QuestionnaireChoice]) -> None:
    """Give the form the questionnaires a link can ask (the main one of each group first)."""
    form.questionnaire.choices = [
        MAIN_QUESTIONNAIRE,
        *(
            SelectChoice(
                c.slug, f"{c.title}: for {LENS_LABELS[c.lens].lower()} (version {c.version})"
            )
            for c in choices
        ),
    ]


def check_questionnaire(form: AnonymousLinkForm, choices: list[QuestionnaireChoice]) -> bool:
    """Whether the chosen questionnaire exists and suits the chosen group (adds the error)."""
    slug = form.questionnaire.data or ""
    if not slug:
        return True
    found = next((c for c in choices if c.slug == slug), None)
    if found is None:
        form.questionnaire.errors = ["Choose a questionnaire from the list"]
        return False
    if form.lens.data and found.lens != form.lens.data:
        form.questionnaire.errors = [
            f"This questionnaire is for {LENS_LABELS[found.lens].lower()}: choose one for "
            f"{LENS_LABELS[form.lens.data].lower()}, or change who the link is for"
        ]
        return False
    return True


class SupportForm(BaseForm):
    crisis_line = StringField(
        "Your crisis line (optional)",
        description="Shown under NHS 111 and the Samaritans, for example “Our crisis line: call "
        "0800 000 0000, any time, day or night”",
        widget=NhsInput(),
        validators=[
            Optional(),
            Length(max=300, message="Crisis line must be 300 characters or fewer"),
        ],
    )
    advice_service = StringField(
        "Your patient advice service (optional)",
        description="For concerns about care, for example “Patient Advice and Liaison Service "
        "(PALS): call 0300 000 0000 or email pals@example.nhs.uk”",
        widget=NhsInput(),
        validators=[
            Optional(),
            Length(max=300, message="Advice service must be 300 characters or fewer"),
        ],
    )
