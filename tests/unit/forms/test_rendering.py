"""Params built from WTForms fields: names, ids, choices, data, hints, dividers and errors."""

from __future__ import annotations

from typing import Any

from jinja2 import Environment
from werkzeug.datastructures import MultiDict
from wtforms import (
    EmailField,
    Form,
    HiddenField,
    PasswordField,
    RadioField,
    SelectChoice,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length

from valuedcare.forms.rendering import (
    checkboxes_params,
    error_list,
    input_params,
    radios_params,
    textarea_params,
)

LEVEL_CHOICES = [
    SelectChoice("1", "Beginning"),
    SelectChoice("2", "Emerging"),
    SelectChoice("3", "Developing"),
    SelectChoice("dont_know", "Don't know"),
]
PARTNER_CHOICES = [
    SelectChoice("gp", "Primary care"),
    SelectChoice("la", "Local authority"),
    SelectChoice("none", "None of these"),
]


class MaturityForm(Form):
    token = HiddenField(validators=[InputRequired("The form expired")])
    involvement = RadioField(
        choices=LEVEL_CHOICES, validators=[InputRequired("Select how you involve people")]
    )
    partners = SelectMultipleField(
        choices=PARTNER_CHOICES,
        validators=[InputRequired("Select which partners took part")],
    )
    comments = TextAreaField(validators=[Length(max=300, message="Too long")])
    email = EmailField()
    password = PasswordField()
    name = StringField()


def make_form(**data: Any) -> MaturityForm:
    return MaturityForm(formdata=MultiDict(data) if data else None)


def test_radios_params_lists_choices_with_divider_hints_and_checked_answer() -> None:
    form = make_form(involvement="2")
    params = radios_params(
        form.involvement,
        legend="How do you involve people?",
        hint="Choose one",
        item_hints={1: "Little involvement"},
        divider_before="dont_know",
    )
    assert params == {
        "name": "involvement",
        "idPrefix": "involvement",
        "fieldset": {"legend": {"text": "How do you involve people?", "size": "m"}},
        "hint": "Choose one",
        "items": [
            {
                "value": "1",
                "text": "Beginning",
                "checked": False,
                "hint": {"text": "Little involvement"},
            },
            {"value": "2", "text": "Emerging", "checked": True},
            {"value": "3", "text": "Developing", "checked": False},
            {"divider": "or"},
            {"value": "dont_know", "text": "Don't know", "checked": False},
        ],
    }


def test_radios_params_legend_as_page_heading_is_large_with_caption() -> None:
    params = radios_params(
        make_form().involvement, legend="Q", legend_is_heading=True, caption="Culture"
    )
    assert params["fieldset"]["legend"] == {
        "text": "Q",
        "size": "l",
        "isPageHeading": True,
        "caption": "Culture",
    }
    assert "hint" not in params and "errorMessage" not in params


def test_radios_params_carries_the_first_error_after_validation() -> None:
    form = make_form(name="x")
    assert not form.validate()
    params = radios_params(form.involvement, legend="Q")
    assert params["errorMessage"] == {"text": "Select how you involve people"}


def test_checkboxes_params_marks_selected_values_and_exclusive_option() -> None:
    form = MaturityForm(formdata=MultiDict([("partners", "gp"), ("partners", "la")]))
    params = checkboxes_params(
        form.partners, legend="Which partners?", divider_before="none", exclusive="none"
    )
    assert params["items"] == [
        {"value": "gp", "text": "Primary care", "checked": True},
        {"value": "la", "text": "Local authority", "checked": True},
        {"divider": "or"},
        {"value": "none", "text": "None of these", "checked": False, "behaviour": "exclusive"},
    ]


def test_textarea_params_takes_the_character_limit_from_the_length_validator() -> None:
    form = make_form(comments="More staff")
    params = textarea_params(form.comments, label="Anything else?")
    assert params == {
        "name": "comments",
        "id": "comments",
        "label": {"text": "Anything else?"},
        "value": "More staff",
        "maxlength": 300,
    }


def test_textarea_params_word_limit_replaces_the_character_limit() -> None:
    params = textarea_params(make_form().comments, label="L", max_words=150, rows=8)
    assert params["maxwords"] == 150 and params["rows"] == 8
    assert "maxlength" not in params
    assert params["value"] == ""


def test_input_params_uses_the_widget_type_and_never_echoes_passwords() -> None:
    form = make_form(email="a@b.nhs.uk", password="hunter2")
    email = input_params(form.email, label="Email address", autocomplete="email", width=20)
    password = input_params(form.password, label="Password", autocomplete="current-password")
    assert email == {
        "name": "email",
        "id": "email",
        "type": "email",
        "label": {"text": "Email address"},
        "value": "a@b.nhs.uk",
        "autocomplete": "email",
        "width": 20,
    }
    assert password["type"] == "password"
    assert "value" not in password


def test_error_list_links_each_question_in_form_order_and_skips_hidden_links() -> None:
    form = make_form(comments="x" * 301)
    assert not form.validate()
    form.form_errors.append("Answers do not add up")
    assert error_list(form) == [
        {"text": "Answers do not add up"},
        {"text": "The form expired"},
        {"text": "Select how you involve people", "href": "#involvement"},
        {"text": "Select which partners took part", "href": "#partners"},
        {"text": "Too long", "href": "#comments"},
    ]


def test_error_list_is_empty_for_a_valid_form() -> None:
    form = MaturityForm(
        formdata=MultiDict([("token", "t"), ("involvement", "1"), ("partners", "gp")])
    )
    assert form.validate()
    assert error_list(form) == []


def test_rendered_radios_post_back_values_the_field_accepts(jinja_env: Environment) -> None:
    form = make_form()
    macro = jinja_env.get_template("components/radios.html").module.radios
    html = str(macro(radios_params(form.involvement, legend="Q", divider_before="dont_know")))
    assert 'id="involvement-5" name="involvement" type="radio" value="dont_know"' in html
    posted = MaturityForm(formdata=MultiDict({"involvement": "dont_know"}))
    posted.validate()
    assert "involvement" not in posted.errors


def test_error_list_href_targets_the_first_rendered_input(jinja_env: Environment) -> None:
    form = make_form()
    form.validate()
    macro = jinja_env.get_template("components/checkboxes.html").module.checkboxes
    html = str(macro(checkboxes_params(form.partners, legend="Which?")))
    href = next(item["href"] for item in error_list(form) if item.get("href") == "#partners")
    assert f'id="{href[1:]}" name="partners" type="checkbox" value="gp"' in html
