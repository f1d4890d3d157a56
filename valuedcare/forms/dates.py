"""Dates typed as the NHS.UK date input: three boxes, Day, Month and Year.

The service never uses the browser's ``<input type="date">`` picker: its look and the order of its
parts follow the browser's locale, and the NHS.UK service manual asks for three text boxes
(https://service-manual.nhs.uk/design-system/components/date-input). A form declares::

    opens_on = NhsDateField("Opening date", message="Enter the opening date",
                            description="For example, 1 4 2027")
    due_on = NhsDateField("Due date (optional)", optional=True,
                          validators=[InTheFuture(today=clock.today, allow_today=True)])

and the template says ``{{ form.opens_on() }}``. The boxes post ``<name>-day``, ``<name>-month``
and ``<name>-year`` and have those ids too; ``field.data`` is a ``datetime.date`` or ``None``.

What was typed is kept (``field.parts``) and shown again with any error, invalid text included.
Errors follow the service manual, in its order of priority, naming the date by its label (without
" (optional)"):

- nothing typed: ``message`` (default "Enter <label>"), unless the field is ``optional``;
- some parts missing: "<Label> must include a day", "... a month and year";
- a part that cannot be right: "<Label> must be a real date" (31 February, "March", month 13);
- a year that is not 4 numbers: "<Label> must include a year with 4 numbers";
- then the field's validators, such as ``InThePast`` and ``InTheFuture``.

Only the parts in error get the error style (``field.parts_in_error``), and the error summary
links to the first of them. An error about the date as a whole (from a validator, or added by a
view) highlights all three. Like every text field of a ``BaseForm`` (see ``forms.base``), a part
with a control character is refused and shown again without it; bidirectional controls are
removed quietly.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime
from typing import Any

from wtforms import Field, Form
from wtforms.utils import unset_value
from wtforms.validators import StopValidation, ValidationError

from valuedcare.forms.base import (
    has_control_characters,
    remove_control_characters,
    strip_bidi_controls,
)
from valuedcare.forms.widgets import NhsDateInput

#: The parts of a date, in the order of the boxes.
PARTS = ("day", "month", "year")

#: Longest text kept from one box: enough for any mistake worth showing again.
MAX_PART_LENGTH = 20

_DAY_OR_MONTH = re.compile("[0-9]{1,2}")
_NUMBER = re.compile("[0-9]+")
_YEAR = re.compile("[0-9]{4}")


def date_name(field: Field) -> str:
    """How messages name the date: its label without " (optional)", or "Date"."""
    label = str(field.label.text).removesuffix(" (optional)").strip()
    return label or "Date"


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _and(words: Sequence[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _parts_of(value: date | None) -> dict[str, str]:
    if value is None:
        return dict.fromkeys(PARTS, "")
    return {"day": str(value.day), "month": str(value.month), "year": str(value.year)}


class NhsDateField(Field):
    """A date typed in three boxes; ``data`` is a ``datetime.date`` or ``None``.

    Inputs: ``label``; ``validators`` (run only on a complete, real date, such as ``InThePast``
    or ``InTheFuture``); ``optional``: nothing typed is ``None`` rather than an error;
    ``message``: the error when nothing is typed (default "Enter <label>"); any other ``Field``
    argument (``description`` is the hint, ``default`` a ``date``, ``widget`` an ``NhsDateInput``
    with options such as ``legend_size``).
    """

    widget = NhsDateInput()

    def __init__(
        self,
        label: str | None = None,
        validators: Sequence[Any] | None = None,
        *,
        optional: bool = False,
        message: str | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(label, validators, **kwargs)
        self.optional = optional
        self.message = message
        self.parts: dict[str, str] = dict.fromkeys(PARTS, "")
        self._problem: str | None = None
        self._problem_parts: tuple[str, ...] = ()

    def part_name(self, part: str) -> str:
        """The posted name of one box: ``<name>-day``, ``<name>-month`` or ``<name>-year``."""
        return f"{self.name}-{part}"

    def part_id(self, part: str) -> str:
        """The id of one box: ``<id>-day``, ``<id>-month`` or ``<id>-year``."""
        return f"{self.id}-{part}"

    @property
    def parts_in_error(self) -> tuple[str, ...]:
        """The parts to highlight: those a problem was found in, or all three for any other
        error; none when the field has no error."""
        if not self.errors:
            return ()
        return self._problem_parts or PARTS

    @property
    def error_target_id(self) -> str:
        """The id the error summary links to: the first box in error (the day box if none)."""
        return self.part_id((self.parts_in_error or PARTS)[0])

    def process(
        self,
        formdata: Any,
        data: Any = unset_value,
        extra_filters: Sequence[Callable[..., Any]] | None = None,
    ) -> None:
        self.process_errors: list[str] = []
        self._problem, self._problem_parts = None, ()
        if data is unset_value:
            data = self.default() if callable(self.default) else self.default
        self.object_data = data
        if isinstance(data, datetime):
            data = data.date()
        self.data: date | None = data if isinstance(data, date) else None
        self.parts = _parts_of(self.data)
        self.raw_data: list[str] | None = None
        if formdata is not None:
            self._read(formdata)

    def _read(self, formdata: Any) -> None:
        refused = False
        for part in PARTS:
            values = formdata.getlist(self.part_name(part))
            text = strip_bidi_controls(str(values[0]) if values else "")
            if has_control_characters(text):
                refused = True
                text = remove_control_characters(text)
            self.parts[part] = text.strip()[:MAX_PART_LENGTH]
        self.raw_data = [self.parts[part] for part in PARTS]
        self.data = None
        if refused:
            self._fail("must not contain control characters", PARTS)
        else:
            self._parse()

    def _fail(self, problem: str, parts: tuple[str, ...]) -> None:
        self._problem = f"{date_name(self)} {problem}"
        self._problem_parts = parts

    def _parse(self) -> None:
        day, month, year = (self.parts[part] for part in PARTS)
        missing = tuple(part for part in PARTS if not self.parts[part])
        if len(missing) == len(PARTS):
            return  # nothing typed: pre_validate decides (optional or "Enter ...")
        if missing:
            self._fail(f"must include a {_and(missing)}", missing)
            return
        wrong = tuple(
            part
            for part, ok in (
                ("day", _DAY_OR_MONTH.fullmatch(day) and 1 <= int(day) <= 31),
                ("month", _DAY_OR_MONTH.fullmatch(month) and 1 <= int(month) <= 12),
                ("year", _NUMBER.fullmatch(year) and int(year) >= 1),
            )
            if not ok
        )
        short_year = "year" not in wrong and not _YEAR.fullmatch(year)
        if len(wrong) > 1 or (wrong and short_year):
            self._fail("must be a real date", PARTS)
        elif wrong:
            self._fail("must be a real date", wrong)
        elif short_year:
            self._fail("must include a year with 4 numbers", ("year",))
        else:
            try:
                self.data = date(int(year), int(month), int(day))
            except ValueError:  # a day the month does not have, such as 31 April
                self._fail("must be a real date", ("day",))

    def pre_validate(self, form: Form) -> None:
        """Refuse a partial or impossible date, and a missing one unless ``optional``; either
        way nothing else is checked. Validators then see only a real date."""
        if self._problem:
            raise StopValidation(self._problem)
        if self.data is None:
            if self.optional:
                raise StopValidation()  # no message: no error, and no other check
            raise StopValidation(self.message or f"Enter {_lower_first(date_name(self))}")


class _RelativeToToday:
    """Base of ``InThePast`` and ``InTheFuture``: compares ``field.data`` with ``today()``."""

    later: bool

    def __init__(
        self,
        today: Callable[[], date] = date.today,
        *,
        allow_today: bool = False,
        message: str | None = None,
    ) -> None:
        self.today = today
        self.allow_today = allow_today
        self.message = message

    def __call__(self, form: Form, field: Field) -> None:
        value = field.data
        if value is None:
            return
        today = self.today()
        ok = self.allow_today if value == today else (value > today) == self.later
        if not ok:
            when = "in the future" if self.later else "in the past"
            if self.allow_today:
                when = f"today or {when}"
            raise ValidationError(self.message or f"{date_name(field)} must be {when}")


class InThePast(_RelativeToToday):
    """A validator: the date must be before ``today()`` ("<Label> must be in the past"), or
    with ``allow_today=True`` not after it ("... must be today or in the past").

    ``today`` is a callable returning a ``date`` (default ``date.today``), called at each check,
    so a test or a service clock can fix it. ``message`` replaces the default message.
    """

    later = False


class InTheFuture(_RelativeToToday):
    """A validator: the date must be after ``today()`` ("<Label> must be in the future"), or
    with ``allow_today=True`` not before it ("... must be today or in the future").

    ``today`` and ``message`` as for ``InThePast``.
    """

    later = True


def date_formdata(name: str, value: date | Mapping[str, str] | str) -> dict[str, str]:
    """Posted data for a date field: ``{"<name>-day": ..., "<name>-month": ..., ...}``.

    ``value`` is a ``date``, a mapping of parts (missing ones are empty) or "D/M/YYYY" text
    (split on "/", for tests that type odd values). For tests and tools that post forms.
    """
    if isinstance(value, date):
        parts = _parts_of(value)
    elif isinstance(value, str):
        parts = dict(zip(PARTS, [*value.split("/", 2), "", ""], strict=False))
    else:
        parts = {part: value.get(part, "") for part in PARTS}
    return {f"{name}-{part}": parts[part] for part in PARTS}
