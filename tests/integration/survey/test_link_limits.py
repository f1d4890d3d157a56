"""Anonymous links that hold up at an event: a cap on answers, a closing date, a short address
and a poster with a QR code."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
import segno
from sqlalchemy import select

from tests.integration.auth.helpers import audit_events, main_content, make_user, sign_in
from tests.integration.survey.journey_helpers import all_responses, revision_of, save, start
from tests.integration.survey.links import LEAD_SCOPE
from valuedcare.data import invitations
from valuedcare.forms.dates import date_formdata
from valuedcare.short_codes import show_short_code


def _send_answers(client: Any, url: str) -> Any:
    save(client, url, "taking_part", {"took_part": "no"})
    check = client.get(f"{url}/check")
    return client.post(f"{url}/submit", data={"revision": revision_of(check.text)})


def _link(db: Any, assessment: Any, **fields: Any) -> tuple[int, str]:
    made = invitations.create_anonymous_link(
        LEAD_SCOPE, assessment.id, lens="experts_by_experience", label="Drop-in", **fields
    )
    assert made is not None
    db.session.commit()
    return made[0].id, f"/r/{made[1]}"


def _create(client: Any, assessment: Any, **data: Any) -> Any:
    form = {"lens": "experts_by_experience", "label": "Summer fair", **data}
    return client.post(f"/assessments/{assessment.id}/invitations/anonymous", data=form)


# A cap on answers -----------------------------------------------------------------------------


def test_a_capped_link_takes_no_new_start_once_full_but_drafts_already_started_can_finish(
    app: Any, db: Any, assessment: Any
) -> None:
    _, url = _link(db, assessment, max_responses=2)
    first, second, late = (app.test_client() for _ in range(3))
    for person in (first, second, late):
        start(person, url)
    for person in (first, second):
        assert _send_answers(person, url).status_code == 302
    newcomer = app.test_client()
    page = newcomer.get(url)
    assert page.status_code == 200
    assert "all the answers it can take" in main_content(page.text)
    assert "Start now" not in page.text
    refused = newcomer.post(f"{url}/start", data={"new": "1"})
    assert refused.status_code == 410 and "all the answers it can take" in refused.text
    assert _send_answers(late, url).status_code == 302, "a draft started before the cap finishes"
    assert [r.status for r in all_responses(db)] == ["submitted"] * 3


def test_a_link_below_its_cap_starts_as_usual(app: Any, db: Any, assessment: Any) -> None:
    _, url = _link(db, assessment, max_responses=2)
    person = app.test_client()
    start(person, url)
    _send_answers(person, url)
    assert "Start now" in app.test_client().get(url).text


# A closing date -------------------------------------------------------------------------------


def test_a_link_is_open_on_its_closing_date_and_closed_the_day_after(
    app: Any, db: Any, assessment: Any
) -> None:
    today = date.today()
    _, url = _link(db, assessment, closes_on=today)
    token = url.removeprefix("/r/")
    assert app.test_client().get(url).status_code == 200
    assert invitations.find_link(token, today=today).is_open
    after = invitations.find_link(token, today=today + timedelta(days=1))
    assert after.state == invitations.LINK_CLOSED


def test_a_closing_date_passed_shows_the_closed_page(client: Any, db: Any, assessment: Any) -> None:
    from valuedcare.models import Invitation

    link_id, url = _link(db, assessment, closes_on=date.today())
    invitation = db.session.get(Invitation, link_id)
    invitation.closes_on = date.today() - timedelta(days=1)  # as if the day had passed
    db.session.commit()
    page = client.get(url)
    assert page.status_code == 410


def test_the_form_sets_a_cap_and_a_closing_date_and_the_invitations_page_shows_them(
    client: Any, db: Any, assessment: Any, lead: Any
) -> None:
    from valuedcare.models import Invitation

    closes = assessment.cycle.closes_on
    created = _create(client, assessment, max_responses="40", **date_formdata("closes_on", closes))
    assert created.status_code == 200 and "Link created" in created.text
    [link] = db.session.scalars(select(Invitation).where(Invitation.kind == "anonymous")).all()
    assert (link.max_responses, link.closes_on) == (40, closes)
    page = main_content(client.get(f"/assessments/{assessment.id}/invitations").text)
    assert "No new answers after 40 sent" in page
    assert f"Open until {closes.day} " in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"max_responses": "0"}, "Enter a whole number from 1 to 100,000"),
        ({"max_responses": "many"}, "Stop new answers after this many"),
        (date_formdata("closes_on", date.today() - timedelta(days=1)), "today or in the future"),
        (date_formdata("closes_on", {"day": "31", "month": "2", "year": "2027"}), "real date"),
    ],
)
def test_a_bad_cap_or_closing_date_is_explained_and_keeps_the_other_answers(
    client: Any, db: Any, assessment: Any, lead: Any, data: dict[str, str], message: str
) -> None:
    page = _create(client, assessment, team="North locality", expected="25", **data)
    assert page.status_code == 200
    assert "nhsuk-error-summary" in page.text
    assert message.lower() in page.text.lower()
    assert 'value="North locality"' in page.text and 'value="25"' in page.text
    assert invitations.list_invitations(LEAD_SCOPE, assessment.id) == []


def test_a_closing_date_after_the_cycle_closes_is_refused(
    client: Any, db: Any, assessment: Any, lead: Any
) -> None:
    late = assessment.cycle.closes_on + timedelta(days=1)
    page = _create(client, assessment, **date_formdata("closes_on", late))
    assert "on or before the day the cycle closes" in page.text
    assert "nhsuk-error-summary" in page.text
    assert invitations.list_invitations(LEAD_SCOPE, assessment.id) == []


# Short address and poster -----------------------------------------------------------------------


def _code(link_id: int) -> str:
    coded = invitations.short_code(LEAD_SCOPE, link_id)
    assert coded is not None
    return coded.code


def test_the_short_address_leads_to_the_link_in_any_case_or_spacing(
    client: Any, db: Any, assessment: Any
) -> None:
    link_id, _ = _link(db, assessment)
    code = _code(link_id)
    typed = show_short_code(code).lower().replace("-", " ")
    moved = client.get(f"/s/{typed}")
    assert moved.status_code == 302 and moved.location.endswith(f"/r/{code}")
    assert client.get(moved.location).status_code == 200
    start(client, f"/r/{code}")
    assert _send_answers(client, f"/r/{code}").status_code == 302
    [response] = all_responses(db)
    assert response.status == "submitted" and response.invitation_id == link_id


def test_an_unknown_or_malformed_short_code_is_not_found(
    client: Any, db: Any, assessment: Any
) -> None:
    _link(db, assessment)
    assert client.get("/s/ABCD-EFGH").status_code == 404
    assert client.get("/s/not-a-code").status_code == 404


def test_a_closed_links_short_address_says_it_is_closed(
    client: Any, db: Any, assessment: Any
) -> None:
    link_id, _ = _link(db, assessment)
    invitations.close_invitation(LEAD_SCOPE, link_id)
    db.session.commit()
    assert client.get(f"/s/{_code(link_id)}").status_code == 410


def test_only_the_codes_hash_is_stored_and_the_code_is_the_same_each_time(
    db: Any, assessment: Any
) -> None:
    from valuedcare.models import Invitation

    link_id, _ = _link(db, assessment)
    code = _code(link_id)
    assert _code(link_id) == code
    row = db.session.get(Invitation, link_id)
    stored = " ".join(str(value) for value in vars(row).values())
    assert code not in stored and invitations.hash_token(code) == row.short_code_hash


def test_the_poster_prints_the_short_address_and_a_qr_code_that_holds_it(
    client: Any, db: Any, assessment: Any, lead: Any
) -> None:
    link_id, _ = _link(db, assessment, closes_on=assessment.cycle.closes_on)
    code = show_short_code(_code(link_id))
    page = client.get(f"/anonymous-links/{link_id}/poster")
    assert page.status_code == 200
    html = main_content(page.text)
    address = f"http://localhost/s/{code}"
    assert address in html and code in html
    assert "Tell us about your care" in html and "Open until" in html
    expected = segno.make(address, error="q", boost_error=False)
    assert expected.svg_inline(scale=1, border=4, omitsize=True).split("<path", 1)[1] in html
    assert 'role="img"' in html and f"<title>QR code that opens {address}</title>" in html
    svg = client.get(f"/anonymous-links/{link_id}/poster.svg")
    assert svg.status_code == 200 and svg.mimetype == "image/svg+xml"
    assert f"qr-code-{code}.svg" in svg.headers["Content-Disposition"]


def test_a_link_made_before_short_codes_gets_one_on_request(
    client: Any, db: Any, assessment: Any, lead: Any
) -> None:
    from valuedcare.models import Invitation

    link_id, _ = _link(db, assessment)
    row = db.session.get(Invitation, link_id)
    row.short_code_hash, row.token_nonce = None, None  # as links made before short codes
    db.session.commit()
    page = client.get(f"/anonymous-links/{link_id}/poster")
    assert "Make a short address" in page.text and "/s/" not in main_content(page.text)
    made = client.post(f"/anonymous-links/{link_id}/poster")
    assert made.status_code == 302
    assert "/s/" in main_content(client.get(f"/anonymous-links/{link_id}/poster").text)
    assert [e.action for e in audit_events(db) if e.action == "short_code_created"] == [
        "short_code_created"
    ]


def test_another_organisations_lead_gets_no_poster(app: Any, db: Any, assessment: Any) -> None:
    link_id, _ = _link(db, assessment)
    other = app.test_client()
    sign_in(other, make_user(db, "organisation_admin"))
    assert other.get(f"/anonymous-links/{link_id}/poster").status_code == 404
    assert other.get(f"/anonymous-links/{link_id}/poster.svg").status_code == 404


def test_a_board_members_invitation_has_no_poster(
    client: Any, db: Any, assessment: Any, lead: Any
) -> None:
    invitation, _ = invitations.invite_board_member(LEAD_SCOPE, assessment.id, name="A. Member")
    db.session.commit()
    assert client.get(f"/anonymous-links/{invitation.id}/poster").status_code == 404
