"""The field builders: one field (or more) per item type, choices checked with plain messages,
required answers only for "Save and continue"."""

from __future__ import annotations

from typing import Any

import pytest
from wtforms import RadioField, SelectMultipleField, StringField, TextAreaField

from valuedcare.questionnaire import Item, Section
from valuedcare.survey.forms import QUESTION_FIELDS, build_section_form, posted_items

LEVELS = ("one", "two", "three", "four", "five")
OPTIONS = ({"value": "yes", "label": "Yes"}, {"value": "no", "label": "No"})


def _item(**fields: Any) -> Item:
    return Item.model_validate({"id": "q1", "text": "Question?", **fields})


def _validate(app: Any, item: Item, data: dict[str, Any], *, later: bool = False) -> Any:
    form_class = build_section_form(Section(id="s", title="S", items=(item,)), {item.id})
    with app.test_request_context(method="POST", data={"revision": "1", **data}):
        form = form_class()
        form.require_answers = not later
        form.validate()
        return form


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"type": "maturity", "levels": LEVELS}, RadioField),
        ({"type": "likert", "options": OPTIONS}, RadioField),
        ({"type": "frequency", "options": OPTIONS}, RadioField),
        ({"type": "single_choice", "options": OPTIONS}, RadioField),
        ({"type": "multiple_choice", "options": OPTIONS}, SelectMultipleField),
        ({"type": "scale", "min": 0, "max": 10}, RadioField),
        ({"type": "number", "min": 0, "max": 100}, StringField),
        ({"type": "text", "max_length": 50}, TextAreaField),
    ],
)
def test_one_builder_per_item_type(fields: dict[str, Any], expected: type) -> None:
    item = _item(**fields)
    built = QUESTION_FIELDS[item.type](item)
    assert built["q1"].field_class is expected


def test_every_item_type_has_a_builder() -> None:
    from valuedcare.questionnaire import ITEM_TYPES

    assert set(QUESTION_FIELDS) == set(ITEM_TYPES)


def test_maturity_item_has_levels_dont_know_target_and_evidence(app: Any) -> None:
    item = _item(
        type="maturity",
        levels=LEVELS,
        allow_dont_know=True,
        ask_target=True,
        comment={"label": "Evidence (optional)", "max_length": 10},
    )
    form = _validate(app, item, {"q1": "3", "q1__target": "4", "q1__comment": "Minutes"})
    assert form.errors == {}
    assert [c.value for c in form.q1.choices] == ["1", "2", "3", "4", "5", "dont_know"]
    [posted] = posted_items(form, [item]).values()
    assert (posted.value, posted.target, posted.comment) == ("3", 4, "Minutes")
    unknown = _validate(app, item, {"q1": "dont_know", "q1__target": "none"})
    assert unknown.errors == {}
    too_long = _validate(app, item, {"q1": "3", "q1__comment": "x" * 11})
    assert too_long.errors == {"q1__comment": ["Evidence must be 10 characters or fewer"]}


def test_a_new_class_per_page() -> None:
    section = Section(id="s", title="S", items=(_item(type="text", max_length=5),))
    first, second = build_section_form(section, {"q1"}), build_section_form(section, {"q1"})
    assert first is not second
    assert "q1" not in vars(first.__mro__[1])  # fields never land on the shared base class


def test_hidden_items_get_no_field(app: Any) -> None:
    section = Section(id="s", title="S", items=(_item(type="text", max_length=5),))
    with app.test_request_context():
        assert "q1" not in build_section_form(section, set())()
        assert "q1" in build_section_form(section, {"q1"})()


def test_required_only_when_continuing(app: Any) -> None:
    item = _item(type="single_choice", options=OPTIONS)
    assert "q1" in _validate(app, item, {}).errors
    assert _validate(app, item, {}, later=True).errors == {}
    optional = _item(type="single_choice", options=OPTIONS, required=False)
    assert _validate(app, optional, {}).errors == {}


@pytest.mark.parametrize(
    ("fields", "value", "message"),
    [
        ({"type": "single_choice", "options": OPTIONS}, "maybe", "Select one of the options"),
        ({"type": "multiple_choice", "options": OPTIONS}, ["yes", "x"], "Select only options"),
        ({"type": "scale", "min": 0, "max": 10}, "11", "Choose a number from 0 to 10"),
        ({"type": "number", "min": 0, "max": 100}, "101", "Enter a whole number between 0"),
        ({"type": "number", "min": 0, "max": 100}, "twelve", "Enter a whole number between 0"),
        ({"type": "number"}, "1.5", "Enter a whole number, like 12"),
        ({"type": "text", "max_length": 5}, "toolong", "must be 5 characters or fewer"),
        ({"type": "maturity", "levels": LEVELS}, "dont_know", "Select one of the levels"),
    ],
)
def test_bad_values_get_plain_messages(
    app: Any, fields: dict[str, Any], value: Any, message: str
) -> None:
    form = _validate(app, _item(**fields), {"q1": value})
    assert message in form.errors["q1"][0]


def test_number_and_scale_values(app: Any) -> None:
    number = _item(type="number", min=-5, max=100)
    assert _validate(app, number, {"q1": "-3"}).errors == {}
    scale = _item(type="scale", min=0, max=10)
    form = _validate(app, scale, {"q1": "7"})
    assert posted_items(form, [scale])["q1"].value == "7"
