"""Benchmark one section page of the respondent journey: render, save, and the cost of the NHS.UK
markup against a plain WTForms page with the same fields.

    .venv/bin/python tests/benchmarks/bench_survey.py [--repeat 200]
        [--section experts_by_experience] [--database-url postgresql+psycopg://postgres@127.0.0.1:5432/bench]

A fresh database (a SQLite file in a temporary folder unless ``--database-url`` is given) gets the
migrations, the questionnaires, one open assessment and one board member's link. Every figure is
server time through the Flask test client and the real database (no browser, no network):

- render: ``GET /r/<token>/sections/<section>`` (link lookup, response, answers, form, page);
- save: ``POST`` of the same page with every question answered (the answers change each time,
  so each save really writes);
- plain: a route added to this benchmark's app only, doing the same lookups and building the
  same form class, rendered by a minimal template (``{{ field.label }}`` and the field through
  WTForms' own widgets, no layout);
- fields only: the questions of the page through our NHS.UK components (as served, with the
  rendered radios reused, and rendered afresh every time) against the same fields through
  WTForms' widgets, without the page around them (template rendering only).

Targets: section render median under 15 ms and at most 2x the plain page. Exit status 1 when a
target is missed (``--no-fail`` to always exit 0).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

RENDER_TARGET_MS = 15.0
RATIO_TARGET = 2.0

PLAIN_TEMPLATE = """<!DOCTYPE html>
<html lang="en"><head><title>{{ section.title }}</title></head><body>
<h1>{{ section.title }}</h1>
<form method="post" novalidate>
{{ form.csrf_token }}{{ form.revision() }}
{% for field in form if field.name not in ("csrf_token", "revision") %}
<div>{{ field.label }} {{ wtforms_widget(field) }}</div>
{% endfor %}
<button type="submit">Save and continue</button>
</form></body></html>"""

PLAIN_FIELDS = """{% for field in form if field.name not in ("csrf_token", "revision") %}
<div>{{ field.label }} {{ wtforms_widget(field) }}</div>
{% endfor %}"""

NHS_FIELDS = """{% from "components/radios.html" import radios %}
{% from "components/checkboxes.html" import checkboxes %}
{% from "components/textarea.html" import textarea %}
{% from "components/input.html" import input %}
{% set components = {"radios": radios, "checkboxes": checkboxes, "textarea": textarea,
                     "input": input} %}
{% for question in questions %}
<div class="app-question" id="question-{{ question.item.id }}">
{% for component, params in question.parts %}{{ components[component](params) }}{% endfor %}
</div>
{% endfor %}"""


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=200, help="timed requests of each kind")
    parser.add_argument("--section", default="experts_by_experience", help="board section id")
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--no-fail", action="store_true", help="exit 0 even if targets are missed")
    return parser.parse_args()


def _app(database_url: str) -> Any:
    from valuedcare import create_app
    from valuedcare.config import TestConfig

    app = create_app(TestConfig(database_url))
    app.config["WTF_CSRF_ENABLED"] = False
    return app


def _prepare(app: Any) -> str:
    """Schema, questionnaires, an open assessment and a board link; returns the link token."""
    from datetime import date

    from flask_migrate import upgrade

    from tests import database as testing
    from valuedcare.data import invitations
    from valuedcare.data.scope import Scope
    from valuedcare.extensions import db
    from valuedcare.models import Assessment, Cycle, Organisation

    with app.app_context():
        upgrade()
        testing.load_repository_questionnaires()
        organisation = Organisation(
            code="BEN01",
            name="Bench Trust (fictional)",
            region="London",
            peer_group="Mental health trust",
            is_demo=True,
        )
        cycle = Cycle(
            label="2026/27", opens_on=date(2026, 4, 1), closes_on=date(2027, 3, 31), status="open"
        )
        db.session.add_all([organisation, cycle])
        db.session.flush()
        assessment = Assessment(organisation_id=organisation.id, cycle_id=cycle.id)
        db.session.add(assessment)
        db.session.flush()
        scope = Scope(user_id=None, role="platform_admin", organisation_id=None)
        _, token = invitations.invite_board_member(scope, assessment.id, name="Bench Member")
        db.session.commit()
        return token


def _add_plain_route(app: Any) -> None:
    """The baseline: the same lookups and form, rendered by a minimal template."""
    from flask import abort

    from valuedcare.data import invitations, responses
    from valuedcare.survey.forms import build_section_form, initial_data

    # The fields carry NHS.UK widgets; the baseline renders them with WTForms' own.
    app.jinja_env.globals["wtforms_widget"] = lambda field: type(field).widget(field)
    template = app.jinja_env.from_string(PLAIN_TEMPLATE)

    def plain(token: str, section_id: str) -> str:
        link = invitations.find_link(token)
        if not link.is_open:
            abort(404)
        response = responses.individual_response(link.invitation)
        questionnaire = responses.questionnaire_of(response)
        answers = responses.stored_answers(response)
        visible = questionnaire.visible_item_ids(responses.raw_values(answers))
        section = next(s for s in questionnaire.sections if s.id == section_id)
        form_class = build_section_form(section, visible)
        data = initial_data(section.items, answers) | {"revision": str(response.revision)}
        return template.render(section=section, form=form_class(data=data))

    app.add_url_rule("/bench/plain/<token>/<section_id>", "bench_plain", plain)


def _median_ms(run: Callable[[], Any], repeat: int) -> tuple[float, float, float]:
    return _interleaved([run], repeat)[0]


def _interleaved(runs: list[Callable[[], Any]], repeat: int) -> list[tuple[float, float, float]]:
    """Median, min and max milliseconds of each function, timed in turn so that noise from
    other work on the machine falls on all of them alike."""
    for _ in range(min(20, repeat)):
        for run in runs:
            run()
    times: list[list[float]] = [[] for _ in runs]
    for _ in range(repeat):
        for run, bucket in zip(runs, times, strict=True):
            started = time.perf_counter()
            run()
            bucket.append((time.perf_counter() - started) * 1000)
    return [(statistics.median(each), min(each), max(each)) for each in times]


def _answers(section: Any, level: int) -> dict[str, str]:
    answers: dict[str, str] = {}
    for item in section.items:
        answers[item.id] = str(level)
        if item.ask_target:
            answers[item.id + "__target"] = str(min(5, level + 1))
        if item.comment is not None:
            answers[item.id + "__comment"] = f"Evidence for level {level}"
    return answers


def _fields_only(app: Any, token: str, section_id: str, repeat: int) -> tuple[float, float, float]:
    """Template rendering of the questions only: NHS.UK components against WTForms widgets."""
    from valuedcare.data import invitations, responses
    from valuedcare.survey import journey
    from valuedcare.survey.forms import build_section_form, initial_data

    with app.test_request_context("/"):
        invitation = invitations.find_link(token).invitation
        response = responses.individual_response(invitation)
        questionnaire = responses.questionnaire_of(response)
        answers = responses.stored_answers(response)
        section = next(s for s in questionnaire.sections if s.id == section_id)
        visible = questionnaire.visible_item_ids(responses.raw_values(answers))
        form = build_section_form(section, visible)(data=initial_data(section.items, answers))
        nhs = app.jinja_env.from_string(NHS_FIELDS)
        plain = app.jinja_env.from_string(PLAIN_FIELDS)
        cached_ms, nhs_ms, plain_ms = _interleaved(
            [
                lambda: [journey.render_question(q) for q in journey.questions(section, form)],
                lambda: nhs.render(questions=journey.questions(section, form)),
                lambda: plain.render(form=form),
            ],
            repeat,
        )
    return cached_ms[0], nhs_ms[0], plain_ms[0]


def main() -> int:
    arguments = _arguments()
    with tempfile.TemporaryDirectory() as folder:
        url = arguments.database_url or f"sqlite:///{folder}/bench-survey.db"
        app = _app(url)
        token = _prepare(app)
        _add_plain_route(app)
        return _run(app, token, arguments)


def _run(app: Any, token: str, arguments: argparse.Namespace) -> int:
    from valuedcare.data.questionnaires import get_latest_questionnaire

    client = app.test_client()
    section_id = arguments.section
    page = f"/r/{token}/sections/{section_id}"
    assert client.post(f"/r/{token}/start").status_code == 302
    assert client.get(page).status_code == 200
    with app.app_context():
        section = next(
            s
            for s in get_latest_questionnaire("board-self-assessment")[1].sections
            if s.id == section_id
        )
    counter = {"revision": 1, "n": 0}

    def save() -> None:
        counter["n"] += 1
        data = _answers(section, 1 + counter["n"] % 5)
        data |= {"revision": str(counter["revision"]), "action": "continue"}
        reply = client.post(page, data=data)
        assert reply.status_code == 302, reply.text[:500]
        counter["revision"] += 1

    def render() -> None:
        assert client.get(page).status_code == 200

    def plain() -> None:
        assert client.get(f"/bench/plain/{token}/{section_id}").status_code == 200

    save_ms = _median_ms(save, arguments.repeat)
    render_ms, plain_ms = _interleaved([render, plain], arguments.repeat)
    cached, nhs_fields, plain_fields = _fields_only(app, token, section_id, arguments.repeat)
    body = len(client.get(page).data)
    ratio = render_ms[0] / plain_ms[0]
    items = len(section.items)
    print(
        f"Section '{section_id}' ({items} maturity items with target and evidence), "
        f"{body:,} bytes, {arguments.repeat} timed requests each, "
        f"database {app.config['SQLALCHEMY_DATABASE_URI'].split(':')[0]}"
    )
    print(
        f"  render (GET section page)   median {render_ms[0]:6.2f} ms "
        f"(min {render_ms[1]:.2f}, max {render_ms[2]:.2f})  target < {RENDER_TARGET_MS:g} ms"
    )
    print(
        f"  save   (POST section page)  median {save_ms[0]:6.2f} ms "
        f"(min {save_ms[1]:.2f}, max {save_ms[2]:.2f})"
    )
    print(
        f"  plain WTForms page          median {plain_ms[0]:6.2f} ms "
        f"(min {plain_ms[1]:.2f}, max {plain_ms[2]:.2f})"
    )
    print(f"  ratio section / plain       {ratio:6.2f}x  target <= {RATIO_TARGET:g}x")
    print(
        f"  fields only: NHS.UK components {cached:.2f} ms as served (fragments reused), "
        f"{nhs_fields:.2f} ms rendered afresh; WTForms widgets {plain_fields:.2f} ms"
    )
    missed = render_ms[0] >= RENDER_TARGET_MS or ratio > RATIO_TARGET
    print("Targets " + ("MISSED" if missed else "met"))
    return 1 if missed and not arguments.no_fail else 0


if __name__ == "__main__":
    sys.exit(main())
