"""Reading and checking a file of monthly outcome-measure values (pure: no database, no web).

The file is a CSV (UTF-8) or an Excel workbook whose first sheet has a header row with the
columns ``month``, ``team``, ``measure``, ``value``, ``numerator`` and ``denominator`` (in any
order, any case). Every row is checked before anything is stored, and every problem is reported
as ``row N, column NAME: message``, with N the row number the person sees in their spreadsheet
(the header is row 1). A file with any problem stores nothing.
"""

from __future__ import annotations

import csv
import io
import math
import re
import zipfile
from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from valuedcare.export_format import ExportColumn, Readme, to_bytes
from valuedcare.questionnaire.measures import UNIT_WORDS, Measure, MeasureSet

#: Larger files are refused before they are read.
MAX_BYTES = 2 * 1024 * 1024
#: Rows of values one file may hold (60 months of 10 measures for 30 teams fit).
MAX_ROWS = 20_000
#: Problems listed for one file; more are counted in a last line.
MAX_PROBLEMS = 200
TEXT_LIMIT = 100
EARLIEST_YEAR = 2000

COLUMNS = ("month", "team", "measure", "value", "numerator", "denominator")
REQUIRED = ("month", "team", "measure")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_NUMBER = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$|^[+-]?\.\d+$")
_MONTH_NAMES = {
    name.lower(): number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
_ISO_MONTH = re.compile(r"^(\d{4})-(\d{1,2})(?:-(\d{1,2}))?$")
_NAMED_MONTH = re.compile(r"^([A-Za-z]+)[ -](\d{4})$")
_XLSX_MAGIC = b"PK\x03\x04"


@dataclass(frozen=True)
class UploadRow:
    """One checked row: a measure's value for a team in a month (the first of the month)."""

    row: int
    month: date
    team: str
    measure: str
    value: float
    numerator: float | None
    denominator: float | None


@dataclass(frozen=True, order=True)
class UploadProblem:
    """Something wrong with the file (``row`` None) or with one cell or row of it."""

    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        if self.row is None:
            return self.message
        if self.column is None:
            return f"row {self.row}: {self.message}"
        return f"row {self.row}, column {self.column}: {self.message}"


@dataclass(frozen=True)
class Upload:
    """What a file holds: the rows that passed every check, and every problem found."""

    rows: tuple[UploadRow, ...]
    problems: tuple[UploadProblem, ...]

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.rows)


def _whole_file(message: str) -> Upload:
    return Upload((), (UploadProblem(None, None, message),))


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


# Reading the cells ---------------------------------------------------------------------------


class _FileProblem(Exception):
    """The file as a whole cannot be read."""


@dataclass(frozen=True)
class _Cell:
    value: Any  # str, int, float, date, datetime or None
    formula: bool = False


def _csv_table(content: bytes) -> Iterator[list[_Cell]]:
    if b"\x00" in content:
        raise _FileProblem(
            "The file is not a CSV file: it holds binary data. Upload a CSV or Excel file"
        )
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise _FileProblem(
            "The file is not UTF-8 text: in your spreadsheet, save it as 'CSV UTF-8'"
        ) from error
    for row in csv.reader(io.StringIO(text, newline="")):
        yield [_Cell(value) for value in row]


def _xlsx_table(content: bytes) -> Iterator[list[_Cell]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as error:
        raise _FileProblem(
            "The Excel file cannot be read: save it again as an Excel workbook (.xlsx)"
        ) from error
    try:
        sheet = workbook.worksheets[0]
        for row in sheet.iter_rows():
            yield [
                _Cell(
                    cell.value,
                    formula=getattr(cell, "data_type", None) == "f"
                    or (isinstance(cell.value, str) and cell.value.startswith("=")),
                )
                for cell in row
            ]
    finally:
        workbook.close()


def _table(filename: str, content: bytes) -> Iterator[list[_Cell]]:
    name = filename.lower()
    if name.endswith(".xlsx"):
        if not content.startswith(_XLSX_MAGIC):
            raise _FileProblem(
                "The file is named .xlsx but is not an Excel workbook: save it again as .xlsx"
            )
        return _xlsx_table(content)
    if name.endswith(".csv") or name.endswith(".txt"):
        if content.startswith(_XLSX_MAGIC):
            raise _FileProblem("The file is named .csv but is an Excel workbook: name it .xlsx")
        return _csv_table(content)
    raise _FileProblem("The file must be a CSV file (.csv) or an Excel workbook (.xlsx)")


# Checking the values -------------------------------------------------------------------------


def _text(cell: _Cell | None) -> str:
    if cell is None or cell.value is None:
        return ""
    if isinstance(cell.value, float) and cell.value.is_integer():
        return str(int(cell.value))
    return str(cell.value).strip()


def _is_blank(cells: Sequence[_Cell]) -> bool:
    return all(_text(cell) == "" for cell in cells)


class _RowChecker:
    def __init__(
        self, measures: MeasureSet, teams: Collection[str], today: date, header: dict[str, int]
    ) -> None:
        self.measures = measures
        self.by_id = {measure.id.casefold(): measure for measure in measures}
        self.by_title = {measure.title.casefold(): measure for measure in measures}
        self.teams = {team.casefold(): team for team in teams}
        self.this_month = date(today.year, today.month, 1)
        self.header = header
        self.problems: list[UploadProblem] = []

    def problem(self, row: int, column: str | None, message: str) -> None:
        self.problems.append(UploadProblem(row, column, message))

    def cell(self, cells: Sequence[_Cell], column: str) -> _Cell | None:
        index = self.header.get(column)
        if index is None or index >= len(cells):
            return None
        return cells[index]

    def screened(self, number: int, cells: Sequence[_Cell]) -> bool:
        """False (with problems) when a cell holds a formula or control characters."""
        clean = True
        for column in COLUMNS:
            cell = self.cell(cells, column)
            if cell is None:
                continue
            text = _text(cell)
            if cell.formula or (
                text[:1] in ("=", "@") or (text[:1] in ("+", "-") and _NUMBER.match(text) is None)
            ):
                if text:
                    self.problem(number, column, "Type the value itself, not a formula")
                    clean = False
            elif _CONTROL.search(text):
                self.problem(number, column, "Remove the hidden control characters from this cell")
                clean = False
        return clean

    def month(self, number: int, cell: _Cell | None) -> date | None:
        raw = cell.value if cell is not None else None
        found: date | None = None
        if isinstance(raw, datetime | date):
            found = date(raw.year, raw.month, 1)
        else:
            text = _text(cell)
            if not text:
                self.problem(number, "month", "Enter the month, like 2026-03")
                return None
            iso = _ISO_MONTH.match(text)
            named = _NAMED_MONTH.match(text)
            if iso and 1 <= int(iso.group(2)) <= 12:
                found = date(int(iso.group(1)), int(iso.group(2)), 1)
            elif named and named.group(1).lower() in _MONTH_NAMES:
                found = date(int(named.group(2)), _MONTH_NAMES[named.group(1).lower()], 1)
            else:
                self.problem(number, "month", "Enter the month as a year and month, like 2026-03")
                return None
        if found.year < EARLIEST_YEAR:
            self.problem(number, "month", f"Enter a month from {EARLIEST_YEAR} onwards")
            return None
        if found > self.this_month:
            self.problem(
                number, "month", "The month is still to come: enter a month that has begun"
            )
            return None
        return found

    def named(
        self, number: int, cell: _Cell | None, column: str, known: dict[str, Any], what: str
    ) -> Any:
        text = _text(cell)
        if not text:
            self.problem(number, column, f"Enter the {what}")
            return None
        if len(text) > TEXT_LIMIT:
            self.problem(number, column, f"The {what} must be {TEXT_LIMIT} characters or fewer")
            return None
        return known.get(text.casefold())

    def number(
        self, number: int, cell: _Cell | None, column: str, measure: Measure
    ) -> float | None:
        """The cell's number; None when blank or (with a problem) when not a number."""
        raw = cell.value if cell is not None else None
        if isinstance(raw, bool):
            raw = str(raw)
        if isinstance(raw, int | float):
            value = float(raw)
        else:
            text = _text(cell)
            if not text:
                return None
            if measure.unit == "percent" and column == "value" and text.endswith("%"):
                text = text[:-1].strip()
            if _NUMBER.match(text) is None:
                self.problem(number, column, "Enter a number, like 12.5")
                return math.nan
            value = float(text.replace(",", ""))
        if not math.isfinite(value):
            self.problem(number, column, "Enter a number, like 12.5")
            return math.nan
        if value < 0:
            self.problem(number, column, "Enter a number that is 0 or more")
            return math.nan
        return value

    def row(self, number: int, cells: Sequence[_Cell]) -> UploadRow | None:
        before = len(self.problems)
        if not self.screened(number, cells):
            return None
        month = self.month(number, self.cell(cells, "month"))
        checked = len(self.problems)
        team = self.named(number, self.cell(cells, "team"), "team", self.teams, "team")
        if team is None and len(self.problems) == checked:
            known = ", ".join(sorted(self.teams.values(), key=str.casefold)) or "none yet"
            self.problem(
                number,
                "team",
                f"'{_text(self.cell(cells, 'team'))}' is not one of your teams ({known})",
            )
        checked = len(self.problems)
        measure_cell = self.cell(cells, "measure")
        measure: Measure | None = self.named(
            number, measure_cell, "measure", self.by_id, "measure"
        ) or (self.by_title.get(_text(measure_cell).casefold()) if _text(measure_cell) else None)
        if measure is None and len(self.problems) == checked:
            self.problem(
                number,
                "measure",
                f"'{_text(measure_cell)}' is not a measure: use an id from the "
                "template's Measures sheet",
            )
        values = self.values(number, cells, measure) if measure is not None else None
        if len(self.problems) > before or None in (month, team, measure, values):
            return None
        assert month is not None and measure is not None and values is not None
        value, numerator, denominator = values
        return UploadRow(number, month, team, measure.id, value, numerator, denominator)

    def values(
        self, number: int, cells: Sequence[_Cell], measure: Measure
    ) -> tuple[float, float | None, float | None] | None:
        given = {
            column: self.number(number, self.cell(cells, column), column, measure)
            for column in ("value", "numerator", "denominator")
        }
        if any(each is not None and math.isnan(each) for each in given.values()):
            return None
        if measure.is_ratio:
            return self.ratio(number, measure, given)
        return self.single(number, measure, given)

    def ratio(
        self, number: int, measure: Measure, given: dict[str, float | None]
    ) -> tuple[float, float | None, float | None] | None:
        value, numerator, denominator = given["value"], given["numerator"], given["denominator"]
        if value is not None:
            self.problem(
                number,
                "value",
                f"Leave value empty for {measure.id}: it is worked out from the numerator and "
                "denominator",
            )
        if numerator is None:
            self.problem(number, "numerator", f"Enter the numerator: {_lower(measure.numerator)}")
        if denominator is None:
            self.problem(
                number, "denominator", f"Enter the denominator: {_lower(measure.denominator)}"
            )
        if value is not None or numerator is None or denominator is None:
            return None
        if denominator == 0:
            self.problem(number, "denominator", "The denominator cannot be 0")
            return None
        if measure.is_share and numerator > denominator:
            self.problem(
                number, "numerator", "The numerator cannot be more than the denominator for a share"
            )
            return None
        return measure.shown(numerator, denominator), numerator, denominator

    def single(
        self, number: int, measure: Measure, given: dict[str, float | None]
    ) -> tuple[float, float | None, float | None] | None:
        value = given["value"]
        extra = [column for column in ("numerator", "denominator") if given[column] is not None]
        for column in extra:
            self.problem(
                number, column, f"Leave {column} empty for {measure.id}: enter its value only"
            )
        if value is None:
            self.problem(number, "value", f"Enter the value: {_value_hint(measure)}")
            return None
        if extra:
            return None
        if measure.unit == "percent" and value > 100:
            self.problem(number, "value", "A percentage cannot be more than 100")
            return None
        return value, None, None


def _value_hint(measure: Measure) -> str:
    hints = {"count": "a count", "percent": "a percentage", "pounds": "an amount in pounds"}
    return hints.get(measure.unit, f"a number of {UNIT_WORDS.get(measure.unit, measure.unit)}")


def _lower(text: str | None) -> str:
    if not text:
        return "see the Measures sheet"
    return text[0].lower() + text[1:]


def _header(cells: Sequence[_Cell]) -> tuple[dict[str, int], list[UploadProblem]]:
    problems: list[UploadProblem] = []
    found: dict[str, int] = {}
    for index, cell in enumerate(cells):
        name = _text(cell).casefold().replace(" ", "_")
        if not name:
            continue
        if name not in COLUMNS:
            shown = _text(cell)[:40]
            problems.append(
                UploadProblem(1, shown, f"'{shown}' is not a column of the template: remove it")
            )
        elif name in found:
            problems.append(UploadProblem(1, name, "The column appears twice: keep one"))
        else:
            found[name] = index
    for name in REQUIRED:
        if name not in found:
            problems.append(UploadProblem(1, name, f"The column '{name}' is missing"))
    if not {"value", "numerator", "denominator"} & set(found):
        problems.append(UploadProblem(1, "value", "The column 'value' is missing"))
    return found, problems


def read_upload(
    filename: str,
    content: bytes,
    *,
    measures: MeasureSet,
    teams: Collection[str],
    today: date,
) -> Upload:
    """Read and check a file of values. ``teams`` are the organisation's teams; ``today`` says
    which months have begun. The result's ``rows`` are those with no problem; ``ok`` only when
    the whole file has none."""
    if len(content) > MAX_BYTES:
        return _whole_file(
            f"The file is {_megabytes(len(content))}; the largest file accepted is "
            f"{MAX_BYTES // (1024 * 1024)} MB. Split it into smaller files"
        )
    if not content.strip():
        return _whole_file("The file is empty")
    try:
        return _read_table(iter(_table(filename, content)), measures, teams, today)
    except _FileProblem as error:
        return _whole_file(str(error))
    except csv.Error as error:
        return _whole_file(f"The CSV file cannot be read: {error}")


def _read_table(
    table: Iterator[list[_Cell]], measures: MeasureSet, teams: Collection[str], today: date
) -> Upload:
    header_cells = next(table, None)
    while header_cells is not None and _is_blank(header_cells):
        header_cells = next(table, None)
    if header_cells is None:
        return _whole_file("The file is empty")
    header, problems = _header(header_cells)
    if problems:
        return Upload((), tuple(sorted(problems)))
    checker = _RowChecker(measures, teams, today, header)
    rows: list[UploadRow] = []
    seen: dict[tuple[str, str, date], int] = {}
    count = 0
    for number, cells in enumerate(table, start=2):
        if _is_blank(cells):
            continue
        count += 1
        if count > MAX_ROWS:
            return _whole_file(
                f"The file has more than {MAX_ROWS:,} rows of values: split it into smaller files"
            )
        row = checker.row(number, cells)
        if row is None:
            continue
        key = (row.measure, row.team, row.month)
        if key in seen:
            checker.problem(
                number,
                None,
                f"This row repeats row {seen[key]} (the same month, team and measure): keep one",
            )
            continue
        seen[key] = number
        rows.append(row)
    if count == 0:
        return _whole_file("The file has no rows of values, only the header")
    return Upload(tuple(rows) if not checker.problems else (), _listed(checker.problems))


def _listed(problems: list[UploadProblem]) -> tuple[UploadProblem, ...]:
    """Problems in row order, then column order, capped at ``MAX_PROBLEMS``."""
    order = {column: index for index, column in enumerate(COLUMNS)}
    found = sorted(problems, key=lambda p: (p.row or 0, order.get(p.column or "", len(order))))
    if len(found) > MAX_PROBLEMS:
        extra = len(found) - MAX_PROBLEMS
        found = [*found[:MAX_PROBLEMS], UploadProblem(None, None, f"… and {extra:,} more problems")]
    return tuple(found)


# Templates -----------------------------------------------------------------------------------

TEMPLATE_README = Readme(
    title="Outcome measures: monthly values per team",
    paragraphs=(
        "One row per month, team and measure. Fill in the values you have and delete the rows "
        "you do not have values for. Uploading a month again replaces its earlier values; the "
        "earlier values are kept in the history.",
        "A measure that is a single value (such as a length of stay in days) needs value. A share "
        "or a rate needs numerator and denominator, and value left empty: the service works the "
        "share or rate out. The Measures sheet lists each measure.",
        "Type numbers, not formulas. Save a CSV file as 'CSV UTF-8'.",
    ),
    columns=(
        ExportColumn("month", "month", "The month, like 2026-03. Not a month still to come."),
        ExportColumn("team", "team", "The team or locality, as the service knows it."),
        ExportColumn("measure", "measure", "The measure's id (see the Measures sheet)."),
        ExportColumn("value", "value", "For a single-value measure: its value in its unit."),
        ExportColumn("numerator", "numerator", "For a share or rate: what is counted."),
        ExportColumn("denominator", "denominator", "For a share or rate: what it is out of."),
    ),
)


def _template_rows(
    measures: MeasureSet, teams: Sequence[str], months: Sequence[date]
) -> list[list[Any]]:
    return [
        [f"{month:%Y-%m}", team, measure.id, None, None, None]
        for month in months
        for team in teams
        for measure in measures
    ]


def template_csv(measures: MeasureSet, teams: Sequence[str], months: Sequence[date]) -> bytes:
    """A CSV template: the header, and an empty row for each month, team and measure."""
    return to_bytes("csv", list(COLUMNS), [_template_rows(measures, teams, months)])


def template_xlsx(measures: MeasureSet, teams: Sequence[str], months: Sequence[date]) -> bytes:
    """An Excel template: the data sheet as the CSV's, a Measures sheet describing each measure,
    and a Readme sheet."""
    from openpyxl import load_workbook

    body = to_bytes(
        "xlsx",
        list(COLUMNS),
        [_template_rows(measures, teams, months)],
        sheet="Values",
        readme=TEMPLATE_README,
    )
    workbook = load_workbook(io.BytesIO(body))
    sheet = workbook.create_sheet("Measures", index=1)
    sheet.append(["id", "title", "unit", "what to enter", "numerator", "denominator", "definition"])
    for measure in measures:
        sheet.append(
            [
                measure.id,
                measure.title,
                UNIT_WORDS.get(measure.unit, measure.unit),
                "numerator and denominator" if measure.is_ratio else "value",
                measure.numerator or "",
                measure.denominator or "",
                measure.definition,
            ]
        )
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def typed_in(
    month: str, team: str, measures: MeasureSet, fields: dict[str, str]
) -> tuple[bytes, dict[int, str]]:
    """One month's typed-in values as the CSV a file would hold, so that they are checked by the
    same rules, and which row is which measure. ``fields`` maps ``<measure id>-<column>`` to the
    text typed; measures with nothing typed are left out."""
    rows = [list(COLUMNS)]
    which: dict[int, str] = {}
    for measure in measures:
        typed = {
            column: fields.get(f"{measure.id}-{column}", "").strip()
            for column in ("value", "numerator", "denominator")
        }
        if not any(typed.values()):
            continue
        which[len(rows) + 1] = measure.id
        rows.append(
            [month, team, measure.id, typed["value"], typed["numerator"], typed["denominator"]]
        )
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode("utf-8"), which
