"""Reading a file of monthly values: every problem is found and named by row and column, nothing
is half-read, and a filled-in template reads back as the rows it holds."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from valuedcare.measures.upload import (
    MAX_BYTES,
    MAX_PROBLEMS,
    MAX_ROWS,
    read_upload,
    template_csv,
    template_xlsx,
)
from valuedcare.questionnaire.measures import Measure, MeasureSet

TODAY = date(2026, 12, 4)
TEAMS = ("North locality", "South locality")
HEADER = "month,team,measure,value,numerator,denominator"

MEASURES = MeasureSet(
    slug="outcome-measures",
    version=1,
    title="Outcome measures",
    measures=(
        Measure(
            "length_of_stay",
            "Average length of stay",
            "Days.",
            "days",
            "activity",
            "lower",
            "value",
            ("patient_safety",),
            "MHSDS",
        ),
        Measure(
            "did_not_attend",
            "Did-not-attend rate",
            "Share.",
            "percent",
            "quality",
            "lower",
            "ratio",
            ("digitalisation",),
            "MHSDS",
            multiplier=100,
            numerator="Missed",
            denominator="Booked",
        ),
        Measure(
            "violent_incidents",
            "Violent incidents",
            "Rate.",
            "rate_per_1000_obd",
            "quality",
            "lower",
            "ratio",
            ("patient_safety",),
            "Incidents",
            multiplier=1000,
            numerator="Incidents",
            denominator="Occupied bed days",
        ),
        Measure(
            "occupancy_typed",
            "Occupancy typed in",
            "Share.",
            "percent",
            "activity",
            "neither",
            "value",
            ("business_and_resources",),
            "Beds",
        ),
    ),
)


def read(text: str, name: str = "values.csv"):
    return read_upload(name, text.encode("utf-8"), measures=MEASURES, teams=TEAMS, today=TODAY)


def problems(text: str, name: str = "values.csv") -> list[str]:
    return [str(problem) for problem in read(text, name).problems]


def test_a_good_file_gives_its_rows_with_canonical_names_and_shown_values() -> None:
    upload = read(
        f"{HEADER}\n"
        "2026-03,north locality,length_of_stay,32.5,,\n"
        "March 2026,North locality,Did-not-attend rate,,12,40\n"
        "2026-11-01,South locality,violent_incidents,,3,1500\n"
    )
    assert upload.ok and upload.problems == ()
    first, second, third = upload.rows
    assert (first.row, first.month, first.team, first.value) == (
        2,
        date(2026, 3, 1),
        "North locality",
        32.5,
    )
    assert (second.measure, second.value, second.numerator, second.denominator) == (
        "did_not_attend",
        30.0,
        12.0,
        40.0,
    )
    assert third.value == pytest.approx(2.0)


def test_columns_in_any_order_and_case_and_blank_rows_are_skipped() -> None:
    upload = read('Team, MEASURE ,Value,Month\n\nSouth locality,length_of_stay,"1,234.5",2026-01\n')
    assert upload.ok
    assert upload.rows[0].row == 3 and upload.rows[0].value == 1234.5


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            "2026-03,Nowhere,length_of_stay,30,,",
            "row 2, column team: 'Nowhere' is not one of your teams (North"
            " locality, South locality)",
        ),
        (
            "2026-03,North locality,waits,30,,",
            "row 2, column measure: 'waits' is not a measure: use an id from the"
            " template's Measures sheet",
        ),
        (
            "2027-01,North locality,length_of_stay,30,,",
            "row 2, column month: The month is still to come: enter a month that has begun",
        ),
        (
            "1999-12,North locality,length_of_stay,30,,",
            "row 2, column month: Enter a month from 2000 onwards",
        ),
        (
            "March,North locality,length_of_stay,30,,",
            "row 2, column month: Enter the month as a year and month, like 2026-03",
        ),
        (
            ",North locality,length_of_stay,30,,",
            "row 2, column month: Enter the month, like 2026-03",
        ),
        (
            "2026-03,North locality,length_of_stay,thirty,,",
            "row 2, column value: Enter a number, like 12.5",
        ),
        (
            "2026-03,North locality,length_of_stay,-3,,",
            "row 2, column value: Enter a number that is 0 or more",
        ),
        (
            "2026-03,North locality,length_of_stay,,,",
            "row 2, column value: Enter the value: a number of days",
        ),
        (
            "2026-03,North locality,did_not_attend,,5,0",
            "row 2, column denominator: The denominator cannot be 0",
        ),
        (
            "2026-03,North locality,did_not_attend,,50,40",
            "row 2, column numerator: The numerator cannot be more than the"
            " denominator for a share",
        ),
        (
            "2026-03,North locality,did_not_attend,12.5,5,40",
            "row 2, column value: Leave value empty for did_not_attend: it is"
            " worked out from the numerator and denominator",
        ),
        (
            "2026-03,North locality,did_not_attend,,5,",
            "row 2, column denominator: Enter the denominator: booked",
        ),
        (
            "2026-03,North locality,length_of_stay,30,5,",
            "row 2, column numerator: Leave numerator empty for length_of_stay:"
            " enter its value only",
        ),
        (
            "2026-03,North locality,occupancy_typed,101,,",
            "row 2, column value: A percentage cannot be more than 100",
        ),
        (
            "2026-03,North locality,length_of_stay,=1+2,,",
            "row 2, column value: Type the value itself, not a formula",
        ),
        (
            "2026-03,@SUM(A1),length_of_stay,3,,",
            "row 2, column team: Type the value itself, not a formula",
        ),
        (
            "2026-03,North\x07 locality,length_of_stay,3,,",
            "row 2, column team: Remove the hidden control characters from this cell",
        ),
        (
            "2026-03," + "x" * 101 + ",length_of_stay,3,,",
            "row 2, column team: The team must be 100 characters or fewer",
        ),
    ],
)
def test_each_problem_is_named_by_row_and_column(line: str, expected: str) -> None:
    assert problems(f"{HEADER}\n{line}\n") == [expected]


def test_a_rate_may_exceed_its_denominator_and_a_percent_value_may_carry_its_sign() -> None:
    upload = read(
        f"{HEADER}\n2026-03,North locality,violent_incidents,,30,20\n"
        "2026-03,North locality,occupancy_typed,93.5%,,\n"
    )
    assert upload.ok
    assert upload.rows[0].value == 1500 and upload.rows[1].value == 93.5


def test_duplicate_rows_name_both() -> None:
    found = problems(
        f"{HEADER}\n2026-03,North locality,length_of_stay,30,,\n"
        "2026-04,North locality,length_of_stay,31,,\n"
        "2026-03,north LOCALITY,length_of_stay,32,,\n"
    )
    assert found == ["row 4: This row repeats row 2 (the same month, team and measure): keep one"]


def test_every_problem_is_listed_in_row_order_and_no_row_is_kept() -> None:
    upload = read(
        f"{HEADER}\n2026-03,North locality,length_of_stay,30,,\n"
        "2026-03,Nowhere,length_of_stay,x,,\n"
        "2027-03,North locality,did_not_attend,,1,0\n"
    )
    assert not upload.ok and upload.rows == ()
    assert [(p.row, p.column) for p in upload.problems] == [
        (3, "team"),
        (3, "value"),
        (4, "month"),
        (4, "denominator"),
    ]


def test_problems_are_capped_with_a_count_of_the_rest() -> None:
    lines = [f"2026-03,Nowhere {i},length_of_stay,30,," for i in range(MAX_PROBLEMS + 5)]
    found = read(HEADER + "\n" + "\n".join(lines) + "\n").problems
    assert len(found) == MAX_PROBLEMS + 1
    assert str(found[-1]) == "… and 5 more problems"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "The file is empty"),
        ("\n\n", "The file is empty"),
        (HEADER + "\n", "The file has no rows of values, only the header"),
        ("month,team,value\n", "row 1, column measure: The column 'measure' is missing"),
        (
            "month,team,measure,value,colour\n",
            "row 1, column colour: 'colour' is not a column of the template: remove it",
        ),
        (
            "month,team,measure,value,value\n",
            "row 1, column value: The column appears twice: keep one",
        ),
    ],
)
def test_problems_with_the_whole_file_or_its_header(text: str, expected: str) -> None:
    assert problems(text) == [expected]


def test_wrong_encoding_binary_and_wrong_kind_of_file() -> None:
    cp1252 = f"{HEADER}\n2026-03,Nörth,length_of_stay,3,,\n".encode("cp1252")
    upload = read_upload("v.csv", cp1252, measures=MEASURES, teams=TEAMS, today=TODAY)
    assert [str(p) for p in upload.problems] == [
        "The file is not UTF-8 text: in your spreadsheet, save it as 'CSV UTF-8'"
    ]
    binary = read_upload("v.csv", b"\x00\x01\x02abc", measures=MEASURES, teams=TEAMS, today=TODAY)
    assert "binary data" in str(binary.problems[0])
    fake = read_upload("v.xlsx", b"month,team", measures=MEASURES, teams=TEAMS, today=TODAY)
    assert str(fake.problems[0]).startswith("The file is named .xlsx but is not an Excel workbook")
    other = read_upload("v.pdf", b"%PDF-1.7", measures=MEASURES, teams=TEAMS, today=TODAY)
    assert (
        str(other.problems[0]) == "The file must be a CSV file (.csv) or an Excel workbook (.xlsx)"
    )


def test_a_utf8_file_with_a_byte_order_mark_reads() -> None:
    content = ("\ufeff" + f"{HEADER}\n2026-03,North locality,length_of_stay,3,,\n").encode()
    assert read_upload("v.csv", content, measures=MEASURES, teams=TEAMS, today=TODAY).ok


def test_a_50_mb_file_is_refused_by_its_size_without_being_read() -> None:
    content = b"\xff" * (50 * 1024 * 1024)
    upload = read_upload("v.csv", content, measures=MEASURES, teams=TEAMS, today=TODAY)
    assert [str(p) for p in upload.problems] == [
        f"The file is 50.0 MB; the largest file accepted is {MAX_BYTES // (1024 * 1024)} MB. "
        "Split it into smaller files"
    ]


def test_too_many_rows() -> None:
    rows = "\n".join("2026-03,North locality,length_of_stay,3,," for _ in range(MAX_ROWS + 1))
    found = problems(f"{HEADER}\n{rows}\n")
    assert found == [
        f"The file has more than {MAX_ROWS:,} rows of values: split it into smaller files"
    ]


def xlsx(rows: list[list[object]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER.split(","))
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_an_excel_file_with_date_cells_and_numbers_reads() -> None:
    content = xlsx(
        [
            [datetime(2026, 3, 1), "North locality", "length_of_stay", 30.5],
            [date(2026, 4, 1), "South locality", "did_not_attend", None, 4, 40],
        ]
    )
    upload = read_upload("v.xlsx", content, measures=MEASURES, teams=TEAMS, today=TODAY)
    assert upload.ok
    assert [(r.month, r.value) for r in upload.rows] == [
        (date(2026, 3, 1), 30.5),
        (date(2026, 4, 1), 10.0),
    ]


def test_an_excel_formula_cell_is_refused() -> None:
    content = xlsx([["2026-03", "North locality", "length_of_stay", "=10+20"]])
    upload = read_upload("v.xlsx", content, measures=MEASURES, teams=TEAMS, today=TODAY)
    assert [str(p) for p in upload.problems] == [
        "row 2, column value: Type the value itself, not a formula"
    ]


def test_the_templates_list_every_month_team_and_measure_and_read_back_once_filled() -> None:
    months = [date(2026, 1, 1), date(2026, 2, 1)]
    lines = template_csv(MEASURES, TEAMS, months).decode().splitlines()
    assert lines[0] == HEADER and len(lines) == 1 + 2 * 2 * 4
    workbook = load_workbook(io.BytesIO(template_xlsx(MEASURES, TEAMS, months)))
    assert workbook.sheetnames == ["Values", "Measures", "Readme"]
    values = workbook["Values"]
    for row in values.iter_rows(min_row=2):
        measure = MEASURES.get(row[2].value)
        if measure.is_ratio:
            row[4].value, row[5].value = 3, 40
        else:
            row[3].value = 12
    out = io.BytesIO()
    workbook.save(out)
    upload = read_upload("filled.xlsx", out.getvalue(), measures=MEASURES, teams=TEAMS, today=TODAY)
    assert upload.ok and len(upload.rows) == 16
    assert {row.value for row in upload.rows} == {12.0, 7.5, 75.0}


row_strategy = st.tuples(
    st.dates(min_value=date(2000, 1, 1), max_value=TODAY),
    st.sampled_from(TEAMS),
    st.sampled_from(["length_of_stay", "did_not_attend", "violent_incidents"]),
    st.integers(min_value=0, max_value=10_000),
    st.integers(min_value=1, max_value=10_000),
)


@settings(max_examples=60, deadline=None)
@given(st.lists(row_strategy, max_size=30, unique_by=lambda r: (r[0].year, r[0].month, r[1], r[2])))
def test_any_valid_table_written_as_csv_reads_back_as_the_same_rows(rows) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER.split(","))
    expected = []
    for when, team, measure_id, first, second in rows:
        measure = MEASURES.get(measure_id)
        month = date(when.year, when.month, 1)
        if measure.is_ratio:
            numerator, denominator = min(first, second), second
            writer.writerow([f"{month:%Y-%m}", team, measure_id, "", numerator, denominator])
            expected.append((month, team, measure_id, measure.shown(numerator, denominator)))
        else:
            writer.writerow([f"{month:%Y-%m}", team, measure_id, first, "", ""])
            expected.append((month, team, measure_id, float(first)))
    upload = read(buffer.getvalue())
    if not rows:
        assert not upload.ok
        return
    assert upload.ok
    assert [(r.month, r.team, r.measure, r.value) for r in upload.rows] == expected
