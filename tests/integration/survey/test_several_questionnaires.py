"""An assessment can offer more than one questionnaire for a lens (an easy-read version beside the
standard one): each link names its questionnaire, and the report says which were used."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest

from tests.integration.auth.helpers import main_content, make_user, sign_in
from tests.integration.survey.journey_helpers import save, start

REPOSITORY = Path(__file__).resolve().parents[3] / "questionnaires"
SECOND = "experts-by-experience-second-test"
SECOND_TITLE = "Your experience (second version for tests)"


@pytest.fixture
def second_questionnaire(db: Any) -> str:
    """A second questionnaire for experts by experience: the standard one under another slug."""
    from valuedcare.data.questionnaires import store_version

    text = (REPOSITORY / "experts-by-experience.yaml").read_text(encoding="utf-8")
    lines = []
    for line in text.splitlines():
        if line.startswith("slug:"):
            line = f"slug: {SECOND}"
        elif line.startswith("title:"):
            line = f"title: {SECOND_TITLE}"
        lines.append(line)
    source = "\n".join(lines) + "\n"
    store_version(
        slug=SECOND,
        version=1,
        kind="questionnaire",
        title=SECOND_TITLE,
        lens="experts_by_experience",
        content_hash=hashlib.sha256(source.encode()).hexdigest(),
        source=source,
    )
    db.session.commit()
    return SECOND


def _create(client: Any, assessment: Any, **data: str) -> Any:
    return client.post(f"/assessments/{assessment.id}/invitations/anonymous", data=data)


def test_a_link_can_ask_the_second_questionnaire_and_names_it(
    client: Any, db: Any, assessment: Any, lead: Any, second_questionnaire: str
) -> None:
    from sqlalchemy import select

    from valuedcare.models import Invitation

    form = client.get(f"/assessments/{assessment.id}/invitations/anonymous").text
    assert SECOND_TITLE in form and "Working with the trust" in form

    created = _create(
        client,
        assessment,
        lens="experts_by_experience",
        questionnaire=SECOND,
        label="Easy read group",
    )

    assert created.status_code == 200
    invitation = db.session.scalars(select(Invitation)).one()
    assert invitation.questionnaire_version.slug == SECOND
    listing = main_content(client.get(f"/assessments/{assessment.id}/invitations").text)
    assert f"{SECOND_TITLE}, version 1" in listing


def test_a_questionnaire_for_another_group_is_refused_and_answers_kept(
    client: Any, db: Any, assessment: Any, lead: Any, second_questionnaire: str
) -> None:
    from sqlalchemy import func, select

    from valuedcare.models import Invitation

    page = _create(
        client,
        assessment,
        lens="partner",
        questionnaire=SECOND,
        label="Police liaison",
        team="North",
    )

    assert page.status_code == 200
    assert "There is a problem" in page.text
    assert "This questionnaire is for experts by experience" in page.text
    assert 'value="Police liaison"' in page.text and 'value="North"' in page.text
    assert db.session.scalar(select(func.count(Invitation.id))) == 0


def test_without_a_choice_the_main_questionnaire_is_used(
    client: Any, db: Any, assessment: Any, lead: Any, second_questionnaire: str
) -> None:
    from sqlalchemy import select

    from valuedcare.models import Invitation

    _create(client, assessment, lens="experts_by_experience", label="Forum")

    invitation = db.session.scalars(select(Invitation)).one()
    assert invitation.questionnaire_version.slug == "experts-by-experience"


def test_the_report_says_which_questionnaires_were_used_and_by_how_many(
    client: Any, db: Any, factories: Any, second_questionnaire: str
) -> None:
    cycle = factories.cycle(label="2025/26", status="closed")
    organisation = factories.organisation()
    assessment = factories.assessment(organisation, cycle)
    for _ in range(6):
        factories.response(assessment, lens="experts_by_experience")
    for _ in range(2):
        factories.response(assessment, lens="experts_by_experience", slug=SECOND)
    db.session.commit()
    sign_in(client, make_user(db, "viewer", organisation))

    report = main_content(client.get(f"/reports/assessments/{assessment.id}").text)

    assert f"{SECOND_TITLE}, version 1: fewer than 5" in report
    assert "Your experience of our services, version" in report and ": 5 to 9" in report


def test_a_respondent_answers_the_questionnaire_of_their_link(
    app: Any, db: Any, assessment: Any, second_questionnaire: str
) -> None:
    from tests.integration.survey.links import LEAD_SCOPE
    from valuedcare.data import invitations

    _, token = invitations.create_anonymous_link(
        LEAD_SCOPE,
        assessment.id,
        lens="experts_by_experience",
        label="Second",
        questionnaire=SECOND,
    )
    db.session.commit()
    respondent = app.test_client()

    page = respondent.get(f"/r/{token}")
    start(respondent, f"/r/{token}")

    assert SECOND_TITLE in page.text
    assert save(respondent, f"/r/{token}", "overall", {}).status_code == 302
