"""Paper copies of the questionnaires, for people who would rather answer on paper.

- ``GET /questionnaires/<slug>/paper``      the questionnaire to print (a print style sheet
                                            drops the service's header and footer)
- ``GET /questionnaires/<slug>/paper.pdf``  the same as an A4 PDF

Both show the latest version: every section and question, with its help text, a box to tick for
each answer (or a line to write on), and "don't know" where it is offered. For improvement leads,
who hand them out and type the answers in (``survey.paper_entry``).
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Response, abort, render_template

from valuedcare import access
from valuedcare.data.questionnaires import get_latest_definition
from valuedcare.questionnaire.describe import OptionText, item_options
from valuedcare.questionnaire.schema import Item, Questionnaire, Section
from valuedcare.reports.pdf import PrintedDocument, find_fonts
from valuedcare.survey import bp

LEADS = ("organisation_admin", "platform_admin")
PAPER_SLUGS = ("board-self-assessment", "experts-by-experience", "partner-feedback")
TICK_BOX = "\u2610"


@dataclass(frozen=True)
class PaperItem:
    """One question as printed."""

    number: int
    item: Item
    options: list[OptionText]

    @property
    def instruction(self) -> str:
        return self.item.kind.paper_instruction


def paper_sections(questionnaire: Questionnaire) -> list[tuple[Section, list[PaperItem]]]:
    """(section, its questions numbered through the whole questionnaire)."""
    sections: list[tuple[Section, list[PaperItem]]] = []
    number = 0
    for section in questionnaire.sections:
        items = []
        for item in section.items:
            number += 1
            items.append(PaperItem(number, item, item_options(item)))
        sections.append((section, items))
    return sections


def _latest_or_404(slug: str) -> Questionnaire:
    found = get_latest_definition(slug) if slug in PAPER_SLUGS else None
    if found is None:
        abort(404)
    return found


@bp.get("/questionnaires/<slug>/paper")
@access.signed_in(*LEADS)
def paper_copy(slug: str) -> str:
    questionnaire = _latest_or_404(slug)
    return render_template(
        "survey/paper.html",
        questionnaire=questionnaire,
        slug=slug,
        sections=paper_sections(questionnaire),
    )


@bp.get("/questionnaires/<slug>/paper.pdf")
@access.signed_in(*LEADS)
def paper_copy_pdf(slug: str) -> Response:
    questionnaire = _latest_or_404(slug)
    response = Response(build_paper_pdf(questionnaire), mimetype="application/pdf")
    response.headers["Content-Disposition"] = f'attachment; filename="{slug}-paper-copy.pdf"'
    return response


def build_paper_pdf(questionnaire: Questionnaire) -> bytes:
    """The questionnaire as an A4 PDF to print and fill in by hand."""
    fonts = find_fonts()
    pdf = PrintedDocument(fonts, f"{questionnaire.title} (version {questionnaire.version})")
    box = TICK_BOX if fonts is not None else "[ ]"
    pdf.add_page()
    pdf.heading(questionnaire.title, 20)
    for line in questionnaire.intro:
        pdf.paragraph(line, 10)
    if questionnaire.time_needed:
        pdf.paragraph(f"Time needed: {questionnaire.time_needed}", 10)
    pdf.paragraph("Please use black or blue ink. Skip any question you do not want to answer.", 10)
    for section, items in paper_sections(questionnaire):
        pdf.heading(section.title, 14)
        if section.description:
            pdf.paragraph(section.description, 9.5)
        for paper in items:
            _pdf_question(pdf, paper, box)
    return bytes(pdf.output())


def _pdf_question(pdf: PrintedDocument, paper: PaperItem, box: str) -> None:
    item = paper.item
    pdf.paragraph(f"{paper.number}. {item.text}", 10.5, bold=True)
    if item.help:
        pdf.paragraph(item.help, 9)
    pdf.paragraph(paper.instruction, 8.5)
    for option in paper.options:
        pdf.paragraph(f"  {box}  {option.label}", 10)
    for _ in range(item.kind.paper_lines):
        pdf.paragraph("_" * 80, 10)
    if item.ask_target:
        pdf.paragraph("Target level in 12 months (1 to 5): ____", 10)
    if item.comment is not None:
        pdf.paragraph(f"{item.comment.label}:", 9.5)
        pdf.paragraph("_" * 80, 10)
    pdf.ln(2)
