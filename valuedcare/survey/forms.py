"""WTForms classes built from a questionnaire section: a fresh class per page, and the web
layer's registry of question types (``QUESTION_FIELDS``): per type, the fields of one item with
their NHS.UK widgets attached, so ``{{ form[item.id]() }}`` renders the whole question (legend,
hint, options, error) without a template restating any of it. What a type means apart from its
page (conversion, scoring, words) is ``valuedcare.questionnaire.types``.

Field names are the item ids; a maturity item's target level and any item's comment box use
``<id>__target`` and ``<id>__comment`` (a double underscore never occurs in an item id). A target
needs a current level ("Don't know" has none) and is never below it. Every
field is its own validator of choices, so a value that is not an option gets a plain message
rather than WTForms' "Not a valid choice". Required answers are checked only when
``require_answers`` is true ("Save and continue"); "Save and come back later" keeps whatever is
valid without insisting on the rest.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from wtforms import (
    Field,
    RadioField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, StopValidation, ValidationError

from valuedcare.forms.base import BaseForm, RevisionForm
from valuedcare.forms.widgets import NhsCheckboxes, NhsInput, NhsRadios, NhsTextarea
from valuedcare.questionnaire import DONT_KNOW, MATURITY_LEVELS, Item, Section
from valuedcare.questionnaire.answers import AnswerInput
from valuedcare.resume_codes import is_well_formed_code

TARGET_SUFFIX = "__target"
COMMENT_SUFFIX = "__comment"
NO_TARGET = "none"
DEFAULT_TEXT_LIMIT = 2000
MATURITY_HINT = (
    "Choose the highest level the trust meets in full. A level counts only if the levels below "
    "it are also met."
)
TARGET_LEGEND = "Which level do you expect the trust to reach in 12 months? (optional)"


class SectionFormBase(RevisionForm):
    """Base of every section form: the response revision the page was drawn from."""

    require_answers: bool = True


class AnswerRequired:
    """Stop validation of an empty answer; an error only when the form requires answers."""

    field_flags = {"required": True}

    def __init__(self, message: str) -> None:
        self.message = message

    def __call__(self, form: SectionFormBase, field: Field) -> None:
        if field.data in (None, "", []) or (isinstance(field.data, str) and not field.data.strip()):
            field.errors[:] = []
            raise StopValidation(self.message if form.require_answers else "")


class Optional:
    """Stop validation of an empty optional answer (without clearing other errors)."""

    def __call__(self, form: SectionFormBase, field: Field) -> None:
        if field.data in (None, "", []) or (isinstance(field.data, str) and not field.data.strip()):
            field.errors[:] = []
            raise StopValidation()


class OneOf:
    """Each chosen value must be one of the field's choices."""

    def __init__(self, message: str) -> None:
        self.message = message

    def __call__(self, form: SectionFormBase, field: Field) -> None:
        allowed = {str(choice.value) for choice in field.choices}
        chosen = field.data if isinstance(field.data, list) else [field.data]
        if any(str(value) not in allowed for value in chosen):
            raise ValidationError(self.message)


class MaxLength:
    def __init__(self, limit: int, message: str) -> None:
        self.max = limit
        self.message = message

    def __call__(self, form: SectionFormBase, field: Field) -> None:
        if field.data and len(field.data) > self.max:
            raise ValidationError(self.message)


class WholeNumber:
    def __init__(self, low: int | None, high: int | None, message: str) -> None:
        self.low, self.high, self.message = low, high, message

    def __call__(self, form: SectionFormBase, field: Field) -> None:
        text = (field.data or "").strip()
        digits = text[1:] if text.startswith("-") else text
        if not digits.isdigit() or len(digits) > 9:
            raise ValidationError(self.message)
        number = int(text)
        if (self.low is not None and number < self.low) or (
            self.high is not None and number > self.high
        ):
            raise ValidationError(self.message)


class TargetLevel:
    """A 12-month target goes with a current level, and is not below it.

    Runs after the target's own choice check; a target of "No target" (or none) always passes.
    """

    def __init__(self, item_id: str) -> None:
        self.item_id = item_id

    def __call__(self, form: SectionFormBase, field: Field) -> None:
        target = field.data
        if not isinstance(target, str) or not target.isdigit():
            return
        current = form[self.item_id].data if self.item_id in form else None
        if current == DONT_KNOW:
            raise ValidationError(
                "Select “No target”, or select the current level: a level expected in 12 months "
                "needs the level today"
            )
        if isinstance(current, str) and current.isdigit() and int(target) < int(current):
            level = MATURITY_LEVELS[int(current) - 1]
            raise ValidationError(
                f"Select a level expected in 12 months that is the same as or higher than the "
                f"current level, {int(current)}. {level}"
            )


def _choices(pairs: Iterable[tuple[str, str]]) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]


def short(text: str, limit: int = 50) -> str:
    """``text`` cut at a word boundary to about ``limit`` characters, with an ellipsis."""
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0].rstrip(",;:.")
    return cut + "…"


def _required(item: Item, message: str) -> list[Any]:
    return [AnswerRequired(message) if item.required else Optional()]


def _comment_field(item: Item) -> TextAreaField | None:
    if item.comment is None:
        return None
    limit = item.comment.max_length
    return TextAreaField(
        item.comment.label,
        description=item.comment.hint,
        widget=NhsTextarea(
            rows=3, max_length=limit, label_size="s", for_statement=short(item.text, 60)
        ),
        validators=[
            Optional(),
            MaxLength(
                limit,
                f"{item.comment.label.removesuffix(' (optional)')} must be "
                f"{limit:,} characters or fewer",
            ),
        ],
    )


def _maturity(item: Item) -> dict[str, Field]:
    numbered = bool(item.levels)
    choices = [
        (str(level), f"{level}. {name}" if numbered else name)
        for level, name in enumerate(MATURITY_LEVELS, start=1)
    ]
    if item.allow_dont_know:
        choices.append((DONT_KNOW, "Don't know"))
    fields: dict[str, Field] = {
        item.id: RadioField(
            item.text,
            choices=_choices(choices),
            description=f"{item.help} {MATURITY_HINT}" if item.help else MATURITY_HINT,
            widget=NhsRadios(
                legend_size="s",
                item_hints=dict(zip(("1", "2", "3", "4", "5"), item.levels or (), strict=False)),
                divider_before=DONT_KNOW if item.allow_dont_know else None,
            ),
            validate_choice=False,
            validators=[
                *_required(
                    item,
                    f"Select a level for “{short(item.text)}”",
                ),
                OneOf(
                    "Select one of the levels, or “Don't know”"
                    if item.allow_dont_know
                    else "Select one of the levels"
                ),
            ],
        )
    }
    if item.ask_target:
        target_choices = [(str(level), name) for level, name in enumerate(MATURITY_LEVELS, 1)]
        fields[item.id + TARGET_SUFFIX] = RadioField(
            TARGET_LEGEND,
            choices=_choices([*target_choices, (NO_TARGET, "No target")]),
            widget=NhsRadios(
                legend_size="s", divider_before=NO_TARGET, for_statement=short(item.text, 60)
            ),
            validate_choice=False,
            validators=[
                Optional(),
                OneOf("Select one of the levels, or “No target”"),
                TargetLevel(item.id),
            ],
        )
    return fields


def _radios(
    item: Item,
    choices: list[tuple[str, str]],
    *,
    missing: str,
    invalid: str,
    hint: str | None,
    widget: NhsRadios,
) -> dict[str, Field]:
    return {
        item.id: RadioField(
            item.text,
            choices=_choices(choices),
            description=hint,
            widget=widget,
            validate_choice=False,
            validators=[*_required(item, missing), OneOf(invalid)],
        )
    }


def _choice(item: Item) -> dict[str, Field]:
    choices = [(option.value, option.label) for option in item.options]
    not_known = next((option.value for option in item.options if option.not_known), None)
    return _radios(
        item,
        choices,
        missing=f"Select an answer for “{short(item.text)}”",
        invalid="Select one of the options",
        hint=item.help,
        widget=NhsRadios(legend_size="s", divider_before=not_known),
    )


def _multiple(item: Item) -> dict[str, Field]:
    choices = [(option.value, option.label) for option in item.options]
    return {
        item.id: SelectMultipleField(
            item.text,
            choices=_choices(choices),
            description=item.help,
            widget=NhsCheckboxes(legend_size="s"),
            validate_choice=False,
            validators=[
                *_required(item, f"Select at least one answer for “{short(item.text)}”"),
                OneOf("Select only options from the list"),
            ],
        )
    }


def _scale(item: Item) -> dict[str, Field]:
    low, high = item.min if item.min is not None else 0, item.max if item.max is not None else 10
    choices = [(str(value), str(value)) for value in range(low, high + 1)]
    message = f"Choose a number from {low} to {high}"
    hint = item.help
    if item.min_label and item.max_label:
        scale = f"{item.min} means {item.min_label}, {item.max} means {item.max_label}."
        hint = f"{item.help} {scale}" if item.help else scale
    widget = NhsRadios(legend_size="s", params={"classes": "nhsuk-radios--inline"})
    return _radios(item, choices, missing=message, invalid=message, hint=hint, widget=widget)


def _number(item: Item) -> dict[str, Field]:
    if item.min is not None and item.max is not None:
        message = f"Enter a whole number between {item.min} and {item.max}"
    else:
        message = "Enter a whole number, like 12"
    return {
        item.id: StringField(
            item.text,
            description=item.help,
            widget=NhsInput(label_size="s", width=5, inputmode="numeric"),
            validators=[
                *_required(item, f"Enter a number for “{short(item.text)}”"),
                WholeNumber(item.min, item.max, message),
            ],
        )
    }


def _text(item: Item) -> dict[str, Field]:
    limit = item.max_length or DEFAULT_TEXT_LIMIT
    return {
        item.id: TextAreaField(
            item.text,
            description=item.help,
            widget=NhsTextarea(label_size="s", max_length=limit),
            validators=[
                *_required(item, f"Enter your answer to “{short(item.text)}”"),
                MaxLength(limit, f"Your answer must be {limit:,} characters or fewer"),
            ],
        )
    }


#: Per question type (``questionnaire.types``), the fields of one item with their widgets.
QUESTION_FIELDS: dict[str, Callable[[Item], dict[str, Field]]] = {
    "maturity": _maturity,
    "likert": _choice,
    "frequency": _choice,
    "single_choice": _choice,
    "multiple_choice": _multiple,
    "scale": _scale,
    "number": _number,
    "text": _text,
}


def build_section_form(section: Section, visible: Iterable[str]) -> type[SectionFormBase]:
    """A new form class with the fields of ``section``'s visible items, in order."""
    shown = set(visible)
    attributes: dict[str, Any] = {}
    for item in section.items:
        if item.id not in shown:
            continue
        attributes.update(QUESTION_FIELDS[item.type](item))
        comment = _comment_field(item)
        if comment is not None:
            attributes[item.id + COMMENT_SUFFIX] = comment
    return type(f"{section.id.title().replace('_', '')}Form", (SectionFormBase,), attributes)


def item_fields(form: SectionFormBase, item: Item) -> list[Field]:
    """The fields of ``item`` on ``form``, in the order shown: answer, target level, comment."""
    names = (item.id, item.id + TARGET_SUFFIX, item.id + COMMENT_SUFFIX)
    return [form[name] for name in names if name in form]


def posted_items(form: SectionFormBase, items: Iterable[Item]) -> dict[str, AnswerInput]:
    """The answers of a validated form, item by item (None for an unanswered value)."""
    posted: dict[str, AnswerInput] = {}
    for item in items:
        if item.id not in form:
            continue
        value = form[item.id].data
        if isinstance(value, str):
            value = value.strip() or None
        if value == []:
            value = None
        target_field = form._fields.get(item.id + TARGET_SUFFIX)
        target_data = target_field.data if target_field is not None else None
        target = int(target_data) if target_data and target_data.isdigit() else None
        comment_field = form._fields.get(item.id + COMMENT_SUFFIX)
        comment = (comment_field.data or "").strip() or None if comment_field is not None else None
        posted[item.id] = AnswerInput(value, target, comment)
    return posted


def initial_data(items: Iterable[Item], answers: Mapping[str, Any]) -> dict[str, Any]:
    """Form data from stored answers (``StoredAnswer`` by item id), for a page being shown."""
    data: dict[str, Any] = {}
    for item in items:
        stored = answers.get(item.id)
        if stored is None:
            continue
        value = stored.value
        data[item.id] = value if isinstance(value, list) or value is None else str(value)
        data[item.id + TARGET_SUFFIX] = str(stored.target) if stored.target else None
        data[item.id + COMMENT_SUFFIX] = stored.comment
    return data


class StartForm(BaseForm):
    """ "Start now": only its CSRF token matters."""


class SubmitForm(RevisionForm):
    """ "Send answers" on the check-your-answers page, with the revision it was drawn from."""


class ResumeForm(BaseForm):
    code = StringField(
        "Resume code",
        description="The 8-character code you were given, like ABCD-EFGH",
        widget=NhsInput(width=10, autocomplete="off", spellcheck=False),
        validators=[
            DataRequired(message="Enter your resume code"),
            Length(max=20, message="Enter the 8-character code you were given, like ABCD-EFGH"),
        ],
    )

    def validate_code(self, field: Field) -> None:
        if not is_well_formed_code(field.data or ""):
            raise ValidationError("Enter the 8-character code you were given, like ABCD-EFGH")
