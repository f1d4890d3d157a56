"""The board paper: the trust report as a PDF a board secretary can put in a board pack (fpdf2).

Contents: a title page ("Board paper"), the radar chart (PNG), the table of scores by lens, an
ingredient summary, perception gaps, statements the board disagrees on, the board's agreed
position, comments that pass small-number suppression, and how to read the figures.

Fonts: DejaVu Sans or Liberation Sans from the system when found (full Unicode); otherwise the
PDF core font Helvetica, with text reduced to Latin-1. Nothing is fetched from the network.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from fpdf import FPDF
from fpdf.fonts import FontFace

from valuedcare.formatting import measure_value, month_year, nhs_date, one_dp
from valuedcare.reports.model import (
    SUPPRESSED_TEXT,
    TrustReport,
    lens_label,
    respondents_text,
    responses_text,
)
from valuedcare.scoring.outcomes import MeasureSummary

#: Regular and bold TrueType fonts tried in order; the first pair found is used.
FONT_CANDIDATES: tuple[tuple[str, str], ...] = (
    (
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    ),
    (
        "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
    ),
    ("/usr/share/fonts/TTF/DejaVuSans.ttf", "/usr/share/fonts/TTF/DejaVuSans-Bold.ttf"),
)
_LATIN1 = str.maketrans({"–": "-", "—": "-", "‘": "'", "’": "'", "“": '"', "”": '"', "…": "..."})
HEADING_BLUE = (0, 94, 184)
TEXT_BLACK = (33, 43, 50)


def find_fonts(candidates: Sequence[tuple[str, str]] = FONT_CANDIDATES) -> tuple[str, str] | None:
    """The first (regular, bold) pair of font files that both exist, or None."""
    for regular, bold in candidates:
        if Path(regular).is_file() and Path(bold).is_file():
            return regular, bold
    return None


class BoardPaper(FPDF):
    """An A4 portrait document with a running footer."""

    def __init__(self, fonts: tuple[str, str] | None, footer_text: str) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.footer_text = footer_text
        self.unicode = fonts is not None
        if fonts is not None:
            self.add_font("Body", "", fonts[0])
            self.add_font("Body", "B", fonts[1])
            self.family = "Body"
        else:
            self.family = "Helvetica"
        self.set_auto_page_break(auto=True, margin=18)
        self.set_margins(18, 18, 18)
        self.set_text_color(*TEXT_BLACK)

    def safe(self, text: str) -> str:
        """Text the current font can show."""
        if self.unicode:
            return text
        return text.translate(_LATIN1).encode("latin-1", "replace").decode("latin-1")

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(self.family, "", 8)
        self.cell(0, 5, self.safe(f"{self.footer_text} - page {self.page_no()}"), align="C")

    def heading(self, text: str, size: int = 16) -> None:
        self.set_font(self.family, "B", size)
        self.set_text_color(*HEADING_BLUE)
        self.multi_cell(0, size * 0.5, self.safe(text), align="L")
        self.set_text_color(*TEXT_BLACK)
        self.ln(2)

    def paragraph(self, text: str, size: float = 10, bold: bool = False) -> None:
        self.set_font(self.family, "B" if bold else "", size)
        self.multi_cell(0, size * 0.5, self.safe(text), align="L")
        self.ln(1.5)

    def data_table(
        self, header: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[int]
    ) -> None:
        self.set_font(self.family, "", 8.5)
        heading_style = FontFace(emphasis="BOLD", fill_color=(232, 237, 238))
        with self.table(
            col_widths=tuple(widths),
            headings_style=heading_style,
            line_height=4.6,
            text_align="LEFT",
            first_row_as_headings=True,
        ) as table:
            for row in [header, *rows]:
                cells = table.row()
                for value in row:
                    cells.cell(self.safe(value))
        self.ln(3)


def _title_page(pdf: BoardPaper, report: TrustReport, prepared_on: date) -> None:
    info = report.info
    pdf.add_page()
    pdf.ln(40)
    pdf.heading("Board paper", 28)
    pdf.heading("Valued care maturity self-assessment", 18)
    pdf.paragraph(info.organisation_name, 14, bold=True)
    pdf.paragraph(f"Assessment cycle {info.cycle_label}", 12)
    pdf.paragraph(f"Prepared on {nhs_date(prepared_on)}", 11)
    if info.is_demo:
        pdf.paragraph("Demonstration data: the organisation and its answers are fictional.", 11)
    pdf.ln(6)
    pdf.paragraph(
        "This paper sets out the trust's maturity on the ten ingredients of the Valued care in "
        "mental health model, as scored by board members, the board's agreed position, experts "
        "by experience and partner organisations, beside the median of similar trusts.",
        11,
    )
    lines = [
        f"{lens_label(lens)}: {responses_text(lens, report.respondents.get(lens), report.rules)}"
        + ("; more are published when the cycle closes" if lens in report.awaiting_release else "")
        for lens in ("board", "experts_by_experience", "partner")
    ]
    pdf.paragraph("Responses this cycle", 11, bold=True)
    for line in lines:
        pdf.paragraph(line, 11)


def _experience_page(pdf: BoardPaper, report: TrustReport) -> None:
    """Experts by experience first, as in the model: what happened, hoped for and the gap."""
    if not any(row.asked for row in report.experience):
        return
    pdf.add_page()
    pdf.heading("Care compared with what people hoped for")
    pdf.paragraph(
        "People who use services, carers and family members said how often each part of their "
        "care actually happened and what they hoped for, both from 1 to 5. The gap is the mean "
        "shortfall: for each person, how far what happened fell short of what they hoped for "
        f"(better than hoped counts as 0). Figures from fewer than {report.rules.min_respondents} "
        "people are not shown.",
        9,
    )
    since = [f"Gap since {report.previous_cycle}"] if report.previous_cycle else []
    rows = [
        [
            row.title,
            row.actual.text,
            row.hoped.text,
            row.gap.text,
            *([row.change.text if row.change and row.asked else ""] if since else []),
        ]
        for row in report.experience
    ]
    widths = (54, 28, 28, 28, 36) if since else (66, 36, 36, 36)
    pdf.data_table(["Ingredient", "What happened", "Hoped for", "Gap", *since], rows, widths)
    questions = [
        [row.title, row.actual.text, row.hoped.text, row.gap.text]
        for row in report.experience_questions
    ]
    if questions:
        pdf.heading("Each question", 13)
        pdf.data_table(
            ["Question", "What happened", "Hoped for", "Gap"], questions, (90, 28, 28, 28)
        )


def _scores_page(pdf: BoardPaper, report: TrustReport, radar_png: bytes | None) -> None:
    pdf.add_page()
    pdf.heading("Maturity by ingredient")
    if radar_png:
        pdf.image(io.BytesIO(radar_png), w=150, x=30, alt_text="Radar chart of the scores below")
        pdf.ln(2)
    header = ["Ingredient", *report.lens_labels, "Peer median"]
    rows = [
        [row.title, *(row.cells[index].text for index, _ in report.columns), row.peer_median.text]
        for row in report.table
    ]
    pdf.paragraph("Mean scores from 1 (Beginning) to 5 (Leading).", 9)
    other = (174 - 46) // (len(header) - 1)
    pdf.data_table(header, rows, (46, *([other] * (len(header) - 1))))


def _cards_page(pdf: BoardPaper, report: TrustReport) -> None:
    pdf.add_page()
    pdf.heading("Ingredient summary")
    previous = report.previous_cycle or "last cycle"
    header = ["Ingredient", "Lens", "Score and level", "Responses", f"Change since {previous}"]
    rows = []
    for card in report.cards:
        for line in card.lines:
            if not (line.cell.has_score or line.cell.suppressed):
                continue
            level = f"{line.cell.text} {line.cell.level}" if line.cell.level else line.cell.text
            rows.append(
                [
                    card.title,
                    line.label,
                    level,
                    respondents_text(line.lens, line.cell.respondents, report.rules)
                    if line.cell.has_score
                    else "",
                    line.change.text if line.change else "",
                ]
            )
    pdf.data_table(header, rows, (44, 30, 36, 22, 42))
    gaps = [
        [
            card.title,
            lens_label(card.target_gap.lens),
            one_dp(card.target_gap.current),
            one_dp(card.target_gap.target),
            one_dp(card.target_gap.gap),
        ]
        for card in report.cards
        if card.target_gap is not None
    ]
    if gaps:
        pdf.heading("Targets for the next 12 months", 13)
        pdf.data_table(
            ["Ingredient", "From", "Current", "Target", "Gap"], gaps, (60, 40, 24, 24, 26)
        )


def _gaps_and_disagreement(pdf: BoardPaper, report: TrustReport) -> None:
    pdf.add_page()
    pdf.heading("Perception gaps")
    pdf.paragraph(
        "How far the board members' view is above (+) or below (-) the view of experts by "
        "experience and of partners on the same ideas: their questions that mirror a board "
        "statement. Other results are never set against the board's levels.",
        9,
    )
    rows = [
        [
            gap.title,
            lens_label(gap.other_lens),
            gap.board.text,
            gap.other.text,
            gap.gap_text,
            gap.basis,
        ]
        for gap in report.perception_gaps
    ]
    if rows:
        pdf.data_table(
            ["Ingredient", "Compared with", "Board", "Other lens", "Gap", "What is compared"],
            rows,
            (34, 26, 16, 22, 18, 58),
        )
    else:
        pdf.paragraph(
            "There is nothing to compare: no questions of experts by experience or partners "
            "mirror the board's statements.",
            10,
        )
    for table in report.breakdowns:
        pdf.heading(f"{lens_label(table.lens)} by type of organisation", 13)
        pdf.paragraph(
            f"Mean scores for each answer to: {table.question} Groups of fewer than "
            f"{report.rules.min_respondents} people are not shown.",
            9,
        )
        header = ["Group", *(title for _, title in table.ingredients)]
        other = (174 - 50) // max(1, len(header) - 1)
        pdf.data_table(
            header,
            [[row.label, *(cell.text for cell in row.cells)] for row in table.rows],
            (50, *([other] * (len(header) - 1))),
        )
    pdf.heading("Statements the board disagrees on", 13)
    if report.disagreements:
        rows = [
            [
                d.title,
                f"{d.item_id.upper()}: {d.text}",
                str(d.members),
                f"{d.lowest} to {d.highest}",
            ]
            for d in report.disagreements
        ]
        pdf.data_table(["Ingredient", "Statement", "Members", "Levels"], rows, (36, 98, 18, 22))
    else:
        pdf.paragraph("Board members' levels were never 2 or more levels apart.", 10)
    _not_known_section(pdf, report)


def _not_known_section(pdf: BoardPaper, report: TrustReport) -> None:
    pdf.heading('"Don\'t know" answers to follow up', 13)
    if not report.not_known:
        pdf.paragraph('No board member answered "don\'t know" to any statement.', 10)
        return
    pdf.paragraph(
        'Board members said they did not know, or had no evidence either way. "Don\'t know" is '
        "never scored; each one is a question to follow up.",
        9,
    )
    rows = [
        [n.title, f"{n.item_id.upper()}: {n.text}", f"{n.not_known} of {n.members} members"]
        for n in report.not_known
    ]
    pdf.data_table(["Ingredient", "Statement", '"Don\'t know"'], rows, (36, 104, 34))


def _agreed_page(pdf: BoardPaper, report: TrustReport) -> None:
    pdf.add_page()
    pdf.heading("The board's agreed position")
    progress = report.agreed_progress
    if progress.is_provisional:
        partial = "; ".join(
            f"{title}: {agreed} of {total}"
            for title, agreed, total in progress.incomplete_ingredients()
        )
        pdf.paragraph(
            f"{progress.text}. This is provisional: an agreed score is shown only for an "
            "ingredient whose statements are all agreed; until then this paper uses the board "
            "members' own scores for it." + (f" Agreed in part: {partial}." if partial else ""),
            10,
        )
    if not report.agreed:
        pdf.paragraph("The board has not recorded an agreed position for this cycle.", 10)
        return
    rows = [
        [
            a.title,
            f"{a.item_id.upper()}: {a.text}",
            f"{a.level} {a.level_name}",
            str(a.target) if a.target else "",
            a.rationale or "",
        ]
        for a in report.agreed
    ]
    pdf.data_table(
        ["Ingredient", "Statement", "Agreed level", "Target", "Rationale"],
        rows,
        (28, 64, 24, 14, 44),
    )


def _plan_page(pdf: BoardPaper, report: TrustReport) -> None:
    pdf.add_page()
    pdf.heading("The improvement plan")
    plan = report.plan
    pdf.paragraph(
        f"{len(plan.open)} open {'action' if len(plan.open) == 1 else 'actions'}, "
        f"{len(plan.overdue)} overdue; {len(plan.done)} done since "
        f"{nhs_date(report.info.cycle_opens_on)}, when this cycle opened.",
        10,
    )
    for title, lines in (("Open actions", plan.open), ("Done this year", plan.done)):
        pdf.heading(title, 13)
        if not lines:
            pdf.paragraph("None.", 10)
            continue
        rows = [
            [
                each.title,
                each.text,
                each.owner,
                (nhs_date(each.due_on) or "Not set") + (" (overdue)" if each.overdue else ""),
                each.status_text,
            ]
            for each in lines
        ]
        pdf.data_table(
            ["Ingredient", "Action", "Owner", "Due", "Status"], rows, (30, 70, 30, 26, 18)
        )
    if report.plan_review:
        pdf.heading("What earlier plans said, and what changed", 13)
        pdf.paragraph(
            "The ingredient's change in score since the cycle each action was agreed in. The two "
            "are shown together: a change in score is not proof that an action caused it.",
            9,
        )
        rows = [
            [
                row.title,
                f"{row.text} (agreed in {row.agreed_in})",
                row.status_text + (" (overdue)" if row.overdue else ""),
                row.change.text if row.change else "No score to compare",
            ]
            for row in report.plan_review
        ]
        pdf.data_table(
            ["Ingredient", "What the plan said", "Status now", "Change"], rows, (30, 80, 26, 38)
        )


def _measures_page(pdf: BoardPaper, measures: Sequence[MeasureSummary]) -> None:
    """The outcome measures with values: latest month and value, mean, variation and assurance
    in words (the board paper has no SPC icons)."""
    shown = [each for each in measures if each.has_values]
    if not shown:
        return
    pdf.add_page()
    pdf.heading("Outcome measures")
    pdf.paragraph(
        "Each measure for the whole organisation, read as a statistical process control chart "
        "(Making Data Count): variation says whether the latest month differs from the usual "
        "ups and downs, assurance whether the target is reliably met. They are shown beside the "
        "maturity results; that does not mean that one causes the other.",
        10,
    )
    rows = [
        [
            each.measure.title,
            f"{measure_value(each.result.latest_value, each.measure.unit)} "
            f"({month_year(each.result.latest_month)})",
            measure_value(each.result.mean, each.measure.unit),
            each.result.variation_words or "Too few months to tell",
            each.result.assurance_words
            or ("No target set" if each.measure.target is None else "Too few months to tell"),
        ]
        for each in shown
    ]
    pdf.data_table(
        ["Measure", "Latest", "Mean", "Variation", "Assurance"], rows, (44, 30, 18, 42, 40)
    )


def _comments_page(pdf: BoardPaper, report: TrustReport) -> None:
    pdf.heading("What experts by experience and partners said", 13)
    if not report.comments:
        pdf.paragraph(
            "No comments can be shown: comments appear only when at least 5 people answered.", 10
        )
        return
    rows = [[lens_label(c.lens), c.question, c.text] for c in report.comments]
    pdf.data_table(["From", "Question", "Comment"], rows, (30, 60, 84))


def _notes(pdf: BoardPaper) -> None:
    pdf.heading("How to read these figures", 13)
    for text in (
        "Scores are means of each respondent's weighted mean level, from 1 Beginning, 2 Emerging, "
        "3 Developing, 4 Embedded to 5 Leading. A score has reached a level once it reaches that "
        "level's number (3.0 to 3.9 is Developing).",
        f"Results from experts by experience and partners with fewer than 5 responses say "
        f"'{SUPPRESSED_TEXT}' and are never shown as a number, to protect anonymity.",
        "The peer median is shown only when at least 5 similar trusts that share their results "
        "have a score. No other trust is named.",
    ):
        pdf.paragraph(text, 9)


def build_board_paper(
    report: TrustReport,
    radar_png: bytes | None,
    *,
    prepared_on: date,
    fonts: tuple[str, str] | None | bool = True,
    measures: Sequence[MeasureSummary] = (),
) -> bytes:
    """The board paper as PDF bytes; ``measures`` are the organisation's outcome measures (a page
    of them when any has values).

    ``fonts``: True to look for system fonts (``find_fonts``), a (regular, bold) pair of TrueType
    files, or None/False for the core Helvetica font.
    """
    chosen = find_fonts() if fonts is True else (fonts or None)
    footer = f"{report.info.organisation_name} - board paper {report.info.cycle_label}"
    pdf = BoardPaper(chosen, footer)
    pdf.set_title(f"Board paper: {report.info.organisation_name} {report.info.cycle_label}")
    pdf.set_lang("en-GB")
    _title_page(pdf, report, prepared_on)
    _experience_page(pdf, report)
    _scores_page(pdf, report, radar_png)
    _cards_page(pdf, report)
    _gaps_and_disagreement(pdf, report)
    _agreed_page(pdf, report)
    _plan_page(pdf, report)
    _measures_page(pdf, measures)
    _comments_page(pdf, report)
    _notes(pdf)
    return bytes(pdf.output())
