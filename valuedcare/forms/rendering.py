"""Turn bound WTForms fields into the params dicts of the NHS.UK form components.

Each ``*_params`` function reads a field (name, id, choices, current data, first error) and returns
the params that ``templates/components/<name>.html`` (and the official ``nhsuk_frontend_jinja``
macro of the same name) expects. They are registered as Jinja globals, so a page template says::

    {% from "components/radios.html" import radios %}
    {{ radios(radios_params(form.q1, legend="How ...?", hint="Choose one")) }}

Ids follow NHS.UK: a radios or checkboxes question's first input has the field's id and later ones
``<id>-2``, ``<id>-3`` and so on, so ``error_list(form)`` can link every error to ``#<field id>``;
a date's boxes are ``<id>-day``, ``<id>-month`` and ``<id>-year``, and its errors link to the first
box in error.
Nothing here touches the request or the application: the functions only read the field.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from wtforms import Field
from wtforms.validators import Length

Params = dict[str, Any]

#: Text of the divider shown before a "Don't know" or "None of these" option.
DIVIDER_TEXT = "or"

_HIDDEN_TYPES = frozenset({"HiddenField", "CSRFTokenField"})


def _first_error(field: Field) -> str | None:
    errors = field.errors
    if isinstance(errors, Mapping):
        errors = [message for messages in errors.values() for message in messages]
    return str(errors[0]) if errors else None


def _with_messages(params: Params, field: Field, hint: str | None) -> Params:
    """Add ``hint`` and ``errorMessage`` to ``params`` when there are any (returns ``params``)."""
    if hint:
        params["hint"] = hint
    error = _first_error(field)
    if error:
        params["errorMessage"] = {"text": error}
    return params


def _heading_params(
    text: str, is_heading: bool, size: str | None, caption: str | None, default_size: str | None
) -> Params:
    """Legend or label params; a page heading is large ("l") unless ``size`` says otherwise."""
    params: Params = {"text": text}
    size = size or ("l" if is_heading else default_size)
    if size:
        params["size"] = size
    if is_heading:
        params["isPageHeading"] = True
    if caption:
        params["caption"] = caption
    return params


def _choice_items(
    field: Field,
    item_hints: Mapping[Any, str] | None,
    divider_before: Any | None,
    exclusive: Any | None = None,
) -> list[Params]:
    """Items for radios or checkboxes from ``field.iter_choices()``, with hints and a divider.

    Mapping keys (hints, ``divider_before``, ``exclusive``) are compared as strings with the
    choice values, so ``{1: "..."}`` and ``{"1": "..."}`` both work.
    """
    hints = {str(key): text for key, text in (item_hints or {}).items()}
    items: list[Params] = []
    for choice in field.iter_choices():
        value = str(choice.value)
        if divider_before is not None and value == str(divider_before):
            items.append({"divider": DIVIDER_TEXT})
        item: Params = {"value": value, "text": choice.label, "checked": bool(choice.selected)}
        if value in hints:
            item["hint"] = {"text": hints[value]}
        if exclusive is not None and value == str(exclusive):
            item["behaviour"] = "exclusive"
        items.append(item)
    return items


def radios_params(
    field: Field,
    *,
    legend: str,
    hint: str | None = None,
    legend_is_heading: bool = False,
    legend_size: str | None = None,
    caption: str | None = None,
    item_hints: Mapping[Any, str] | None = None,
    divider_before: Any | None = None,
) -> Params:
    """Params for ``components/radios.html`` from a ``RadioField``.

    Inputs: the bound field; the question as ``legend`` (an ``<h1>`` when ``legend_is_heading``;
    size "l" for a page heading, "m" for a question among several, unless ``legend_size`` says);
    an optional ``hint`` and ``caption``; per-choice hints keyed by choice value; the value of the
    choice that gets an "or" divider before it (usually "Don't know"). Output: a new params dict.
    """
    params: Params = {
        "name": field.name,
        "idPrefix": field.id,
        "fieldset": {
            "legend": _heading_params(legend, legend_is_heading, legend_size, caption, "m")
        },
        "items": _choice_items(field, item_hints, divider_before),
    }
    return _with_messages(params, field, hint)


def checkboxes_params(
    field: Field,
    *,
    legend: str,
    hint: str | None = None,
    legend_is_heading: bool = False,
    legend_size: str | None = None,
    caption: str | None = None,
    item_hints: Mapping[Any, str] | None = None,
    divider_before: Any | None = None,
    exclusive: Any | None = None,
) -> Params:
    """Params for ``components/checkboxes.html`` from a ``SelectMultipleField``.

    As ``radios_params``, plus ``exclusive``: the value of a "None of these" choice that clears
    the others (``data-behaviour="exclusive"``). Output: a new params dict.
    """
    params: Params = {
        "name": field.name,
        "idPrefix": field.id,
        "fieldset": {
            "legend": _heading_params(legend, legend_is_heading, legend_size, caption, "m")
        },
        "items": _choice_items(field, item_hints, divider_before, exclusive),
    }
    return _with_messages(params, field, hint)


def _max_length(field: Field) -> int | None:
    """The ``max`` of the field's ``Length`` validator, if it has one."""
    for validator in field.validators:
        if isinstance(validator, Length) and validator.max is not None and validator.max >= 0:
            return validator.max
    return None


def _field_value(field: Field) -> str:
    value = field._value() if hasattr(field, "_value") else field.data
    return "" if value is None else str(value)


def textarea_params(
    field: Field,
    *,
    label: str,
    hint: str | None = None,
    label_is_heading: bool = False,
    label_size: str | None = None,
    caption: str | None = None,
    rows: int | None = None,
    max_length: int | None = None,
    max_words: int | None = None,
) -> Params:
    """Params for ``components/textarea.html`` from a ``TextAreaField``.

    A character limit (``max_length``, or else the field's ``Length(max=...)``) or ``max_words``
    adds the NHS.UK character count and its "You can enter up to ..." hint. Output: a new dict.
    """
    params: Params = {
        "name": field.name,
        "id": field.id,
        "label": _heading_params(label, label_is_heading, label_size, caption, None),
        "value": _field_value(field),
    }
    if rows:
        params["rows"] = rows
    if max_words:
        params["maxwords"] = max_words
    else:
        limit = max_length if max_length is not None else _max_length(field)
        if limit:
            params["maxlength"] = limit
    return _with_messages(params, field, hint)


def input_params(
    field: Field,
    *,
    label: str,
    hint: str | None = None,
    label_is_heading: bool = False,
    label_size: str | None = None,
    input_type: str | None = None,
    autocomplete: str | None = None,
    width: int | None = None,
    inputmode: str | None = None,
    spellcheck: bool | None = None,
) -> Params:
    """Params for ``components/input.html`` from a single-line field.

    ``input_type`` defaults to the field's type (``email`` for an ``EmailField``, ``password`` for
    a ``PasswordField``), read from its widget, or from its class's own widget when an NHS.UK
    widget is attached. Passwords never echo their value back. Output: a new params dict.
    """
    kind = (
        input_type
        or getattr(field.widget, "input_type", None)
        or getattr(type(field).widget, "input_type", None)
        or "text"
    )
    params: Params = {
        "name": field.name,
        "id": field.id,
        "type": kind,
        "label": _heading_params(label, label_is_heading, label_size, None, None),
    }
    if kind != "password":
        params["value"] = _field_value(field)
    extras = {"autocomplete": autocomplete, "width": width, "inputmode": inputmode}
    params.update({key: value for key, value in extras.items() if value})
    if spellcheck is not None:
        params["spellcheck"] = spellcheck
    return _with_messages(params, field, hint)


def date_input_params(
    field: Field,
    *,
    legend: str,
    hint: str | None = None,
    legend_is_heading: bool = False,
    legend_size: str | None = None,
    caption: str | None = None,
) -> Params:
    """Params for ``components/date_input.html`` from an ``NhsDateField`` (``forms.dates``).

    The three boxes are named ``<name>-day``, ``<name>-month`` and ``<name>-year`` (ids
    ``<id>-day`` and so on), show what was typed (``field.parts``), and only the parts in error
    (``field.parts_in_error``) get the error style. The legend is as for ``radios_params``.
    Output: a new params dict.
    """
    in_error = set(field.parts_in_error)
    items: list[Params] = []
    for part in ("day", "month", "year"):
        item: Params = {
            "id": field.part_id(part),
            "name": field.part_name(part),
            "label": part.capitalize(),
            "width": 4 if part == "year" else 2,
        }
        if field.parts[part]:
            item["value"] = field.parts[part]
        if part in in_error:
            item["error"] = True
        items.append(item)
    params: Params = {
        "id": field.id,
        "fieldset": {
            "legend": _heading_params(legend, legend_is_heading, legend_size, caption, "m")
        },
        "items": items,
    }
    return _with_messages(params, field, hint)


def error_list(form: Iterable[Field]) -> list[Params]:
    """The ``errorList`` of the NHS.UK error summary for a validated form.

    Output: one ``{"text", "href"}`` per field with errors, in form order, preceded by any
    form-level errors (``form.form_errors``, no link). ``href`` is ``#<field id>``, the first input
    of the question (or the ``error_target_id`` a field gives, such as a date's first box in
    error). Hidden fields (such as the CSRF token) get no link, since there is nothing
    to focus: their message is shown as plain text.
    """
    items: list[Params] = [{"text": str(message)} for message in getattr(form, "form_errors", [])]
    for field in form:
        message = _first_error(field)
        if message is None:
            continue
        item: Params = {"text": message}
        if field.type not in _HIDDEN_TYPES:
            item["href"] = f"#{getattr(field, 'error_target_id', None) or field.id}"
        items.append(item)
    return items
