"""Our lean components emit the same markup as the official nhsuk_frontend_jinja macros."""

from __future__ import annotations

from typing import Any

import pytest
from jinja2 import Environment
from markupsafe import Markup

from tests.unit.forms.canonical import canonical

OURS = {
    "radios": ("components/radios.html", "radios"),
    "checkboxes": ("components/checkboxes.html", "checkboxes"),
    "textarea": ("components/textarea.html", "textarea"),
    "input": ("components/input.html", "input"),
    "error_summary": ("components/error_summary.html", "error_summary"),
    "fieldset": ("components/fieldset.html", "fieldset"),
}
OFFICIAL = {
    "radios": ("nhsuk/components/radios/macro.jinja", "radios"),
    "checkboxes": ("nhsuk/components/checkboxes/macro.jinja", "checkboxes"),
    "textarea": ("nhsuk/components/textarea/macro.jinja", "textarea"),
    "characterCount": ("nhsuk/components/character-count/macro.jinja", "characterCount"),
    "input": ("nhsuk/components/input/macro.jinja", "input"),
    "errorSummary": ("nhsuk/components/error-summary/macro.jinja", "errorSummary"),
    "fieldset": ("nhsuk/components/fieldset/macro.jinja", "fieldset"),
}

LEVELS = [
    {"value": "1", "text": "Beginning"},
    {"value": "2", "text": "Emerging"},
    {"value": "3", "text": "Developing"},
    {"value": "4", "text": "Embedded"},
    {"value": "5", "text": "Leading"},
]


def render(env: Environment, table: dict[str, tuple[str, str]], key: str, params: Any) -> str:
    path, name = table[key]
    return str(getattr(env.get_template(path).module, name)(params))


CASES = [
    pytest.param(
        "radios",
        "radios",
        {"name": "q1", "fieldset": {"legend": "Plain legend"}, "items": LEVELS[:2]},
        id="radios-minimal",
    ),
    pytest.param(
        "radios",
        "radios",
        {
            "name": "q1",
            "fieldset": {"legend": {"text": "How do you involve people?", "size": "m"}},
            "hint": "Choose the statement closest to your trust today",
            "errorMessage": {"text": "Select how you involve people"},
            "items": LEVELS,
        },
        id="radios-hint-error",
    ),
    pytest.param(
        "radios",
        "radios",
        {
            "name": "culture-q2",
            "idPrefix": "culture_q2",
            "fieldset": {"legend": {"text": "Psychological safety", "size": "m"}},
            "items": [
                {"value": "1", "text": "Beginning", "hint": {"text": "Staff fear blame"}},
                {"value": "2", "text": "Emerging", "hint": "Some teams feel safe"},
                {"value": "3", "text": "Developing", "checked": True},
                {"divider": "or"},
                {"value": "dont_know", "text": "Don't know"},
            ],
        },
        id="radios-item-hints-checked-divider",
    ),
    pytest.param(
        "radios",
        "radios",
        {
            "name": "q9",
            "fieldset": {
                "legend": {
                    "text": "How mature is your digital strategy?",
                    "isPageHeading": True,
                    "size": "l",
                    "caption": "Digitalisation",
                }
            },
            "hint": "Think about the last 12 months",
            "items": LEVELS,
        },
        id="radios-legend-page-heading-caption",
    ),
    pytest.param(
        "radios",
        "radios",
        {
            "name": "q5",
            "value": "4",
            "classes": "nhsuk-radios--inline",
            "formGroup": {"classes": "app-question"},
            "fieldset": {"legend": {"text": "Legend", "size": "s", "classes": "app-legend"}},
            "items": [
                {"value": "3", "text": "Three", "disabled": True},
                {"value": "4", "text": "Four"},
                {"value": "5", "text": "Five", "checked": False},
            ],
        },
        id="radios-value-inline-disabled",
    ),
    pytest.param(
        "radios",
        "radios",
        {
            "name": "q6",
            "fieldset": {"legend": {"text": "Risk <b>&</b> safety", "isPageHeading": True}},
            "hint": Markup("See <a href='/guide'>the guide</a>"),
            "errorMessage": "Select an answer",
            "items": [
                {"value": "a&b", "text": "Tom & Jerry <i>"},
                {"value": "x", "html": Markup("<b>X</b>")},
            ],
        },
        id="radios-escaping-and-html",
    ),
    pytest.param(
        "radios",
        "radios",
        {"name": "q7", "hint": "No fieldset", "errorMessage": "Oops", "items": LEVELS[:2]},
        id="radios-without-fieldset",
    ),
    pytest.param(
        "checkboxes",
        "checkboxes",
        {
            "name": "partners",
            "fieldset": {"legend": {"text": "Which partners took part?", "size": "m"}},
            "hint": "Select all that apply",
            "errorMessage": {"text": "Select which partners took part"},
            "items": [
                {"value": "gp", "text": "Primary care", "checked": True, "hint": "GP practices"},
                {"value": "la", "text": "Local authority"},
                {"value": "vcse", "text": "Voluntary sector"},
            ],
        },
        id="checkboxes-hint-error-checked",
    ),
    pytest.param(
        "checkboxes",
        "checkboxes",
        {
            "name": "sources",
            "idPrefix": "sources-field",
            "values": ["b"],
            "fieldset": {"legend": {"text": "Sources", "isPageHeading": True, "size": "l"}},
            "items": [
                {"value": "a", "text": "A"},
                {"value": "b", "text": "B"},
                {"divider": "or"},
                {"value": "none", "text": "None of these", "behaviour": "exclusive"},
            ],
        },
        id="checkboxes-values-divider-exclusive",
    ),
    pytest.param(
        "checkboxes",
        "checkboxes",
        {
            "name": "agree",
            "hint": "Group hint",
            "items": [
                {"value": "yes", "text": "I agree", "hint": "Item hint"},
                {"value": "n", "text": "N"},
            ],
        },
        id="checkboxes-without-fieldset",
    ),
    pytest.param(
        "textarea",
        "textarea",
        {
            "name": "comments",
            "label": {"text": "What would help most?", "size": "m"},
            "hint": "Do not include names",
            "errorMessage": "Enter what would help most",
            "value": "More <time> & staff",
        },
        id="textarea-hint-error-value",
    ),
    pytest.param(
        "textarea",
        "textarea",
        {
            "name": "story",
            "id": "story-id",
            "rows": 8,
            "label": {"text": "Tell us", "isPageHeading": True, "size": "l", "caption": "Feedback"},
        },
        id="textarea-label-page-heading",
    ),
    pytest.param(
        "textarea",
        "characterCount",
        {
            "name": "evidence",
            "label": "Evidence",
            "hint": "Summarise the evidence",
            "errorMessage": "Evidence must be 500 characters or fewer",
            "maxlength": 500,
            "value": "abc",
        },
        id="textarea-character-limit",
    ),
    pytest.param(
        "textarea",
        "characterCount",
        {
            "name": "words",
            "label": {"text": "Words", "size": "s"},
            "maxwords": 150,
            "threshold": 75,
        },
        id="textarea-word-limit",
    ),
    pytest.param(
        "input",
        "input",
        {
            "name": "trust_name",
            "label": "Trust name",
            "hint": "As registered",
            "errorMessage": {"text": "Enter the trust name"},
            "value": "Mersey & West",
            "width": 20,
            "autocomplete": "organization",
        },
        id="input-hint-error-width",
    ),
    pytest.param(
        "input",
        "input",
        {
            "name": "email",
            "id": "email-address",
            "type": "email",
            "label": {"text": "Email address", "isPageHeading": True, "size": "l"},
            "spellcheck": False,
            "inputmode": "email",
            "autocomplete": "email",
        },
        id="input-email-page-heading",
    ),
    pytest.param(
        "input",
        "input",
        {
            "name": "code",
            "label": "Code",
            "value": "",
            "classes": "app-code",
            "attributes": {"maxlength": "8"},
        },
        id="input-empty-value-attributes",
    ),
    pytest.param(
        "error_summary",
        "errorSummary",
        {
            "titleText": "There is a problem",
            "errorList": [
                {"text": "Select how you involve people", "href": "#q1"},
                {"text": "Enter the trust name", "href": "#trust_name"},
                {"text": "The form expired. Try again."},
            ],
        },
        id="error-summary-links",
    ),
    pytest.param(
        "error_summary",
        "errorSummary",
        {"heading": "There is a problem", "description": "Check your answers", "errorList": []},
        id="error-summary-description",
    ),
    pytest.param(
        "fieldset",
        "fieldset",
        {
            "legend": {"text": "Contact details", "isPageHeading": True, "size": "l"},
            "describedBy": "contact-hint",
            "html": Markup("<p class='nhsuk-body'>Body</p>"),
        },
        id="fieldset-heading-html",
    ),
]


@pytest.mark.parametrize(("ours", "official", "params"), CASES)
def test_component_matches_official_macro(
    jinja_env: Environment, ours: str, official: str, params: dict[str, Any]
) -> None:
    expected = canonical(render(jinja_env, OFFICIAL, official, params))
    actual = canonical(render(jinja_env, OURS, ours, params))
    assert actual == expected


def test_canonical_ignores_layout_whitespace_only() -> None:
    assert canonical('<div class="a">\n  <b>x</b>\n</div>') == canonical(
        '<div class="a"><b>x</b></div>'
    )
    assert canonical('<input id="a" checked>') != canonical('<input id="a">')
    assert canonical('<div class="a b"></div>') != canonical('<div class="a"></div>')
    assert canonical("<p>one two</p>") != canonical("<p>one</p>")


def test_divider_takes_a_position_in_the_id_numbering(jinja_env: Environment) -> None:
    params = {
        "name": "q1",
        "fieldset": {"legend": "Q"},
        "items": [
            {"value": "1", "text": "One"},
            {"divider": "or"},
            {"value": "dk", "text": "Don't know"},
        ],
    }
    html = render(jinja_env, OURS, "radios", params)
    assert 'id="q1"' in html
    assert 'id="q1-3" name="q1" type="radio" value="dk"' in html
    assert '<div class="nhsuk-radios__divider">or</div>' in html


def test_text_is_escaped_and_markup_is_trusted(jinja_env: Environment) -> None:
    params = {
        "name": "q",
        "fieldset": {"legend": "<script>alert(1)</script>"},
        "hint": Markup("<strong>bold</strong>"),
        "items": [{"value": '"><x', "text": "<img src=x>"}],
    }
    html = render(jinja_env, OURS, "radios", params)
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;" in html
    assert 'value="&#34;&gt;&lt;x"' in html
    assert "<strong>bold</strong>" in html


def test_textarea_writes_spellcheck_as_a_valid_lowercase_value(jinja_env: Environment) -> None:
    # The official textarea writes spellcheck="False", which browsers ignore; ours is valid HTML.
    html = render(jinja_env, OURS, "textarea", {"name": "t", "label": "T", "spellcheck": False})
    assert 'spellcheck="false"' in html
