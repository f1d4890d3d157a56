"""The lean radios component keeps a section page cheap to render.

Timings on a shared machine are noisy, so each check compares the best of several runs of two
renderings on the same machine at the same moment, and the thresholds leave a wide margin: the
lean page measured about 1.5 ms against 16 ms or more with the official macro and 2.2 ms with plain
WTForms ``field()`` rendering (six questions, five levels with hints, a divider and "Don't know").
"""

from __future__ import annotations

import time

import pytest
from jinja2 import Environment, Template
from wtforms import Form, RadioField, SelectChoice

from valuedcare.forms.rendering import radios_params

LEVELS = ["Beginning", "Emerging", "Developing", "Embedded", "Leading"]
CHOICES = [SelectChoice(str(number), name) for number, name in enumerate(LEVELS, start=1)]
CHOICES.append(SelectChoice("dont_know", "Don't know"))
HINTS = {str(number): f"What level {number} looks like, in one sentence." for number in range(1, 6)}

SectionForm = type(
    "SectionForm",
    (Form,),
    {f"q{number}": RadioField(f"Question {number}", choices=CHOICES) for number in range(1, 7)},
)

MACRO_PAGE = (
    '{{% from "{path}" import radios %}}{{% for field in form %}}'
    "{{{{ radios(radios_params(field, legend=field.label.text, hint='Choose one',"
    " item_hints=hints, divider_before='dont_know')) }}}}{{% endfor %}}"
)
PLAIN_PAGE = (
    "{% for field in form %}<fieldset><legend>{{ field.label.text }}</legend>"
    "{{ field() }}</fieldset>{% endfor %}"
)


def best_time(template: Template, runs: int = 7) -> float:
    context = {"form": SectionForm(), "hints": HINTS, "radios_params": radios_params}
    template.render(**context)
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        template.render(**context)
        timings.append(time.perf_counter() - started)
    return min(timings)


@pytest.fixture(scope="module")
def timings(jinja_env: Environment) -> dict[str, float]:
    return {
        "lean": best_time(jinja_env.from_string(MACRO_PAGE.format(path="components/radios.html"))),
        "official": best_time(
            jinja_env.from_string(MACRO_PAGE.format(path="nhsuk/components/radios/macro.jinja"))
        ),
        "plain": best_time(jinja_env.from_string(PLAIN_PAGE)),
    }


def test_lean_radios_page_is_much_faster_than_the_official_macro(timings: dict[str, float]) -> None:
    assert timings["lean"] < timings["official"] / 3, timings


def test_lean_radios_page_is_within_twice_plain_wtforms_rendering(
    timings: dict[str, float],
) -> None:
    assert timings["lean"] < timings["plain"] * 2, timings
