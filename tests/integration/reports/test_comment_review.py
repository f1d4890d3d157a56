"""Comments from experts by experience and partners are shown only after a lead's review."""

from __future__ import annotations

import re
from typing import Any

import pytest
from sqlalchemy import select

from tests.integration.reports.conftest import main_content
from tests.unit.reports.pdf_text import pdf_text

NAMED = "Dr Alderley on Ward 7 listened to me at last"
PLAIN = [
    "Evening appointments would help",
    "More peer support groups please",
    "Letters came late",
    "Staff were kind",
    "Parking was hard",
]
RISK = "I was not safe on the ward at night"


def _comment(factories: Any, assessment: Any, text: str, *, released: bool = True) -> Any:
    return factories.response(
        assessment,
        lens="experts_by_experience",
        answers={"c2": (text, None, False, None)},
        released=released,
    )


@pytest.fixture
def trust(factories: Any, db: Any) -> dict[str, int]:
    cycle = factories.cycle(label="2025/26", status="closed")
    organisation = factories.organisation()
    assessment = factories.assessment(organisation, cycle)
    for text in [NAMED, *PLAIN]:
        _comment(factories, assessment, text)
    db.session.commit()
    return {"organisation": organisation.id, "assessment": assessment.id}


def _review_page(client: Any, trust: dict[str, int]) -> str:
    page = client.get(f"/reports/assessments/{trust['assessment']}/comments")
    assert page.status_code == 200
    return page.text


def _ref_of(html: str, text: str) -> str:
    block = html[html.index(text) :]
    return re.search(r'name="ref" value="([0-9a-f]+)"', block).group(1)


def _decide(client: Any, trust: dict[str, int], ref: str, decision: str, phrase: str = "") -> Any:
    return client.post(
        f"/reports/assessments/{trust['assessment']}/comments",
        data={"ref": ref, "decision": decision, "phrase": phrase},
    )


def _report(client: Any, trust: dict[str, int]) -> str:
    return main_content(client.get(f"/reports/assessments/{trust['assessment']}").text)


def test_nothing_is_shown_before_review_and_the_lead_is_told(
    client: Any, signed_in: Any, trust: dict[str, int]
) -> None:
    signed_in("organisation_admin", trust["organisation"])

    report = _report(client, trust)

    assert not any(text in report for text in [NAMED, *PLAIN])
    assert "6 comments are waiting for review" in report


def test_approve_redact_and_withhold(client: Any, signed_in: Any, trust: dict[str, int]) -> None:
    signed_in("organisation_admin", trust["organisation"])
    page = _review_page(client, trust)
    assert _decide(client, trust, _ref_of(page, PLAIN[0]), "approve").status_code == 302
    assert _decide(client, trust, _ref_of(page, PLAIN[1]), "withhold").status_code == 302
    named = _ref_of(page, NAMED)
    assert _decide(client, trust, named, "redact", "dr alderley").status_code == 302
    assert _decide(client, trust, named, "redact", "Ward 7").status_code == 302

    report = _report(client, trust)
    pdf = pdf_text(client.get(f"/reports/assessments/{trust['assessment']}/board-paper.pdf").data)

    for output in (report, pdf):
        assert PLAIN[0] in output
        assert PLAIN[1] not in output  # withheld
        assert "[removed] on [removed] listened to me at last" in output  # both redactions kept
        assert "Alderley" not in output and "Ward 7" not in output
        assert PLAIN[2] not in output  # not reviewed yet
    assert "3 comments are waiting for review" in report
    # approving again shows the comment as written: the lead's latest decision counts
    assert _decide(client, trust, named, "approve").status_code == 302
    assert NAMED in _report(client, trust)


def test_a_redaction_that_does_not_match_is_explained_and_keeps_what_was_typed(
    client: Any, signed_in: Any, trust: dict[str, int]
) -> None:
    signed_in("organisation_admin", trust["organisation"])
    ref = _ref_of(_review_page(client, trust), NAMED)

    response = _decide(client, trust, ref, "redact", "Dr Smith")

    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert "The words to remove are not in the comment" in response.text
    assert 'value="Dr Smith"' in response.text
    assert NAMED not in _report(client, trust)


def test_the_review_page_gives_no_order_of_saving(
    client: Any, signed_in: Any, db: Any, trust: dict[str, int]
) -> None:
    from valuedcare.models import Answer

    signed_in("organisation_admin", trust["organisation"])
    html = main_content(_review_page(client, trust))

    texts = [text for text in sorted([NAMED, *PLAIN], key=str.casefold)]
    assert [html.index(text) for text in texts] == sorted(html.index(text) for text in texts)
    answer_ids = db.session.scalars(select(Answer.id)).all()
    refs = re.findall(r'name="ref" value="([^"]+)"', html)
    assert len(refs) == 6
    assert not any(ref == str(answer_id) for ref in refs for answer_id in answer_ids)


def test_a_small_group_is_never_reviewed_or_shown_but_a_risk_is_read_at_once(
    client: Any, signed_in: Any, factories: Any, db: Any
) -> None:
    cycle = factories.cycle(label="2026/27", status="open")
    organisation = factories.organisation()
    assessment = factories.assessment(organisation, cycle)
    _comment(factories, assessment, "Small group comment", released=False)
    _comment(factories, assessment, RISK, released=False)
    db.session.commit()
    trust = {"organisation": organisation.id, "assessment": assessment.id}
    signed_in("organisation_admin", organisation.id)

    page = main_content(_review_page(client, trust))

    assert RISK in page and "May show a risk of harm" in page
    assert "Small group comment" not in page
    assert _decide(client, trust, _ref_of(page, RISK), "approve").status_code == 302
    assert RISK not in _report(client, trust)  # two people, not yet released: never shown


def test_other_organisations_and_other_roles_cannot_review(
    client: Any, signed_in: Any, factories: Any, db: Any, trust: dict[str, int]
) -> None:
    signed_in("organisation_admin", trust["organisation"])
    ref = _ref_of(_review_page(client, trust), PLAIN[0])

    other = factories.organisation()
    db.session.commit()
    signed_in("organisation_admin", other.id)
    assert client.get(f"/reports/assessments/{trust['assessment']}/comments").status_code == 404
    assert _decide(client, trust, ref, "approve").status_code == 404
    signed_in("viewer", trust["organisation"])
    assert client.get(f"/reports/assessments/{trust['assessment']}/comments").status_code == 403
    assert _decide(client, trust, ref, "approve").status_code == 403


def test_a_reference_from_another_assessment_is_refused(
    client: Any, signed_in: Any, factories: Any, db: Any, trust: dict[str, int]
) -> None:
    signed_in("organisation_admin", trust["organisation"])
    assert _decide(client, trust, "0" * 24, "approve").status_code == 404


def test_the_audit_log_records_the_decision_never_the_text(
    client: Any, signed_in: Any, db: Any, trust: dict[str, int]
) -> None:
    from valuedcare.models import AuditEvent

    signed_in("organisation_admin", trust["organisation"])
    ref = _ref_of(_review_page(client, trust), NAMED)
    _decide(client, trust, ref, "redact", "Alderley")

    events = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "comment_reviewed")
    ).all()
    assert [event.detail for event in events] == [
        {"decision": "redacted", "lens": "experts_by_experience"}
    ]
    assert "Alderley" not in str(events[0].detail) and ref not in str(events[0].detail)
