"""Response counts have one source: the invitations page, the response-rates page and the rate
agree, and each count says what it is out of."""

from __future__ import annotations

import re
from typing import Any

from tests.integration.auth.helpers import main_content
from tests.integration.survey.links import make_link
from valuedcare.data import responses


def _send(db: Any, token: str, *, started: int, sent: int) -> None:
    from valuedcare.data import invitations

    invitation = invitations.find_link(token).invitation
    for number in range(started):
        response = responses.start_response(invitation).response
        if number < sent:
            missing = responses.submit_response(response, response.revision)
            if missing:  # a board response needs its required answers: mark it sent directly
                from valuedcare.models import Response

                db.session.get(Response, response.id).status = "submitted"
    db.session.commit()


def _row(html: str, heading: str) -> list[str]:
    """The numbers of a table row (the link's questionnaire and its version are left out)."""
    row = main_content(html).split(heading, 1)[1].split("</tr>")[0]
    found = re.findall(r">\s*([^<>]*?\d[^<>]*?)\s*<", row)
    return [text for text in found if not text.startswith("Questionnaire:")]


def test_a_links_counts_match_the_response_rates_page(
    client: Any, db: Any, assessment: Any, lead: Any
) -> None:
    link = make_link(db, assessment, "partner", label="Housing partners")
    _send(db, link.token, started=23, sent=21)
    base = f"/assessments/{assessment.id}"

    listing = client.get(f"{base}/invitations").text
    links = _row(listing, "Housing partners")
    rates_page = client.get(f"{base}/response-rates").text
    rates = _row(rates_page, "Partner organisations</th>")

    assert links[:2] == ["23", "21"]
    assert rates[:3] == ["1", "23", "21"]
    assert "Not set" in rates_page and "Not known" in rates_page


def test_responses_without_a_link_are_counted_and_said_so(
    client: Any, db: Any, factories: Any, assessment: Any, lead: Any
) -> None:
    link = make_link(db, assessment, "partner", label="Housing partners")
    _send(db, link.token, started=20, sent=20)
    for _ in range(5):
        factories.response(assessment, lens="partner")  # typed in from paper
    db.session.commit()

    page = client.get(f"/assessments/{assessment.id}/response-rates").text

    assert '25<br><span class="nhsuk-body-s">including 5 without a link' in page


def test_rates_are_sent_out_of_invited_or_expected(
    client: Any, db: Any, assessment: Any, lead: Any
) -> None:
    base = f"/assessments/{assessment.id}"
    members = [make_link(db, assessment, "board", name=f"Member {n}") for n in range(4)]
    for member in members[:3]:
        _send(db, member.token, started=1, sent=1)
    made = client.post(
        f"{base}/invitations/anonymous",
        data={"lens": "experts_by_experience", "label": "Forum", "expected": "40"},
    )
    token = re.search(r'id="link-url">http://[^<]+/r/([^<]+)<', made.text).group(1)
    _send(db, token, started=22, sent=20)

    page = client.get(f"{base}/response-rates").text

    assert _row(page, "Board members</th>")[:5] == ["4", "4", "3", "3", "75%"]
    assert _row(page, "Experts by experience</th>")[:5] == ["1", "40", "22", "20", "50%"]
    assert "of 40 expected" in client.get(f"{base}/invitations").text


def test_an_expected_number_that_is_not_a_whole_number_is_refused_keeping_the_rest(
    client: Any, assessment: Any, lead: Any
) -> None:
    page = client.post(
        f"/assessments/{assessment.id}/invitations/anonymous",
        data={"lens": "partner", "label": "Police liaison", "expected": "lots"},
    )

    assert page.status_code == 200 and "<title>Error: " in page.text
    html = main_content(page.text)
    assert "Enter a whole number from 1 to 100,000" in html or "Not a valid integer" in html
    assert 'value="Police liaison"' in html
