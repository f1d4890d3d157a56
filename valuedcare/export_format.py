"""Write tabular exports as CSV or Excel (XLSX), safe against spreadsheet formula injection.

Pure apart from writing to the stream or path it is given: no Flask, no database. Rows arrive as
an iterable of chunks (lists of tuples), so a caller can stream millions of rows with bounded
memory; XLSX uses openpyxl's write-only mode for the same reason.

Formula injection: a spreadsheet treats a text cell that starts with ``=``, ``+``, ``-``, ``@``,
a tab or a carriage return as a formula (or part of one). Every text cell that starts with one of
those characters, headers included, is written with a single quote in front, so it shows as text.
Numbers, booleans and dates are written as values and are never changed.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any, Literal

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

ExportFormat = Literal["csv", "xlsx"]


@dataclass(frozen=True)
class ExportColumn:
    """One column of an export: its name (the CSV header), a label (the Excel header) and what
    it means (the Excel workbook's "Readme" sheet)."""

    name: str
    label: str
    meaning: str


@dataclass(frozen=True)
class Readme:
    """What an Excel export explains on its "Readme" sheet: a title, a few paragraphs, and a
    line per column."""

    title: str
    paragraphs: Sequence[str]
    columns: Sequence[ExportColumn]


Row = Sequence[Any]
Chunks = Iterable[Sequence[Row]]

#: Characters that make a spreadsheet read a cell as a formula when they come first.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_PREFIX_SET = frozenset(FORMULA_PREFIXES)
XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_MEDIA_TYPE = "text/csv"
#: Excel's limit on characters in one cell.
XLSX_CELL_LIMIT = 32_767
#: Excel's limit on rows in one worksheet, less the header row.
XLSX_MAX_DATA_ROWS = 1_048_575


def neutralise(value: Any) -> Any:
    """Return ``value`` safe to place in a spreadsheet cell.

    Text starting with one of ``FORMULA_PREFIXES`` gets a leading single quote (``"=1+2"`` becomes
    ``"'=1+2"``); any other value is returned unchanged.
    """
    if type(value) is str and value[:1] in _PREFIX_SET:
        return "'" + value
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):  # str subclasses
        return "'" + value
    return value


def format_for_path(path: str | Path) -> ExportFormat:
    """``"csv"`` or ``"xlsx"`` from the file name's extension; ``ValueError`` for anything else."""
    suffix = Path(path).suffix.lower()
    if suffix == ".csv":
        return "csv"
    if suffix == ".xlsx":
        return "xlsx"
    raise ValueError(f"the output file must end in .csv or .xlsx, not {suffix or 'nothing'!r}")


def _csv_cell(value: Any) -> Any:
    """A CSV cell: empty for missing values, ``true``/``false`` for booleans, ISO dates."""
    kind = type(value)
    if kind is str:
        return "'" + value if value[:1] in _PREFIX_SET else value
    if kind is float:
        return "" if value != value else value  # NaN is missing
    if kind is int:
        return value
    if value is None:
        return ""
    if kind is bool:
        return "true" if value else "false"
    if isinstance(value, datetime | date):
        return value.isoformat()
    return neutralise(value)


def write_csv(stream: IO[str], header: Sequence[str], chunks: Chunks) -> int:
    """Write ``header`` and every row of ``chunks`` to ``stream`` as CSV; return the row count.

    The stream should be opened with ``newline=""``. Missing values are empty cells.
    """
    writer = csv.writer(stream, lineterminator="\r\n")
    writer.writerow([neutralise(name) for name in header])
    count = 0
    for chunk in chunks:
        writer.writerows([_csv_cell(value) for value in row] for row in chunk)
        count += len(chunk)
    return count


def iter_csv(header: Sequence[str], chunks: Chunks) -> Iterable[str]:
    """Yield the CSV text piece by piece (one piece per chunk), for a streamed HTTP response."""
    buffer = io.StringIO()
    write_csv(buffer, header, [])
    yield buffer.getvalue()
    for chunk in chunks:
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\r\n")
        writer.writerows([_csv_cell(value) for value in row] for row in chunk)
        yield buffer.getvalue()


def _xlsx_cell(value: Any) -> Any:
    if value is None or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.replace(tzinfo=None)  # Excel has no time zones; exports are in UTC
    if isinstance(value, str):
        return neutralise(value)[:XLSX_CELL_LIMIT]
    return value


def write_xlsx(
    target: str | Path | IO[bytes],
    header: Sequence[str],
    chunks: Chunks,
    *,
    sheet: str = "Data",
    max_rows: int = XLSX_MAX_DATA_ROWS,
    readme: Readme | None = None,
) -> int:
    """Write ``header`` and the rows to a new XLSX workbook; return the row count.

    ``target`` is a path or a binary stream. Missing values are empty cells; numbers and booleans
    keep their type. The header row is bold and frozen, so it stays in view while scrolling. A
    worksheet holds at most ``max_rows`` rows under its header (Excel's limit by default);
    further rows continue on worksheets named "<sheet> 2", "<sheet> 3" and so on, each with the
    header repeated. With ``readme``, the header shows each column's label instead of its name,
    and a last sheet, "Readme", says what the export holds and what each column means.
    """
    workbook = Workbook(write_only=True)
    labels = _header_labels(header, readme)
    worksheet, sheets, in_sheet, count = None, 0, 0, 0
    for chunk in chunks:
        for row in chunk:
            if worksheet is None or in_sheet >= max_rows:
                sheets += 1
                title = sheet if sheets == 1 else f"{sheet} {sheets}"
                worksheet = _data_sheet(workbook, title, labels)
                in_sheet = 0
            worksheet.append([_xlsx_cell(value) for value in row])
            in_sheet += 1
        count += len(chunk)
    if worksheet is None:
        _data_sheet(workbook, sheet, labels)
    if readme is not None:
        _readme_sheet(workbook, readme)
    workbook.save(target)
    return count


def _header_labels(header: Sequence[str], readme: Readme | None) -> list[str]:
    if readme is None:
        return [neutralise(name) for name in header]
    by_name = {column.name: column.label for column in readme.columns}
    return [neutralise(by_name.get(name, name)) for name in header]


def _data_sheet(workbook: Workbook, title: str, labels: Sequence[str]) -> Any:
    worksheet = workbook.create_sheet(title=title)
    worksheet.freeze_panes = "A2"
    for index, label in enumerate(labels):
        letter = _column_letter(index)
        worksheet.column_dimensions[letter].width = max(10, min(40, len(label) + 2))
    worksheet.append([_bold(worksheet, label) for label in labels])
    return worksheet


def _bold(worksheet: Any, value: Any) -> WriteOnlyCell:
    cell = WriteOnlyCell(worksheet, value=value)
    cell.font = Font(bold=True)
    return cell


def _column_letter(index: int) -> str:
    return get_column_letter(index + 1)


def _readme_sheet(workbook: Workbook, readme: Readme) -> None:
    worksheet = workbook.create_sheet(title="Readme")
    worksheet.column_dimensions["A"].width = 32
    worksheet.column_dimensions["B"].width = 24
    worksheet.column_dimensions["C"].width = 100
    heading = _bold(worksheet, neutralise(readme.title))
    heading.font = Font(bold=True, size=14)
    worksheet.append([heading])
    for paragraph in readme.paragraphs:
        cell = WriteOnlyCell(worksheet, value=neutralise(paragraph))
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        worksheet.append([cell])
    worksheet.append([])
    worksheet.append(
        [_bold(worksheet, text) for text in ("Column", "Name in the CSV file", "What it means")]
    )
    for column in readme.columns:
        meaning = WriteOnlyCell(worksheet, value=neutralise(column.meaning))
        meaning.alignment = Alignment(wrap_text=True, vertical="top")
        worksheet.append([neutralise(column.label), neutralise(column.name), meaning])


def write_export(
    target: str | Path,
    header: Sequence[str],
    chunks: Chunks,
    *,
    sheet: str = "Data",
    readme: Readme | None = None,
) -> int:
    """Write an export to ``target``, choosing CSV or XLSX from its extension; return rows."""
    if format_for_path(target) == "xlsx":
        return write_xlsx(target, header, chunks, sheet=sheet, readme=readme)
    with open(target, "w", newline="", encoding="utf-8") as stream:
        return write_csv(stream, header, chunks)


def to_bytes(
    export_format: ExportFormat,
    header: Sequence[str],
    chunks: Chunks,
    *,
    sheet: str = "Data",
    readme: Readme | None = None,
) -> bytes:
    """The whole export in memory (for small downloads): CSV as UTF-8, or an XLSX workbook."""
    if export_format == "xlsx":
        buffer = io.BytesIO()
        write_xlsx(buffer, header, chunks, sheet=sheet, readme=readme)
        return buffer.getvalue()
    text = io.StringIO()
    write_csv(text, header, chunks)
    return text.getvalue().encode("utf-8")
