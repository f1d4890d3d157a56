"""The NHS.UK date input: three boxes read into a ``date``, with the service manual's messages."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
from flask import Flask
from werkzeug.datastructures import MultiDict
from wtforms import Form

import valuedcare
from tests.unit.forms.canonical import canonical
from valuedcare.forms.base import BaseForm
from valuedcare.forms.dates import InTheFuture, InThePast, NhsDateField, date_formdata
from valuedcare.forms.rendering import date_input_params, error_list
from valuedcare.forms.widgets import NhsDateInput, render_component
from valuedcare.jinja import configure_jinja

TODAY = date(2027, 6, 15)


class DateForm(Form):
    opens_on = NhsDateField("Opening date", description="For example, 1 4 2027")
    due_on = NhsDateField("Due date (optional)", optional=True)
    born_on = NhsDateField(
        "Date of birth",
        optional=True,
        message="Enter your date of birth",
        validators=[InThePast(today=lambda: TODAY)],
    )
    review_on = NhsDateField(
        "Review date",
        optional=True,
        validators=[InTheFuture(today=lambda: TODAY, allow_today=True)],
        widget=NhsDateInput(legend_size="s"),
    )


@pytest.fixture(scope="module")
def app() -> Iterator[Flask]:
    app = Flask("valuedcare", root_path=str(Path(valuedcare.__file__).parent))
    app.config.update(SECRET_KEY="test", WTF_CSRF_ENABLED=False)
    configure_jinja(app)
    with app.app_context():
        yield app


def posted(day: str = "", month: str = "", year: str = "", **others: str) -> DateForm:
    """A ``DateForm`` posted with ``opens_on`` typed as given (and any other boxes)."""
    data = {"opens_on-day": day, "opens_on-month": month, "opens_on-year": year, **others}
    form = DateForm(MultiDict(data))
    form.validate()
    return form


def boxes_in_error(html: str) -> list[str]:
    return re.findall(r'class="[^"]*nhsuk-input--error[^"]*" id="([^"]+)"', html)


@pytest.mark.parametrize(
    ("day", "month", "year", "expected"),
    [
        ("1", "4", "2027", date(2027, 4, 1)),
        ("01", "04", "2027", date(2027, 4, 1)),
        (" 3 ", "12  ", " 2027 ", date(2027, 12, 3)),
        ("29", "2", "2028", date(2028, 2, 29)),
        ("31", "12", "1999", date(1999, 12, 31)),
    ],
)
def test_a_real_date_is_read_from_the_three_boxes(day, month, year, expected) -> None:
    form = posted(day, month, year)
    assert form.opens_on.errors == []
    assert form.opens_on.data == expected


@pytest.mark.parametrize(
    ("day", "month", "year", "message", "highlighted"),
    [
        ("", "", "", "Enter opening date", ["day", "month", "year"]),
        ("", "4", "2027", "Opening date must include a day", ["day"]),
        ("1", "", "2027", "Opening date must include a month", ["month"]),
        ("1", "4", "", "Opening date must include a year", ["year"]),
        ("", "", "2027", "Opening date must include a day and month", ["day", "month"]),
        ("1", "", "", "Opening date must include a month and year", ["month", "year"]),
        ("", "4", "", "Opening date must include a day and year", ["day", "year"]),
        ("31", "2", "2027", "Opening date must be a real date", ["day"]),
        ("29", "2", "2027", "Opening date must be a real date", ["day"]),
        ("31", "4", "2027", "Opening date must be a real date", ["day"]),
        ("32", "1", "2027", "Opening date must be a real date", ["day"]),
        ("0", "1", "2027", "Opening date must be a real date", ["day"]),
        ("1", "13", "2027", "Opening date must be a real date", ["month"]),
        ("1", "00", "2027", "Opening date must be a real date", ["month"]),
        ("1", "April", "2027", "Opening date must be a real date", ["month"]),
        ("first", "4", "2027", "Opening date must be a real date", ["day"]),
        ("1", "4", "twenty", "Opening date must be a real date", ["year"]),
        ("1", "4", "0000", "Opening date must be a real date", ["year"]),
        ("-1", "4", "2027", "Opening date must be a real date", ["day"]),
        ("1.5", "4", "2027", "Opening date must be a real date", ["day"]),
        ("001", "4", "2027", "Opening date must be a real date", ["day"]),
        ("\uff11", "4", "2027", "Opening date must be a real date", ["day"]),  # full-width 1
        ("1 4", "4", "2027", "Opening date must be a real date", ["day"]),
        ("x", "y", "2027", "Opening date must be a real date", ["day", "month", "year"]),
        ("x", "4", "27", "Opening date must be a real date", ["day", "month", "year"]),
        ("1", "4", "27", "Opening date must include a year with 4 numbers", ["year"]),
        ("1", "4", "20271", "Opening date must include a year with 4 numbers", ["year"]),
        # missing parts come before parts that cannot be right
        ("x", "", "27", "Opening date must include a month", ["month"]),
    ],
)
def test_each_problem_has_the_service_manual_message_and_highlights_its_parts(
    app: Flask, day, month, year, message, highlighted
) -> None:
    form = posted(day, month, year)
    field = form.opens_on
    assert field.errors == [message]
    assert field.data is None
    assert field.parts_in_error == tuple(highlighted)
    html = str(field())
    assert message in html
    assert boxes_in_error(html) == [f"opens_on-{part}" for part in highlighted]
    assert error_list(form) == [{"text": message, "href": f"#opens_on-{highlighted[0]}"}]


def test_what_was_typed_is_shown_again_escaped_with_the_error(app: Flask) -> None:
    form = posted("31", "Feb<script>", " 2027 ")
    html = str(form.opens_on())
    assert 'id="opens_on-day" name="opens_on-day" type="text" value="31"' in html
    assert 'value="Feb&lt;script&gt;"' in html
    assert 'value="2027"' in html  # stripped
    assert "<script>" not in html
    assert "Opening date must be a real date" in html


def test_a_very_long_entry_is_cut_short_when_shown_again(app: Flask) -> None:
    form = posted("9" * 5000, "4", "2027")
    assert form.opens_on.parts["day"] == "9" * 20
    assert form.opens_on.errors == ["Opening date must be a real date"]


def test_the_boxes_are_named_and_labelled_as_nhs_uk_date_input(app: Flask) -> None:
    form = DateForm()
    html = str(form.opens_on())
    for part, label, width in [("day", "Day", 2), ("month", "Month", 2), ("year", "Year", 4)]:
        assert f'<label class="nhsuk-label nhsuk-date-input__label" for="opens_on-{part}">' in html
        assert re.search(rf">\s*{label}\s*</label>", html)
        assert (
            f'class="nhsuk-input nhsuk-input--width-{width} nhsuk-date-input__input" '
            f'id="opens_on-{part}" name="opens_on-{part}" type="text"'
        ) in html
    assert 'inputmode="numeric"' in html
    assert 'type="date"' not in html
    assert '<fieldset class="nhsuk-fieldset" role="group" aria-describedby="opens_on-hint">' in html
    assert "For example, 1 4 2027" in html
    assert "nhsuk-fieldset__legend--m" in html  # a question among several, like radios
    assert "nhsuk-fieldset__legend--s" in str(form.review_on())
    assert "error" not in html


def test_the_widget_renders_the_official_component_from_the_params(app: Flask) -> None:
    form = posted("", "4", "2027")
    expected = render_component(
        "date_input",
        date_input_params(form.opens_on, legend="Opening date", hint="For example, 1 4 2027"),
    )
    assert canonical(form.opens_on()) == canonical(expected)
    official = app.jinja_env.get_template("nhsuk/components/date-input/macro.jinja").module
    params = date_input_params(form.opens_on, legend="Opening date")
    assert canonical(render_component("date_input", params)) == canonical(
        official.dateInput(params)
    )


def test_a_stored_date_is_shown_in_the_boxes(app: Flask) -> None:
    form = DateForm(data={"opens_on": date(2027, 4, 1), "due_on": datetime(2028, 3, 31, 9, 30)})
    assert form.opens_on.parts == {"day": "1", "month": "4", "year": "2027"}
    assert form.due_on.data == date(2028, 3, 31)
    html = str(form.opens_on())
    assert 'value="1"' in html and 'value="4"' in html and 'value="2027"' in html


def test_an_optional_date_left_empty_is_none_without_an_error(app: Flask) -> None:
    form = posted("1", "4", "2027")
    assert form.validate()
    assert (form.due_on.data, form.born_on.data, form.review_on.data) == (None, None, None)
    assert form.due_on.errors == []


def test_an_optional_date_still_checks_what_was_typed(app: Flask) -> None:
    form = posted("1", "4", "2027", **{"due_on-day": "5", "due_on-year": "2027"})
    assert form.due_on.errors == ["Due date must include a month"]  # "(optional)" left out
    assert error_list(form) == [{"text": "Due date must include a month", "href": "#due_on-month"}]


def test_a_required_date_has_its_own_message_when_nothing_is_typed(app: Flask) -> None:
    class Required(Form):
        born_on = NhsDateField("Date of birth", message="Enter your date of birth")

    form = Required(MultiDict({"born_on-day": " ", "born_on-month": "", "born_on-year": ""}))
    assert not form.validate()
    assert form.born_on.errors == ["Enter your date of birth"]
    assert error_list(form) == [{"text": "Enter your date of birth", "href": "#born_on-day"}]
    assert boxes_in_error(str(form.born_on())) == ["born_on-day", "born_on-month", "born_on-year"]


def test_missing_boxes_in_the_post_count_as_empty(app: Flask) -> None:
    form = DateForm(MultiDict({"opens_on-year": "2027"}))
    form.validate()
    assert form.opens_on.errors == ["Opening date must include a day and month"]


@pytest.mark.parametrize(
    ("typed", "errors"),
    [
        (date(2027, 6, 14), []),
        (date(1984, 3, 15), []),
        (date(2027, 6, 15), ["Date of birth must be in the past"]),
        (date(2027, 6, 16), ["Date of birth must be in the past"]),
    ],
)
def test_in_the_past(app: Flask, typed, errors) -> None:
    form = posted("1", "4", "2027", **date_formdata("born_on", typed))
    assert form.born_on.errors == errors
    if errors:
        assert form.born_on.parts_in_error == ("day", "month", "year")  # the date as a whole
        assert {"text": errors[0], "href": "#born_on-day"} in error_list(form)


@pytest.mark.parametrize(
    ("typed", "errors"),
    [
        (date(2027, 6, 15), []),
        (date(2030, 1, 1), []),
        (date(2027, 6, 14), ["Review date must be today or in the future"]),
    ],
)
def test_today_or_in_the_future(app: Flask, typed, errors) -> None:
    form = posted("1", "4", "2027", **date_formdata("review_on", typed))
    assert form.review_on.errors == errors


@pytest.mark.parametrize(
    ("validator", "typed", "message"),
    [
        (InThePast(today=lambda: TODAY, allow_today=True), TODAY, None),
        (
            InThePast(today=lambda: TODAY, allow_today=True),
            date(2027, 6, 16),
            "today or in the past",
        ),
        (InTheFuture(today=lambda: TODAY), TODAY, "in the future"),
        (InTheFuture(today=lambda: TODAY), date(2027, 6, 16), None),
    ],
)
def test_allow_today_and_the_messages_it_gives(app: Flask, validator, typed, message) -> None:
    class When(Form):
        when = NhsDateField("When", validators=[validator])

    form = When(MultiDict(date_formdata("when", typed)))
    valid = form.validate()
    assert form.when.errors == ([] if message is None else [f"When must be {message}"])
    assert valid is (message is None)


def test_today_is_asked_at_each_check_and_a_message_can_be_given(app: Flask) -> None:
    days = iter([date(2027, 1, 1), date(2027, 12, 31)])

    class When(Form):
        when = NhsDateField(
            "When", validators=[InTheFuture(today=lambda: next(days), message="Too late")]
        )

    data = MultiDict(date_formdata("when", date(2027, 6, 1)))
    assert When(data).validate()
    late = When(data)
    assert not late.validate() and late.when.errors == ["Too late"]


def test_the_date_checks_come_before_the_validators(app: Flask) -> None:
    form = posted("1", "4", "2027", **date_formdata("born_on", "31/2/2090"))
    assert form.born_on.errors == ["Date of birth must be a real date"]


def test_an_error_added_by_a_view_highlights_the_whole_date(app: Flask) -> None:
    form = posted("1", "4", "2027")
    form.opens_on.errors.append("A cycle already opens on that date")
    assert form.opens_on.parts_in_error == ("day", "month", "year")
    assert boxes_in_error(str(form.opens_on())) == [
        "opens_on-day",
        "opens_on-month",
        "opens_on-year",
    ]


class ScreenedForm(BaseForm):
    opens_on = NhsDateField("Opening date")


@pytest.mark.parametrize("character", ["\x00", "\x1f", "\x7f", "\x85", "\n", "\t"])
def test_control_characters_are_refused_and_removed_when_shown_again(
    app: Flask, character: str
) -> None:
    data = date_formdata("opens_on", {"day": "1", "month": f"4{character}", "year": "2027"})
    with app.test_request_context(method="POST", data=data):
        form = ScreenedForm()
        assert not form.validate()
        assert form.opens_on.errors == ["Opening date must not contain control characters"]
        assert form.opens_on.data is None
        assert form.opens_on.parts["month"] == "4"
        html = str(form.opens_on())
        assert 'id="opens_on-month" name="opens_on-month" type="text" value="4"' in html
        assert error_list(form) == [
            {"text": "Opening date must not contain control characters", "href": "#opens_on-day"}
        ]


def test_bidirectional_controls_are_removed_quietly(app: Flask) -> None:
    data = date_formdata("opens_on", {"day": "\u202e1", "month": "4\u2066", "year": "2027"})
    with app.test_request_context(method="POST", data=data):
        form = ScreenedForm()
        assert form.validate()
        assert form.opens_on.data == date(2027, 4, 1)


def test_date_formdata_builds_the_posted_names() -> None:
    assert date_formdata("d", date(2027, 4, 1)) == {"d-day": "1", "d-month": "4", "d-year": "2027"}
    assert date_formdata("d", "31/2/27") == {"d-day": "31", "d-month": "2", "d-year": "27"}
    assert date_formdata("d", "5") == {"d-day": "5", "d-month": "", "d-year": ""}
    assert date_formdata("d", {"year": "2027"}) == {"d-day": "", "d-month": "", "d-year": "2027"}
