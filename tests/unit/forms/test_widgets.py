"""NHS.UK widgets: ``{{ form.field() }}`` renders our components with params from the field."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from werkzeug.datastructures import MultiDict
from wtforms import Form, RadioField, SelectChoice, StringField, TextAreaField
from wtforms.validators import InputRequired, Length

import valuedcare
from tests.unit.forms.canonical import canonical
from valuedcare.forms.rendering import input_params, radios_params, textarea_params
from valuedcare.forms.widgets import (
    NhsInput,
    NhsRadios,
    NhsTextarea,
    merge_params,
    render_component,
)
from valuedcare.jinja import configure_jinja

CHOICES = [SelectChoice("1", "Beginning"), SelectChoice("dont_know", "Don't know")]


class WidgetForm(Form):
    level = RadioField(
        "How mature is this?",
        choices=CHOICES,
        description="Choose one",
        validators=[InputRequired("Select a level")],
        widget=NhsRadios(divider_before="dont_know"),
    )
    notes = TextAreaField("Notes", validators=[Length(max=200)], widget=NhsTextarea())
    trust = StringField("Trust name", widget=NhsInput(params={"classes": "app-trust"}))


@pytest.fixture(scope="module")
def app() -> Iterator[Flask]:
    app = Flask("valuedcare", root_path=str(Path(valuedcare.__file__).parent))
    configure_jinja(app)
    with app.app_context():
        yield app


def test_radios_widget_renders_the_component_from_label_and_description(app: Flask) -> None:
    form = WidgetForm(MultiDict({"notes": "x"}))
    form.validate()
    expected = render_component(
        "radios",
        radios_params(
            form.level, legend="How mature is this?", hint="Choose one", divider_before="dont_know"
        ),
    )
    assert canonical(form.level()) == canonical(expected)
    assert "Select a level" in form.level()


def test_render_time_options_and_params_override_the_widget_defaults(app: Flask) -> None:
    form = WidgetForm()
    html = form.level(legend_is_heading=True, params={"classes": "nhsuk-radios--inline"})
    assert '<h1 class="nhsuk-fieldset__heading">How mature is this?</h1>' in html
    assert 'class="nhsuk-radios nhsuk-radios--inline"' in html
    assert "nhsuk-radios--inline" not in form.level()


def test_textarea_and_input_widgets_use_their_params_builders(app: Flask) -> None:
    form = WidgetForm(MultiDict({"notes": "More staff", "trust": "North"}))
    notes = render_component("textarea", textarea_params(form.notes, label="Notes"))
    trust = render_component(
        "input",
        merge_params(input_params(form.trust, label="Trust name"), {"classes": "app-trust"}),
    )
    assert canonical(form.notes()) == canonical(notes)
    assert 'data-maxlength="200"' in form.notes()
    assert canonical(form.trust()) == canonical(trust)
    assert 'class="nhsuk-input app-trust"' in form.trust()


def test_merge_params_is_deep_and_leaves_its_inputs_alone() -> None:
    base = {"fieldset": {"legend": {"text": "Q", "size": "m"}}, "items": [1]}
    override = {"fieldset": {"legend": {"size": "l"}}, "classes": "x"}
    merged = merge_params(base, override)
    assert merged == {
        "fieldset": {"legend": {"text": "Q", "size": "l"}},
        "items": [1],
        "classes": "x",
    }
    assert base == {"fieldset": {"legend": {"text": "Q", "size": "m"}}, "items": [1]}
    merged["items"].append(2)
    assert base["items"] == [1]


def test_a_render_never_changes_the_widget_or_the_next_render(app: Flask) -> None:
    widget = WidgetForm.trust.kwargs["widget"]
    before = (dict(widget.params), dict(widget.options))
    form = WidgetForm()
    first = form.trust(params={"classes": "app-other", "attributes": {"data-x": "1"}})
    labelled = form.trust(for_statement="Culture: staff feel safe")
    assert 'class="nhsuk-input app-other"' in first and 'data-x="1"' in first
    hidden = '<span class="nhsuk-u-visually-hidden"> for “Culture: staff feel safe”</span>'
    assert hidden in labelled
    assert (widget.params, widget.options) == before
    plain = form.trust()
    assert 'class="nhsuk-input app-trust"' in plain and "data-x" not in plain
    assert "visually-hidden" not in plain
