"""Jinja set-up: NHS.UK design-system templates, our components, filters and the CSP nonce.

``configure_jinja(app)`` is called once by the application factory, before any template renders.

Template lookup is a ``ChoiceLoader``: the app's own templates (``valuedcare/templates`` and any
blueprint folders) first, then the ``nhsuk_frontend_jinja`` package, whose macros live at
``nhsuk/components/<name>/macro.jinja``. The NHS macros need ``ChainableUndefined``. Autoescaping is
on for every template, including the package's ``.jinja`` files (Flask's default would leave those
unescaped). ``trim_blocks`` and ``lstrip_blocks`` keep the output small.

Content-Security-Policy nonce
    ``csp_nonce()`` is a template global. The first call in a request creates a random nonce with
    ``secrets.token_urlsafe(16)`` and stores it on ``flask.g.csp_nonce``; later calls in the same
    request return the same value. ``layouts/base.html`` calls it for the design system's one inline
    script (the ``cspNonce`` variable of ``nhsuk/template.jinja``). The security layer reads
    ``g.csp_nonce`` after the view has rendered and, when it is set, adds ``'nonce-<value>'`` to
    ``script-src``. No other inline script or style is allowed anywhere.

Globals also include the form-rendering helpers of ``valuedcare.forms.rendering``
(``radios_params``, ``checkboxes_params``, ``textarea_params``, ``input_params``,
``date_input_params``, ``error_list``) and ``service_name`` (``SERVICE_NAME`` from the
configuration).
"""

from __future__ import annotations

import secrets

from flask import Flask, current_app, g
from flask.templating import DispatchingJinjaLoader
from jinja2 import ChainableUndefined, ChoiceLoader, PackageLoader

from valuedcare import formatting
from valuedcare.disclosure import DisclosureRules
from valuedcare.forms import rendering
from valuedcare.view_cache import chart_fallback, svg_data_url

DEFAULT_SERVICE_NAME = "Valued care self-assessment"

#: Environment settings, shared with tests that build a bare ``jinja2.Environment``.
JINJA_OPTIONS = {
    "undefined": ChainableUndefined,
    "autoescape": True,
    "trim_blocks": True,
    "lstrip_blocks": True,
}

FILTERS = {
    "thousands": formatting.thousands,
    "percentage": formatting.percentage,
    "one_dp": formatting.one_dp,
    "nhs_date": formatting.nhs_date,
    "month_year": formatting.month_year,
    "measure_value": formatting.measure_value,
}

FORM_GLOBALS = {
    "radios_params": rendering.radios_params,
    "checkboxes_params": rendering.checkboxes_params,
    "textarea_params": rendering.textarea_params,
    "input_params": rendering.input_params,
    "date_input_params": rendering.date_input_params,
    "error_list": rendering.error_list,
}


def nhsuk_loader() -> PackageLoader:
    """The loader for the ``nhsuk/...`` templates of the ``nhsuk_frontend_jinja`` package."""
    return PackageLoader("nhsuk_frontend_jinja", "templates")


def csp_nonce() -> str:
    """The Content-Security-Policy nonce of the current request, created on first use.

    Output: a URL-safe random string (22 characters), also stored as ``flask.g.csp_nonce``.
    Needs an application context (any request has one).
    """
    nonce = g.get("csp_nonce")
    if nonce is None:
        nonce = secrets.token_urlsafe(16)
        g.csp_nonce = nonce
    return nonce


def _disclosure_rules() -> dict[str, DisclosureRules]:
    """``disclosure`` in every template: the running service's thresholds, for the words that
    explain them ("only when at least 5 people have answered")."""
    return {"disclosure": DisclosureRules.from_config(current_app.config)}


def configure_jinja(app: Flask) -> None:
    """Set up ``app.jinja_env``: loaders, undefined, escaping, whitespace, filters and globals.

    Input: the Flask app, before its first render. Output: none (the environment changes in place).
    """
    env = app.jinja_env
    env.loader = ChoiceLoader([DispatchingJinjaLoader(app), nhsuk_loader()])
    for name, value in JINJA_OPTIONS.items():
        setattr(env, name, value)
    env.filters.update(FILTERS)
    env.globals.update(FORM_GLOBALS)
    env.globals["csp_nonce"] = csp_nonce
    env.filters["chart_fallback"] = chart_fallback
    env.filters["svg_data_url"] = svg_data_url
    env.globals["service_name"] = app.config.get("SERVICE_NAME", DEFAULT_SERVICE_NAME)
    app.context_processor(_disclosure_rules)
