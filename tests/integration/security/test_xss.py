"""Stored cross-site scripting: hostile text typed by users or written in a questionnaire's YAML is
shown as text, escaped, on every page where it appears, and never runs.

Every free-text field of an organisation gets the same hostile string (a script element, an
attribute break-out with an event handler, a ``javascript:`` URL and a template expression):
organisation name, user names, actions and their progress notes, answer comments and free
text, the agreed position's rationale, invitation labels, API token names, an audit entry and
the titles, texts, help, levels and hints of a questionnaire version loaded through the data
layer.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Any

import pytest
import yaml
from flask import Flask
from markupsafe import escape

from tests.integration.security.conftest import PLATFORM, sign_in

SCRIPT = "<script>alert(1)</script>"
ATTRIBUTE = '"><img src=x onerror=alert(1)>'
URL = "javascript:alert(1)"
TEMPLATE = "{{7*7}}"
HOSTILE = f"{SCRIPT} {ATTRIBUTE} {URL} {TEMPLATE}"

#: What would run if the hostile string reached a page unescaped.
RAW = ["<script>alert(1)", "<img src=x", "onerror=alert(1)>"]
#: The escaped script element, which proves the hostile text is on the page as text.
SHOWN = "&lt;script&gt;alert(1)&lt;/script&gt;"
JAVASCRIPT_URL = re.compile(r"""(href|src|action|formaction)\s*=\s*["']?\s*javascript:""", re.I)


@dataclass
class Hostile:
    organisation_id: int
    assessment_id: int
    user_id: int
    token: str | None
    version: int
    admin: Any
    action_id: int


def _hostile_questionnaire() -> int:
    """A new version of the board self-assessment whose every wording is hostile; returns it."""
    from valuedcare.data.questionnaires import get_latest_version, store_version
    from valuedcare.questionnaire import parse_ingredients, parse_questionnaire

    current = get_latest_version("board-self-assessment")
    document = yaml.safe_load(current.source)
    document["version"] = current.version + 1
    document["title"] = f"Board {HOSTILE}"
    document["description"] = HOSTILE
    section = document["sections"][0]
    section["title"] = f"Section {HOSTILE}"
    section["description"] = HOSTILE
    for item in section["items"]:
        item["text"] = f"Statement {item['id']} {HOSTILE}"
        item["help"] = HOSTILE
        item["levels"] = [f"Level {number} {HOSTILE}" for number in range(1, 6)]
        item["comment"]["label"] = f"Evidence {HOSTILE}"
        item["comment"]["hint"] = HOSTILE
    source = yaml.safe_dump(document, sort_keys=False, allow_unicode=True)
    ingredients = parse_ingredients(
        get_latest_version("ingredients").source, filename="ingredients.yaml"
    )
    parsed = parse_questionnaire(source, filename="hostile.yaml", ingredients=ingredients)
    outcome = store_version(
        slug=parsed.slug,
        version=parsed.version,
        kind="questionnaire",
        title=parsed.title,
        lens=parsed.lens,
        content_hash=hashlib.sha256(source.encode()).hexdigest(),
        source=source,
    )
    assert outcome.status == "added", outcome.message
    return parsed.version


def _answers(level: int) -> dict:
    return {"ebe1": (level, float(level), False, 5), "ebe2": (level, float(level), False, None)}


@pytest.fixture
def hostile(db: Any, factories: Any) -> Hostile:
    from sqlalchemy import select

    from valuedcare.data import actions, audit, invitations
    from valuedcare.data.moderation import (
        AgreedAnswer,
        get_board_questionnaire,
        save_agreed_position,
    )
    from valuedcare.data.reports import get_assessment_info
    from valuedcare.data.scores import store_response_scores
    from valuedcare.models import Answer, FreeTextReview

    version = _hostile_questionnaire()
    cycle = factories.cycle(label="2025/26", status="closed")
    open_cycle = factories.cycle(label="2026/27", status="open")
    organisation = factories.organisation(
        code="XSS1", name=f"Trust {HOSTILE}", crisis_line=f"Crisis {HOSTILE}"
    )
    assessment = factories.assessment(organisation, cycle)
    open_assessment = factories.assessment(organisation, open_cycle)
    user = factories.user(organisation, role="organisation_admin", name=f"Name {HOSTILE}")
    admin = factories.user(None, role="platform_admin", name="Platform Admin")

    for level in (2, 3, 4, 4, 5):
        board = factories.response(assessment, lens="board", answers=_answers(level))
        store_response_scores(board.id)
        db.session.get(Answer, _answer_id(db, board.id, "ebe1")).comment = f"Comment {HOSTILE}"
        partner = factories.response(
            assessment,
            lens="partner",
            answers={
                "p1": ("x", float(level), False, None),
                "p12": (f"Free text {HOSTILE}", None, False, None),
            },
        )
        store_response_scores(partner.id)

    action = actions.add_action(
        PLATFORM,
        organisation.id,
        assessment.id,
        actions.ActionFields(
            ingredient="experts_by_experience",
            statements=("ebe1",),
            text=f"Note {HOSTILE}",
            owner_id=None,
            owner_role=f"Owner {URL}",
            due_on=None,
            status="on_track",
            target_level=None,
        ),
        reason=f"Reason {HOSTILE}",
    )
    assert action is not None
    actions.change_action(
        PLATFORM,
        action.id,
        actions.fields_of(action),
        expected_revision=action.revision,
        note=f"Progress {HOSTILE}",
        titles={},
    )
    info = get_assessment_info(PLATFORM, assessment.id)
    version_id, _ = get_board_questionnaire(info)
    save_agreed_position(
        info,
        version_id,
        {"ebe1": AgreedAnswer(3, 4, f"Rationale {HOSTILE}")},
        expected_revision=None,
        user_id=None,
    )
    _, token = invitations.invite_board_member(
        PLATFORM, open_assessment.id, name=f"Invitee {HOSTILE}"
    )
    invitations.create_anonymous_link(
        PLATFORM, open_assessment.id, lens="partner", label=f"Link {HOSTILE}"
    )
    audit.record(
        "hostile_test_event",
        actor=admin,
        organisation_id=organisation.id,
        target_type="organisation",
        target_id=organisation.id,
        label=f"Label {HOSTILE}",
    )
    _api_token(admin)
    half = db.session.scalars(
        select(Answer.id).where(Answer.item_id == "p12").order_by(Answer.id)
    ).all()[:3]
    for answer_id in half:  # reviewed: shown on the report; the others wait on the review page
        db.session.add(
            FreeTextReview(
                answer_id=answer_id,
                field="value",
                status="approved",
                shown_text=f"Free text {HOSTILE}",
            )
        )
    db.session.commit()
    return Hostile(organisation.id, assessment.id, user.id, token, version, admin, action.id)


def _answer_id(db: Any, response_id: int, item_id: str) -> int:
    from sqlalchemy import select

    from valuedcare.models import Answer

    return db.session.scalar(
        select(Answer.id).where(Answer.response_id == response_id, Answer.item_id == item_id)
    )


def _api_token(user: Any) -> None:
    import importlib.util

    if importlib.util.find_spec("valuedcare.data.api_tokens") is not None:
        from valuedcare.data import api_tokens

        api_tokens.create_token(user.id, f"Token {HOSTILE}")


def assert_escaped(url: str, body: str, *, shown: bool = True) -> None:
    for raw in RAW:
        assert raw not in body, f"{url} has the unescaped {raw!r}"
    assert not JAVASCRIPT_URL.search(body), f"{url} links to a javascript: URL"
    if shown:
        assert SHOWN in body, f"{url} should show the hostile text, escaped"
        assert TEMPLATE in body, f"{url} should show the template expression as typed"


def _pages(app: Flask, hostile: Hostile) -> list[tuple[str, list[str]]]:
    """(URL, the hostile fields it must show) for each page a platform administrator reaches."""
    assessment = hostile.assessment_id
    organisation = hostile.organisation_id
    pages = [
        ("/reports/", ["Trust"]),
        (f"/reports/assessments/{assessment}", ["Free text", "Rationale", "Statement ebe1"]),
        (f"/reports/assessments/{assessment}/moderation", ["Trust"]),
        (
            f"/reports/assessments/{assessment}/moderation/experts_by_experience",
            ["Comment", "Statement ebe1"],
        ),
        (f"/reports/assessments/{assessment}/moderation/experts_by_experience/present", ["Trust"]),
        (f"/reports/assessments/{assessment}/comments", ["Free text"]),
        (f"/organisations/{organisation}/support", ["Trust", "Crisis"]),
        (f"/organisations/{organisation}/plan", ["Trust", "Note"]),
        (f"/actions/{hostile.action_id}", ["Note", "Reason", "Progress"]),
        (f"/actions/{hostile.action_id}/edit", ["Note"]),
        (f"/actions/{hostile.action_id}/progress", ["Note"]),
        ("/admin/organisations", ["Trust"]),
        (f"/admin/organisations/{organisation}", ["Trust"]),
        ("/admin/users", ["Name"]),
        (f"/admin/users/{hostile.user_id}", ["Name"]),
        ("/admin/audit", ["Trust", "Label"]),
        ("/admin/questionnaires", ["Board"]),
        (
            f"/admin/questionnaires/board-self-assessment/versions/{hostile.version}/changes",
            ["Board"],
        ),
        (f"/compare/organisations/{organisation}", ["Trust"]),
    ]
    optional = {
        "compare.index": ("/compare/", ["Trust"]),
        "survey.invitation_list": (f"/assessments/{assessment + 1}/invitations", ["Link"]),
        "api.list_tokens": ("/api/tokens", ["Token"]),
    }
    pages += [page for endpoint, page in optional.items() if endpoint in app.view_functions]
    return pages


def test_hostile_text_is_escaped_on_every_page_that_shows_it(
    app: Flask, client: Any, hostile: Hostile
) -> None:
    sign_in(client, hostile.admin)
    for url, fields in _pages(app, hostile):
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.get_data(as_text=True)
        assert_escaped(url, body)
        for field in fields:
            assert str(escape(f"{field} {HOSTILE}")) in body, f"{url} should show {field}"


def test_the_radar_chart_files_carry_the_name_as_text(client: Any, hostile: Hostile) -> None:
    """The SVG is an XML document a browser would run scripts in: the name must be escaped. The
    JSON specification is data, served as JSON and never sniffed as HTML."""
    sign_in(client, hostile.admin)
    base = f"/reports/assessments/{hostile.assessment_id}"
    svg = client.get(f"{base}/radar.svg")
    assert svg.status_code == 200
    assert_escaped("radar.svg", svg.get_data(as_text=True), shown=False)
    spec = client.get(f"{base}/radar.json")
    assert spec.mimetype == "application/json"
    assert spec.headers["X-Content-Type-Options"] == "nosniff"


def test_the_organisation_administrator_sees_their_hostile_name_escaped(
    client: Any, db: Any, hostile: Hostile
) -> None:
    from valuedcare.models import User

    sign_in(client, db.session.get(User, hostile.user_id))
    page = client.get("/").get_data(as_text=True)
    assert_escaped("/ (header with the user's name)", page)


def test_a_flashed_message_with_a_hostile_name_is_escaped(
    client: Any, db: Any, hostile: Hostile
) -> None:
    sign_in(client, hostile.admin)
    response = client.post(
        f"/admin/organisations/{hostile.organisation_id}",
        data={
            "code": "XSS1",
            "name": f"Renamed {HOSTILE}",
            "region": "London",
            "peer_group": f"Peers {HOSTILE}",
            "benchmark_opt_in": "yes",
            "named_in_benchmarks": "no",
        },
        follow_redirects=True,
    )
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert "saved" in body
    assert_escaped("flashed message", body)


def test_the_respondent_sees_the_hostile_questionnaire_escaped(
    app: Flask, client: Any, hostile: Hostile
) -> None:
    if "survey.start" not in app.view_functions:
        pytest.skip("the respondent journey is not part of the application yet")
    response = client.get(f"/r/{hostile.token}")
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert_escaped("respondent start page", body)
    assert str(escape(f"Board {HOSTILE}")) in body, "the start page shows the questionnaire title"
