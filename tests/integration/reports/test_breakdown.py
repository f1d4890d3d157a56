"""Partner results by type of organisation: each type shown only with 5 or more respondents, and
never so that a hidden type could be worked out from the partners' total.

The partner questionnaire's p0_type has ``breakdown: true``; partners answer p1 (local area).
Partner feedback version 1, which had no breakdown question, is stored under another slug to
show that a questionnaire without one gives no table.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest

from tests.integration.reports.conftest import main_content
from tests.integration.reports.trust_fixture import EVERYONE
from valuedcare.data.scores import store_response_scores
from valuedcare.reports import service

REPOSITORY = Path(__file__).resolve().parents[3] / "questionnaires"
NO_BREAKDOWN = "partner-feedback-no-breakdown-test"


@pytest.fixture
def breakdown_questionnaire() -> str:
    return "partner-feedback"


@pytest.fixture
def no_breakdown_questionnaire(db: Any) -> str:
    from valuedcare.data.questionnaires import store_version

    text = (REPOSITORY / "previous" / "partner-feedback.v1.yaml").read_text(encoding="utf-8")
    assert "breakdown" not in text
    text = text.replace("slug: partner-feedback", f"slug: {NO_BREAKDOWN}", 1)
    store_version(
        slug=NO_BREAKDOWN,
        version=1,
        kind="questionnaire",
        title="Working with the trust (no breakdown)",
        lens="partner",
        content_hash=hashlib.sha256(text.encode()).hexdigest(),
        source=text,
    )
    db.session.commit()
    return NO_BREAKDOWN


def _trust(factories: Any, db: Any, slug: str, groups: dict[str | None, list[int]]) -> Any:
    assessment = factories.assessment(
        factories.organisation(), factories.cycle(label="2025/26", status="closed")
    )
    for sector, scores in groups.items():
        for score in scores:
            answers = {"p1": ("x", float(score), False, None)}
            if sector:
                answers["p0_type"] = (sector, None, False, None)
            response = factories.response(assessment, lens="partner", slug=slug, answers=answers)
            store_response_scores(response.id)
    db.session.commit()
    return assessment


def _table(report: Any) -> dict[str, str]:
    [table] = report.breakdowns
    assert [title for _, title in table.ingredients] == ["Understanding the local area"]
    return {row.label: row.cells[0].text for row in table.rows}


def test_large_groups_are_shown_with_their_own_scores(
    factories: Any, db: Any, breakdown_questionnaire: str
) -> None:
    assessment = _trust(
        factories,
        db,
        breakdown_questionnaire,
        {"housing": [2, 2, 2, 2, 2, 2], "police": [4, 4, 4, 4, 5], "social_care": [1] * 5},
    )

    table = _table(service.build_trust_report(EVERYONE, assessment.id))

    assert table == {
        "Housing provider or housing authority": "2.0",
        "Police": "4.2",
        "Adult or children's social care": "1.0",
    }


def test_a_small_group_is_hidden_and_so_is_the_next_smallest(
    client: Any, signed_in: Any, factories: Any, db: Any, breakdown_questionnaire: str
) -> None:
    # 13 partners: the total (shown) minus housing and police would give social care's two
    # answers, so police is hidden too
    assessment = _trust(
        factories,
        db,
        breakdown_questionnaire,
        {"housing": [2] * 6, "police": [4] * 5, "social_care": [5, 5]},
    )

    table = _table(service.build_trust_report(EVERYONE, assessment.id))

    assert table["Housing provider or housing authority"] == "2.0"
    assert table["Adult or children's social care"] == "fewer than 5 responses"
    assert table["Police"].startswith("not shown")
    signed_in("viewer", assessment.organisation_id)
    page = main_content(client.get(f"/reports/assessments/{assessment.id}").text)
    section = page[page.index('id="breakdown-partner"') :]
    section = section[: section.index("</table>")]
    assert "Partners by type of organisation" in page
    assert "4.0" not in section and "5.0" not in section


def test_people_who_did_not_say_form_their_own_group(
    factories: Any, db: Any, breakdown_questionnaire: str
) -> None:
    assessment = _trust(factories, db, breakdown_questionnaire, {"housing": [3] * 5, None: [1] * 5})

    table = _table(service.build_trust_report(EVERYONE, assessment.id))

    assert table == {"Housing provider or housing authority": "3.0", "Did not say": "1.0"}


def test_a_questionnaire_without_a_breakdown_question_has_no_table(
    factories: Any, db: Any, no_breakdown_questionnaire: str
) -> None:
    assessment = _trust(factories, db, no_breakdown_questionnaire, {"housing": [3] * 6})

    assert service.build_trust_report(EVERYONE, assessment.id).breakdowns == ()


def test_the_board_paper_carries_the_breakdown_without_hidden_groups(
    client: Any, signed_in: Any, factories: Any, db: Any, breakdown_questionnaire: str
) -> None:
    from tests.unit.reports.pdf_text import pdf_text

    assessment = _trust(
        factories,
        db,
        breakdown_questionnaire,
        {"housing": [2] * 6, "police": [4] * 5, "social_care": [5, 5]},
    )
    signed_in("viewer", assessment.organisation_id)

    text = pdf_text(client.get(f"/reports/assessments/{assessment.id}/board-paper.pdf").data)

    assert "Partners by type of organisation" in text
    assert "Housing provider or housing authority" in text
    section = text[text.index("Partners by type of organisation") :]
    section = section[: section.index("Statements the board disagrees on")]
    assert "4.0" not in section and "5.0" not in section
