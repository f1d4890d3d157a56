"""Paper copies: every question, help text and answer of each questionnaire, on a printable page
and in a PDF, for improvement leads only."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest

from tests.integration.auth.helpers import sign_in
from tests.unit.reports.pdf_text import pdf_text
from valuedcare.questionnaire.describe import item_options

SLUGS = ["board-self-assessment", "experts-by-experience", "partner-feedback"]


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(text))


@pytest.fixture
def lead(client: Any, db: Any, factories: Any) -> Any:
    user = factories.user(factories.organisation(), role="organisation_admin")
    db.session.commit()
    sign_in(client, user)
    return user


@pytest.mark.parametrize("slug", SLUGS)
def test_every_question_and_answer_is_on_the_printed_page_and_the_pdf(
    client: Any, lead: Any, slug: str
) -> None:
    from valuedcare.data.questionnaires import get_latest_questionnaire

    _, questionnaire = get_latest_questionnaire(slug)
    page = client.get(f"/questionnaires/{slug}/paper")
    assert page.status_code == 200
    page_text = _flat(page.get_data(as_text=True))
    pdf = client.get(f"/questionnaires/{slug}/paper.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf"
    text = _flat(pdf_text(pdf.data))
    for number, item in enumerate(questionnaire.items(), start=1):
        assert f"{number}. {_flat(item.text)}" in page_text, item.id
        assert _flat(item.text)[:40] in text, item.id
        for option in item_options(item):
            assert _flat(option.label) in page_text, (item.id, option.label)
            assert _flat(option.label)[:30] in text, (item.id, option.label)
    for section in questionnaire.sections:
        assert _flat(section.title) in page_text and _flat(section.title) in text


@pytest.mark.parametrize("role", ["viewer", "board_member"])
def test_paper_copies_are_for_leads(client: Any, db: Any, factories: Any, role: str) -> None:
    sign_in(client, factories.user(factories.organisation(), role=role))
    db.session.commit()
    assert client.get("/questionnaires/board-self-assessment/paper").status_code == 403
    assert client.get("/questionnaires/board-self-assessment/paper.pdf").status_code == 403


def test_an_unknown_questionnaire_is_not_found(client: Any, lead: Any) -> None:
    assert client.get("/questionnaires/ingredients/paper").status_code == 404
    assert client.get("/questionnaires/nothing-here/paper.pdf").status_code == 404
