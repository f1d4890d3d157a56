"""One screen for every text field: control characters are refused, bidirectional controls removed.

A NUL byte cannot be stored by PostgreSQL (psycopg refuses the statement), so before this screen
a NUL in a sign-in email address, a token name or an action note was a server error. Each attack
posts a control character through the real form and expects the re-shown page with the NHS error
summary naming the field, and nothing stored. A right-to-left override is quietly removed.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask_wtf import FlaskForm
from sqlalchemy import func, select

from tests.integration.auth.helpers import PASSWORD, main_content, make_user, sign_in
from tests.integration.survey.journey_helpers import start, stored
from tests.integration.survey.links import make_link
from tests.plan import action_form

NUL = "\x00"
RLO = "\u202e"


def assert_refused(response: Any, field: str, message: str) -> str:
    """The page is shown again (200) with the error summary linking to ``field``."""
    assert response.status_code == 200, response.status_code
    assert "<title>Error: " in response.text
    html = main_content(response.text)
    summary = re.search(r'class="nhsuk-error-summary".*?</div>\s*</div>', html, re.S)
    assert summary, "the page has an error summary"
    assert f'href="#{field}"' in summary.group(0)
    assert f"{message} must not contain control characters" in summary.group(0)
    assert NUL not in response.text
    return html


def _count(db: Any, model_name: str) -> int:
    import valuedcare.models as models

    model = getattr(models, model_name)
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(model))


@pytest.mark.parametrize(
    ("email", "password", "field", "label"),
    [
        (f"viewer{NUL}@example.org", PASSWORD, "email", "Email address"),
        ("viewer@example.org", f"{PASSWORD}{NUL}", "password", "Password"),
        (f"viewer@example.org{chr(0x85)}", PASSWORD, "email", "Email address"),
        ("viewer@example.org", f"correct\thorse{chr(0x7F)}", "password", "Password"),
    ],
    ids=["nul-in-email", "nul-in-password", "c1-in-email", "del-in-password"],
)
def test_sign_in_refuses_control_characters(client, db, email, password, field, label):
    make_user(db, "viewer", email="viewer@example.org")
    response = client.post("/account/sign-in", data={"email": email, "password": password})
    assert_refused(response, field, label)
    assert client.get("/account/").status_code == 302


def test_a_password_reset_request_refuses_a_nul(client, db):
    make_user(db, "viewer", email="viewer@example.org")
    response = client.post("/account/password-reset", data={"email": f"viewer@{NUL}example.org"})
    assert_refused(response, "email", "Email address")


def test_a_new_password_with_a_nul_is_refused_and_the_old_one_kept(client, db):
    from valuedcare.data.users import make_password_token

    user = make_user(db, "viewer", email="viewer@example.org")
    token = make_password_token(user.id)
    db.session.commit()
    new = f"a brand new {NUL} passphrase"
    response = client.post(
        f"/account/password-reset/{token}", data={"password": new, "confirm": new}
    )
    assert_refused(response, "password", "New password")
    signed_in = client.post(
        "/account/sign-in", data={"email": "viewer@example.org", "password": PASSWORD}
    )
    assert signed_in.status_code == 302


@pytest.fixture
def lead(client: Any, db: Any, factories: Any) -> tuple[Any, Any]:
    from valuedcare.models import Organisation

    user = make_user(db, "organisation_admin")
    organisation = db.session.get(Organisation, user.organisation_id)
    assessment = factories.assessment(
        organisation=organisation, cycle=factories.cycle(label="2026/27", status="open")
    )
    db.session.commit()
    sign_in(client, user)
    return user, assessment


def _new_action(assessment: Any) -> str:
    return f"/organisations/{assessment.organisation_id}/plan/new?ingredient=culture"


def test_an_action_with_a_nul_is_refused_and_nothing_stored(client, db, lead):
    _, assessment = lead
    response = client.post(
        _new_action(assessment),
        data=action_form(text=f"Run pulse{NUL} surveys", owner_role="Chief nurse"),
    )
    html = assert_refused(response, "text", "What will be done")
    assert 'value="Chief nurse"' in html
    assert _count(db, "Action") == 0


def test_an_action_keeps_line_breaks_and_loses_bidirectional_overrides(client, db, lead):
    from valuedcare.models import Action

    _, assessment = lead
    response = client.post(
        _new_action(assessment),
        data=action_form(
            text=f"Run pulse surveys\r\nevery {RLO}quarter\u2066\u2069\tteam by team",
            owner_role=f"Chief{RLO} nurse",
        ),
    )
    assert response.status_code == 302
    action = db.session.scalars(select(Action)).one()
    assert action.text == "Run pulse surveys\r\nevery quarter\tteam by team"
    assert action.owner_role == "Chief nurse"


def test_a_single_line_field_refuses_a_line_break(client, db, lead):
    _, assessment = lead
    response = client.post(_new_action(assessment), data=action_form(owner_role="Chief\nnurse"))
    assert_refused(response, "owner_role", "Role of the owner")
    assert _count(db, "Action") == 0


def test_an_api_token_name_with_a_nul_is_refused_and_no_token_made(client, db):
    sign_in(client, make_user(db, "viewer"))
    response = client.post("/api/tokens", data={"name": f"Power BI{NUL}"})
    assert_refused(response, "name", "Token name")
    assert "vc_" not in response.text
    assert _count(db, "ApiToken") == 0


def test_an_api_token_name_is_stored_without_a_right_to_left_override(client, db):
    from valuedcare.models import ApiToken

    sign_in(client, make_user(db, "viewer"))
    response = client.post("/api/tokens", data={"name": f"Power BI {RLO}draobhsad"})
    assert response.status_code == 200
    assert db.session.scalars(select(ApiToken)).one().name == "Power BI draobhsad"


def test_an_invitation_link_label_with_a_nul_is_refused_and_no_link_made(client, db, lead):
    _, assessment = lead
    before = _count(db, "Invitation")
    response = client.post(
        f"/assessments/{assessment.id}/invitations/anonymous",
        data={"lens": "experts_by_experience", "label": f"Carers{NUL} forum", "team": "North"},
    )
    html = assert_refused(response, "label", "Name for this link")
    assert 'value="North"' in html
    assert _count(db, "Invitation") == before


def test_a_free_text_answer_with_a_nul_is_refused_and_not_stored(client, db, factories):
    assessment = factories.assessment(cycle=factories.cycle(label="2026/27", status="open"))
    db.session.commit()
    link = make_link(db, assessment, "experts_by_experience", label="Carers' forum")
    start(client, link.url)
    page = client.get(f"{link.url}/sections/overall")
    revision = re.search(r'name="revision"[^>]*value="(\d+)"', page.text).group(1)

    response = client.post(
        f"{link.url}/sections/overall",
        data={"revision": revision, "action": "continue", "c1": "7", "c2": f"More{NUL} time"},
    )

    html = assert_refused(response, "c2", "Your answer")
    assert "More time</textarea>" in html  # shown again without the NUL, ready to send
    assert 'value="7" checked' in html
    assert stored(db) == []

    saved = client.post(
        f"{link.url}/sections/overall",
        data={"revision": revision, "action": "continue", "c1": "7", "c2": f"More {RLO}time"},
    )
    assert saved.status_code == 302
    assert {a.item_id: a.value for a in stored(db)} == {"c1": 7, "c2": "More time"}


def test_a_date_with_a_nul_is_refused_and_no_cycle_made(client, db):
    from valuedcare.data.cycles import list_cycles

    sign_in(client, make_user(db, "platform_admin"))
    response = client.post(
        "/admin/cycles/new",
        data={
            "label": "2027/28",
            "opens_on-day": "1",
            "opens_on-month": f"4{NUL}",
            "opens_on-year": "2027",
            "closes_on-day": "31",
            "closes_on-month": "3",
            "closes_on-year": "2028",
        },
    )
    html = assert_refused(response, "opens_on-day", "Opening date")
    assert 'name="opens_on-month" type="text" value="4"' in html
    assert list_cycles() == []


def _subclasses(cls: type) -> set[type]:
    found = set(cls.__subclasses__())
    for sub in list(found):
        found |= _subclasses(sub)
    return found


def test_every_form_of_the_application_is_screened(app):
    """A form that skipped the screen would let a NUL through to the database again."""
    from valuedcare.forms.base import BaseForm

    ours = {form for form in _subclasses(FlaskForm) if form.__module__.startswith("valuedcare.")}
    assert len(ours) > 15
    assert [form.__qualname__ for form in ours if not issubclass(form, BaseForm)] == []
