"""A plain A4 PDF document drawn with fpdf2: headings, paragraphs and tables with a running
footer. The paper copies of questionnaires use it (``survey.paper``); the board paper is drawn
from templates instead (``reports.paper``).

Fonts: DejaVu Sans or Liberation Sans from the system when found (full Unicode); otherwise the
PDF core font Helvetica, with text reduced to Latin-1. Nothing is fetched from the network.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from fpdf import FPDF
from fpdf.fonts import FontFace

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


class PrintedDocument(FPDF):
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
