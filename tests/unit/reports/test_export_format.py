"""CSV and XLSX writing, and neutralising text that a spreadsheet would run as a formula."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook

from valuedcare.export_format import (
    format_for_path,
    iter_csv,
    neutralise,
    to_bytes,
    write_csv,
    write_xlsx,
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1", "'+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tleading tab", "'\tleading tab"),
        ("\rcarriage return", "'\rcarriage return"),
        ("plain text", "plain text"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_neutralise_prefixes_text_that_starts_like_a_formula(value: str, expected: str) -> None:
    assert neutralise(value) == expected


@pytest.mark.parametrize("value", [-1.5, -3, True, None, date(2025, 1, 1)])
def test_neutralise_leaves_numbers_and_other_values_alone(value: object) -> None:
    assert neutralise(value) is value


def test_format_follows_the_extension() -> None:
    assert format_for_path("out/scores.CSV") == "csv"
    assert format_for_path("answers.xlsx") == "xlsx"
    with pytest.raises(ValueError, match=r"\.csv or \.xlsx"):
        format_for_path("answers.txt")


def _read_csv(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_csv_has_empty_cells_for_missing_values_and_lowercase_booleans() -> None:
    stream = io.StringIO(newline="")
    count = write_csv(
        stream,
        ["code", "=cmd", "score", "flag"],
        [[("A1", None, 2.5, True)], [("-B2", float("nan"), -1.0, False)]],
    )
    assert count == 2
    assert _read_csv(stream.getvalue()) == [
        ["code", "'=cmd", "score", "flag"],
        ["A1", "", "2.5", "true"],
        ["'-B2", "", "-1.0", "false"],
    ]


def test_streamed_csv_equals_the_whole_file() -> None:
    chunks = [[("a", 1)], [("@b", 2), ("c", 3)]]
    stream = io.StringIO(newline="")
    write_csv(stream, ["x", "y"], chunks)
    assert "".join(iter_csv(["x", "y"], chunks)) == stream.getvalue()


def test_xlsx_keeps_types_and_neutralises_text() -> None:
    data = to_bytes("xlsx", ["+header", "n", "flag"], [[("=1+1", 3.5, True), (None, -2, False)]])
    sheet = load_workbook(io.BytesIO(data)).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows == [["'+header", "n", "flag"], ["'=1+1", 3.5, True], [None, -2, False]]


def test_xlsx_continues_on_new_sheets_with_the_header_repeated() -> None:
    buffer = io.BytesIO()
    rows = [(i,) for i in range(5)]
    count = write_xlsx(buffer, ["n"], [rows[:3], rows[3:]], sheet="Answers", max_rows=2)
    workbook = load_workbook(buffer)
    assert count == 5
    assert workbook.sheetnames == ["Answers", "Answers 2", "Answers 3"]
    values = [
        [row[0] for row in workbook[name].iter_rows(values_only=True)]
        for name in workbook.sheetnames
    ]
    assert values == [["n", 0, 1], ["n", 2, 3], ["n", 4]]


def test_empty_export_still_has_its_header() -> None:
    assert to_bytes("csv", ["a", "b"], []) == b"a,b\r\n"
    sheet = load_workbook(io.BytesIO(to_bytes("xlsx", ["a"], []))).active
    assert [list(r) for r in sheet.iter_rows(values_only=True)] == [["a"]]
