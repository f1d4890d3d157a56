"""WTForms widgets that render fields with the NHS.UK components in ``templates/components/``.

Attach one to a field and ``{{ form.field() }}`` renders NHS.UK markup::

    RadioField("How ...?", choices=..., widget=NhsRadios(divider_before="dont_know"))
    {{ form.q1() }}                                          {# legend = field label #}
    {{ form.q1(legend_is_heading=true) }}                    {# per-render options #}
    {{ form.q1(params={"classes": "nhsuk-radios--inline"}) }}  {# raw params, merged last #}

The legend or label is the field's label text and the hint its ``description``. Options given to
the widget and at render time go to the matching ``valuedcare.forms.rendering`` function; ``params``
is deep-merged over its result. ``for_statement="..."`` adds the text, visually hidden, to a
legend or label that many questions repeat (such as "Evidence (optional)"), so a screen reader
user knows which question it belongs to. Widget-level values are deep-copied, so one render never
changes another. Rendering needs an application context (it uses the app's Jinja environment).

Radios and checkboxes never show free text typed by a user, so their markup depends only on their
params: it is rendered once per distinct params and reused (``valuedcare.caching``).
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Mapping
from typing import Any, ClassVar

from flask import current_app
from markupsafe import Markup
from wtforms import Field

from valuedcare.caching import Rule, cache
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
    #: Where the legend or label text sits in the params (for ``for_statement``).
    text_path: ClassVar[tuple[str, ...]]
    build: ClassVar[Callable[..., Params]]
    #: The markup depends only on the params (no free text): rendered once per distinct params.
    cacheable: ClassVar[bool] = False

    def __init__(self, params: Mapping[str, Any] | None = None, **options: Any) -> None:
        # Kept as given and never changed: the build functions only read the options, and
        # merging copies what it takes from the params, so no render can change another.
        self.params: Params = dict(params or {})
        self.options: Params = dict(options)

    def __call__(self, field: Field, **kwargs: Any) -> Markup:
        """Render ``field``; ``kwargs`` are options for ``build`` plus an optional ``params``."""
        params = self.params_for(field, **kwargs)
        if self.cacheable:
            key = self.component + json.dumps(params, sort_keys=True, default=str)
            return _FRAGMENTS.get_or_build(key, lambda: render_component(self.component, params))
        return render_component(self.component, params)

    def params_for(self, field: Field, **kwargs: Any) -> Params:
        """The component's params for ``field`` (what ``__call__`` renders)."""
        overrides = kwargs.pop("params", None) or {}
        # The build functions only read their options, so the widget's own are passed as they
        # are; the params they return are new, and merging copies what it merges in.
        options: Params = {
            self.text_option: field.label.text,
            "hint": field.description or None,
            **self.options,
            **kwargs,
        }
        statement = options.pop("for_statement", None)
        built = type(self).build(field, **options)
        if statement:
            _add_hidden_text(built, self.text_path, f" for “{statement}”")
        if self.params:
            built = merge_params(built, self.params)
        if overrides:
            built = merge_params(built, overrides)
        return built


def _add_hidden_text(params: Params, path: tuple[str, ...], hidden: str) -> None:
    holder = params
    for key in path:
        holder = holder[key]
    holder["html"] = Markup('{}<span class="nhsuk-u-visually-hidden">{}</span>').format(
        holder.pop("text"), hidden
    )


#: Rendered radios and checkboxes by params (rule CONTENT: the key is the whole params).
FRAGMENT_CACHE_SIZE = 4096
_FRAGMENTS = cache("rendered form components", rule=Rule.CONTENT, size=FRAGMENT_CACHE_SIZE)


def render_component(name: str, params: Mapping[str, Any]) -> Markup:
    """Call the macro ``name`` of ``templates/components/<name>.html`` with ``params``."""
    module = current_app.jinja_env.get_template(f"components/{name}.html").module
    html: Markup = getattr(module, name)(params)  # a macro returns escaped Markup already
    return html


class NhsRadios(NhsWidget):
    """A ``RadioField`` as NHS.UK radios (options: see ``rendering.radios_params``)."""

    component = "radios"
    text_option = "legend"
    text_path = ("fieldset", "legend")
    build = staticmethod(rendering.radios_params)
    cacheable = True


class NhsCheckboxes(NhsWidget):
    """A ``SelectMultipleField`` as NHS.UK checkboxes (see ``rendering.checkboxes_params``)."""

    component = "checkboxes"
    text_option = "legend"
    text_path = ("fieldset", "legend")
    build = staticmethod(rendering.checkboxes_params)
    cacheable = True


class NhsTextarea(NhsWidget):
    """A ``TextAreaField`` as an NHS.UK textarea (see ``rendering.textarea_params``)."""

    component = "textarea"
    text_option = "label"
    text_path = ("label",)
    build = staticmethod(rendering.textarea_params)


class NhsDateInput(NhsWidget):
    """An ``NhsDateField`` as the NHS.UK date input (see ``rendering.date_input_params``)."""

    component = "date_input"
    text_option = "legend"
    text_path = ("fieldset", "legend")
    build = staticmethod(rendering.date_input_params)


class NhsInput(NhsWidget):
    """A single-line field as an NHS.UK input (see ``rendering.input_params``)."""

    component = "input"
    text_option = "label"
    text_path = ("label",)
    build = staticmethod(rendering.input_params)
