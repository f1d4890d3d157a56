"""Keeping experts by experience safe while they answer: the help panel, and a second look at
help when a comment suggests a risk of harm."""

from __future__ import annotations

from typing import Any

from tests.integration.reports.conftest import sign_in
from tests.integration.survey.journey_helpers import save, start
from tests.integration.survey.links import LinkFixture

HELP = "If you need help now"
DISCLOSURE = "Some days I want to end it all and nobody asked me how I was"


def test_every_experts_by_experience_page_offers_help_and_says_answers_do_not_affect_care(
    client: Any, ebe_link: LinkFixture
) -> None:
    pages = [client.get(ebe_link.url)]
    start(client, ebe_link.url)
    pages += [
        client.get(f"{ebe_link.url}/tasks"),
        client.get(f"{ebe_link.url}/sections/overall"),
        client.get(f"{ebe_link.url}/check"),
    ]
    for page in pages:
        assert page.status_code == 200
        assert HELP in page.text
        assert "NHS 111" in page.text and "116 123" in page.text
        assert "will not affect your care" in page.text


def test_board_and_partner_pages_do_not_show_the_panel(
    client: Any, board_link: LinkFixture, partner_link: LinkFixture
) -> None:
    for link in (board_link, partner_link):
        assert HELP not in client.get(link.url).text


def test_the_organisations_own_routes_are_shown(
    client: Any, db: Any, factories: Any, ebe_link: LinkFixture
) -> None:
    from valuedcare.models import Organisation

    organisation = db.session.get(Organisation, ebe_link.organisation_id)
    lead = factories.user(organisation, role="organisation_admin")
    db.session.commit()
    sign_in(client, lead)
    page = client.get(f"/organisations/{organisation.id}/support")
    assert page.status_code == 200
    response = client.post(
        f"/organisations/{organisation.id}/support",
        data={
            "crisis_line": "Our crisis line: call 0800 000 0000, any time",
            "advice_service": "PALS: call 0300 000 0000",
        },
    )
    assert response.status_code == 302

    with client.application.test_client() as anonymous:
        page = anonymous.get(ebe_link.url).text

    assert "Our crisis line: call 0800 000 0000, any time" in page
    assert "PALS: call 0300 000 0000" in page


def test_another_organisations_lead_cannot_change_the_help(
    client: Any, db: Any, factories: Any, ebe_link: LinkFixture
) -> None:
    other = factories.organisation()
    lead = factories.user(other, role="organisation_admin")
    db.session.commit()
    sign_in(client, lead)

    assert client.get(f"/organisations/{ebe_link.organisation_id}/support").status_code == 404
    response = client.post(
        f"/organisations/{ebe_link.organisation_id}/support",
        data={"crisis_line": "Call a fake number"},
    )
    assert response.status_code == 404


def test_a_nul_byte_in_the_help_text_is_refused_and_the_other_answer_kept(
    client: Any, db: Any, factories: Any, ebe_link: LinkFixture
) -> None:
    from valuedcare.models import Organisation

    organisation = db.session.get(Organisation, ebe_link.organisation_id)
    sign_in(client, factories.user(organisation, role="organisation_admin"))
    db.session.commit()

    response = client.post(
        f"/organisations/{organisation.id}/support",
        data={"crisis_line": "Call\x00 us", "advice_service": "PALS: 0300 000 0000"},
    )

    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert 'value="PALS: 0300 000 0000"' in response.text
    db.session.expire_all()
    assert db.session.get(Organisation, organisation.id).crisis_line is None


def test_a_comment_that_suggests_risk_shows_help_again_before_going_on(
    client: Any, ebe_link: LinkFixture
) -> None:
    start(client, ebe_link.url)

    response = save(client, ebe_link.url, "overall", {"c2": DISCLOSURE})

    assert response.status_code == 302
    assert response.location.startswith(f"{ebe_link.url}/help?next=")
    page = client.get(response.location)
    assert page.status_code == 200
    assert "Thank you for telling us" in page.text
    assert page.text.count(HELP) == 1
    assert f'href="{ebe_link.url}/sections/services_used"' in page.text


def test_an_ordinary_comment_goes_straight_on(client: Any, ebe_link: LinkFixture) -> None:
    start(client, ebe_link.url)

    response = save(client, ebe_link.url, "overall", {"c2": "Evening appointments would help"})

    assert response.status_code == 302
    assert response.location == f"{ebe_link.url}/sections/services_used"


def test_the_help_page_never_sends_people_to_another_site(
    client: Any, ebe_link: LinkFixture
) -> None:
    start(client, ebe_link.url)
    for wanted in [
        "https://evil.example/phish",
        "//evil.example/phish",
        "/r/another-token/tasks",
        f"/\\evil.example{ebe_link.url}/",
    ]:
        page = client.get(f"{ebe_link.url}/help", query_string={"next": wanted})
        assert page.status_code == 200
        assert "evil.example" not in page.text
        assert f'href="{ebe_link.url}/tasks"' in page.text


def test_partner_comments_are_not_checked(client: Any, partner_link: LinkFixture) -> None:
    start(client, partner_link.url)

    response = save(client, partner_link.url, "final_thoughts", {"p12": DISCLOSURE})

    assert response.status_code == 302
    assert "/help" not in response.location


def test_the_questions_about_crisis_and_safety_say_what_is_coming_first(
    client: Any, ebe_link: LinkFixture
) -> None:
    start(client, ebe_link.url)
    for role, section in (
        ("uses_services", "crisis_and_safety"),
        ("carer", "crisis_and_safety_carer"),
    ):
        save(client, ebe_link.url, "your_role", {"c3_role": role})
        page = client.get(f"{ebe_link.url}/sections/{section}").text
        note = page.index('id="content-note"')
        assert "You can skip any question" in page[note:]
        assert note < page.index("<form")
