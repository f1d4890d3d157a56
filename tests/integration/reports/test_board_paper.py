"""The board paper: a tagged PDF (PDF/UA-1) of a full demo cycle, and its cover sheet, which the
improvement lead fills on a form and nobody else may change."""

from __future__ import annotations

import io
import re
from datetime import date
from typing import Any

import pikepdf
import pytest

from tests.integration.reports.conftest import sign_in
from tests.unit.reports.pdf_text import pdf_text
from valuedcare.reports.paper import PLACEHOLDER

MOST_PAGES = 12
COVER = {
    "meeting": "Trust board meeting in public",
    "meeting_on-day": "14",
    "meeting_on-month": "5",
    "meeting_on-year": "2027",
    "purpose": "approve",
    "executive_summary": "",
    "recommendation": "The board is asked to approve the improvement plan.",
    "assurance": "limited",
    "strategic_objectives": "Objective 2: care that people value",
    "risks": "BAF risk 4: learning from experience",
}


def _url(assessment_id: int, tail: str = "") -> str:
    return f"/reports/assessments/{assessment_id}/board-paper{tail}"


def _elements(pdf: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
    """Every structure element of the tagged PDF, in document order."""
    found: list[pikepdf.Dictionary] = []

    def walk(node: Any) -> None:
        if isinstance(node, pikepdf.Array):
            for child in node:
                walk(child)
        elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
            found.append(node)
            if "/K" in node:
                walk(node.K)

    walk(pdf.Root.StructTreeRoot.K)
    return found


@pytest.fixture
def demo_paper(client: Any, db: Any, factories: Any) -> tuple[bytes, int]:
    """The board paper of the first demo trust's latest closed cycle (the demo's default size),
    downloaded by a viewer of that trust."""
    from valuedcare.data import demo
    from valuedcare.data.reports import list_assessment_infos
    from valuedcare.data.scope import Scope
    from valuedcare.demo.generate import DemoParameters
    from valuedcare.models import Organisation

    demo.seed_demo(DemoParameters(), as_of=date(2026, 12, 1))
    db.session.commit()
    infos = list_assessment_infos(Scope(None, "platform_admin", None))
    first = min(info.organisation_code for info in infos)
    info = next(i for i in infos if i.organisation_code == first and not i.cycle_is_open)
    viewer = factories.user(db.session.get(Organisation, info.organisation_id), role="viewer")
    db.session.commit()
    sign_in(client, viewer)
    response = client.get(_url(info.assessment_id, ".pdf"))
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    return response.data, info.assessment_id


def test_the_demo_board_paper_is_tagged_pdf_ua(demo_paper: tuple[bytes, int]) -> None:
    with pikepdf.open(io.BytesIO(demo_paper[0])) as pdf:
        assert "/StructTreeRoot" in pdf.Root
        assert bool(pdf.Root.MarkInfo.Marked) is True
        assert str(pdf.Root.Lang) == "en-GB"
        assert str(pdf.docinfo.Title).startswith("Board paper: ")
        assert bool(pdf.Root.ViewerPreferences.DisplayDocTitle) is True
        assert len(pdf.pages) <= MOST_PAGES, f"{len(pdf.pages)} pages"
        elements = _elements(pdf)
        kinds = [str(each.S) for each in elements]
    headings = [kind for kind in kinds if re.fullmatch(r"/H[1-6]", kind)]
    assert headings[0] == "/H1" and kinds.count("/H1") == 1
    levels = [int(kind[2:]) for kind in headings]
    assert all(after - before <= 1 for before, after in zip(levels, levels[1:], strict=False)), (
        "headings skip a level"
    )
    assert {"/H2", "/H3"} <= set(headings)
    assert "/Table" in kinds and "/TH" in kinds and "/TD" in kinds
    cells = [each for each in elements if str(each.S) == "/TD"]
    assert all(len(each.A.Headers) > 0 for each in cells), "a data cell without its header cells"
    figures = [each for each in elements if str(each.S) == "/Figure"]
    assert figures, "the radar chart is a figure"
    for figure in figures:
        assert "/Alt" in figure and str(figure.Alt).strip(), "a figure without alternative text"
    assert any("Radar chart" in str(figure.Alt) for figure in figures)


def test_the_demo_board_paper_has_every_part_in_order(demo_paper: tuple[bytes, int]) -> None:
    text = pdf_text(demo_paper[0])
    parts = [
        "Board paper: Valued care",
        "Executive summary",
        "Maturity by ingredient",
        "Perception gaps",
        "Position among similar trusts",
        "The improvement plan",
        "The board's agreed position",
        "Appendix: each board statement's level",
    ]
    # each heading found after the one before it (the summary's sentences may name a part too)
    place = 0
    for part in parts:
        assert part in text[place:], part
        place = text.index(part, place)
    assert text.count(PLACEHOLDER) == 7
    assert "Page 1 of" in text


def test_the_lead_fills_the_cover_sheet_and_the_paper_shows_it(
    client: Any, closed_trust: Any, signed_in: Any
) -> None:
    signed_in("organisation_admin", closed_trust.organisation_id)
    page = client.get(_url(closed_trust.assessment_id))
    assert page.status_code == 200 and "Board paper cover sheet" in page.text

    saved = client.post(_url(closed_trust.assessment_id), data=COVER)
    assert saved.status_code == 302

    again = client.get(_url(closed_trust.assessment_id)).text
    assert 'value="Trust board meeting in public"' in again and 'value="2027"' in again
    text = pdf_text(client.get(_url(closed_trust.assessment_id, ".pdf")).data)
    for expected in [
        "Trust board meeting in public",
        "14 May 2027",
        "To approve",
        "The board is asked to approve the improvement plan.",
        "Limited assurance",
        "Objective 2: care that people value",
        "BAF risk 4: learning from experience",
        "2.8",  # a score from the report
    ]:
        assert expected in text, expected
    assert PLACEHOLDER not in text


def test_an_unfilled_cover_sheet_shows_the_placeholder_and_no_suppressed_figure(
    client: Any, closed_trust: Any, signed_in: Any
) -> None:
    from tests.integration.reports.test_pages import SECRET

    signed_in("viewer", closed_trust.organisation_id)
    text = pdf_text(client.get(_url(closed_trust.assessment_id, ".pdf")).data)
    assert PLACEHOLDER in text
    assert "fewer than 5 responses" in text
    for hidden in [SECRET, "4.7", "Brackenmoor Other Trust"]:
        assert hidden not in text, hidden


def test_a_bad_date_is_shown_again_with_the_error_summary_and_every_answer_kept(
    client: Any, closed_trust: Any, signed_in: Any
) -> None:
    signed_in("organisation_admin", closed_trust.organisation_id)
    posted = {**COVER, "meeting_on-day": "31", "meeting_on-month": "2"}
    response = client.post(_url(closed_trust.assessment_id), data=posted)
    assert response.status_code == 200
    page = response.text
    assert "<title>Error: " in page and "There is a problem" in page
    assert "Date of the meeting must be a real date" in page
    assert 'href="#meeting_on-day"' in page
    assert 'value="Trust board meeting in public"' in page
    assert "The board is asked to approve the improvement plan." in page
    assert re.search(r'value="approve"[^>]*checked', page)
    assert re.search(r'value="limited"[^>]*checked', page)
    assert 'value="31"' in page
    # nothing was saved
    text = pdf_text(client.get(_url(closed_trust.assessment_id, ".pdf")).data)
    assert "Trust board meeting in public" not in text


def test_another_organisations_cover_sheet_is_not_found(
    client: Any, closed_trust: Any, signed_in: Any
) -> None:
    signed_in("organisation_admin", closed_trust.other_organisation_id)
    assert client.get(_url(closed_trust.assessment_id)).status_code == 404
    assert client.post(_url(closed_trust.assessment_id), data=COVER).status_code == 404


@pytest.mark.parametrize("role", ["board_member", "viewer"])
def test_only_improvement_leads_change_the_cover_sheet(
    client: Any, closed_trust: Any, signed_in: Any, role: str
) -> None:
    signed_in(role, closed_trust.organisation_id)
    assert client.get(_url(closed_trust.assessment_id)).status_code == 403
    assert client.post(_url(closed_trust.assessment_id), data=COVER).status_code == 403
    # they still download the paper
    assert client.get(_url(closed_trust.assessment_id, ".pdf")).status_code == 200
