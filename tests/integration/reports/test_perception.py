"""Perception gaps on the report come only from questions that mirror a board statement.

A partner questionnaire whose first question (p1) mirrors the board's loc1 (local area):
board members' loc1 levels 2, 3, 4 (mean 3.0); five partners agree 1, 2, 2, 3, 3 (mean 2.2);
gap +0.8 on 1 statement. The standard partner questionnaire mirrors nothing: no gap at all.
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
MIRRORING = "partner-feedback-mirror-test"


@pytest.fixture
def mirroring_questionnaire(db: Any) -> str:
    from valuedcare.data.questionnaires import store_version

    text = (REPOSITORY / "partner-feedback.yaml").read_text(encoding="utf-8")
    text = text.replace("slug: partner-feedback", f"slug: {MIRRORING}", 1)
    text = text.replace(
        "      - id: p1\n        type: likert\n",
        "      - id: p1\n        type: likert\n        mirrors: loc1\n",
        1,
    )
    assert "mirrors: loc1" in text
    store_version(
        slug=MIRRORING,
        version=1,
        kind="questionnaire",
        title="Working with the trust (mirroring test)",
        lens="partner",
        content_hash=hashlib.sha256(text.encode()).hexdigest(),
        source=text,
    )
    db.session.commit()
    return MIRRORING


def _trust(factories: Any, db: Any, slug: str) -> Any:
    cycle = factories.cycle(label="2025/26", status="closed")
    assessment = factories.assessment(factories.organisation(), cycle)
    for level in (2, 3, 4):
        factories.response(
            assessment, lens="board", answers={"loc1": (level, float(level), False, None)}
        )
    for score in (1, 2, 2, 3, 3):
        response = factories.response(
            assessment, lens="partner", slug=slug, answers={"p1": ("x", float(score), False, None)}
        )
        store_response_scores(response.id)
    db.session.commit()
    return assessment


def test_a_mirrored_question_gives_a_gap_with_its_basis(
    client: Any, signed_in: Any, factories: Any, db: Any, mirroring_questionnaire: str
) -> None:
    assessment = _trust(factories, db, mirroring_questionnaire)

    report = service.build_trust_report(EVERYONE, assessment.id)

    [gap] = report.perception_gaps
    assert (gap.ingredient, gap.other_lens, gap.statements) == ("local_area", "partner", 1)
    assert gap.board.text == "3.0" and gap.other.text == "2.2" and gap.gap_text == "+0.8"
    signed_in("viewer", assessment.organisation_id)
    page = main_content(client.get(f"/reports/assessments/{assessment.id}").text)
    assert "mean level on 1 statement, beside how far partners agreed" in page


def test_questions_that_mirror_nothing_give_no_gap(factories: Any, db: Any) -> None:
    assessment = _trust(factories, db, "partner-feedback")

    report = service.build_trust_report(EVERYONE, assessment.id)

    # partners scored the local area (2.2) and the board scored it (3.0), but on different
    # questions: no gap is worked out
    assert report.perception_gaps == ()
