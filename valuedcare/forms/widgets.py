"""WTForms widgets that render fields with the NHS.UK components in ``templates/components/``.

Attach one to a field and ``{{ form.field() }}`` renders NHS.UK markup::

    RadioField("How ...?", choices=..., widget=NhsRadios(divider_before="dont_know"))
    {{ form.q1() }}                                          {# legend = field label #}
    {{ form.q1(legend_is_heading=true) }}                    {# per-render options #}
    {{ form.q1(params={"classes": "nhsuk-radios--inline"}) }}  {# raw params, merged last #}

The legend or label is the field's label text and the hint its ``description``. Options given to
the widget and at render time go to the matching ``valuedcare.forms.rendering`` function; ``params``
is deep-merged over its result. Widget-level values are deep-copied, so one render never changes
another. Rendering needs an application context (it uses the app's Jinja environment).
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from typing import Any, ClassVar

from flask import current_app
from markupsafe import Markup
from wtforms import Field

from valuedcare.forms import rendering

Params = dict[str, Any]


def merge_params(base: Mapping[str, Any], override: Mapping[str, Any]) -> Params:
    """A new dict: ``base`` with ``override`` merged in, recursively for nested mappings."""
    merged: Params = copy.deepcopy(dict(base))
    for key, value in override.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = merge_params(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


class NhsWidget:
    """Base class: builds params with ``build`` and renders the ``component`` macro."""

    component: ClassVar[str]
    text_option: ClassVar[str]
    build: ClassVar[Callable[..., Params]]

    def __init__(self, params: Mapping[str, Any] | None = None, **options: Any) -> None:
        self.params: Params = copy.deepcopy(dict(params or {}))
        self.options: Params = copy.deepcopy(options)

    def __call__(self, field: Field, **kwargs: Any) -> Markup:
        """Render ``field``; ``kwargs`` are options for ``build`` plus an optional ``params``."""
        overrides = kwargs.pop("params", None) or {}
        options: Params = {self.text_option: field.label.text, "hint": field.description or None}
        options.update(copy.deepcopy(self.options))
        options.update(kwargs)
        built = type(self).build(field, **options)
        params = merge_params(merge_params(built, self.params), overrides)
        return render_component(self.component, params)


def render_component(name: str, params: Mapping[str, Any]) -> Markup:
    """Call the macro ``name`` of ``templates/components/<name>.html`` with ``params``."""
    module = current_app.jinja_env.get_template(f"components/{name}.html").module
    html: Markup = getattr(module, name)(params)  # a macro returns escaped Markup already
    return html


class NhsRadios(NhsWidget):
    """A ``RadioField`` as NHS.UK radios (options: see ``rendering.radios_params``)."""

    component = "radios"
    text_option = "legend"
    build = staticmethod(rendering.radios_params)


class NhsCheckboxes(NhsWidget):
    """A ``SelectMultipleField`` as NHS.UK checkboxes (see ``rendering.checkboxes_params``)."""

    component = "checkboxes"
    text_option = "legend"
    build = staticmethod(rendering.checkboxes_params)


class NhsTextarea(NhsWidget):
    """A ``TextAreaField`` as an NHS.UK textarea (see ``rendering.textarea_params``)."""

    component = "textarea"
    text_option = "label"
    build = staticmethod(rendering.textarea_params)


class NhsInput(NhsWidget):
    """A single-line field as an NHS.UK input (see ``rendering.input_params``)."""

    component = "input"
    text_option = "label"
    build = staticmethod(rendering.input_params)
