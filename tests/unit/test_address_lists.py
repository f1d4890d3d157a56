"""Reading a list of email addresses: every problem named by row, nothing kept from a file
with any problem."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from valuedcare.address_lists import (
    EMAIL,
    MAX_ADDRESSES,
    MAX_PROBLEMS,
    SMS,
    Contact,
    check_address,
    check_mobile,
    read_address_list,
)


def messages(content: bytes) -> list[str]:
    return [str(problem) for problem in read_address_list(content).problems]


def test_a_column_headed_email_is_read_and_other_columns_are_ignored() -> None:
    found = read_address_list(b"Name,E-mail address,Team\r\nAda,ada@example.org,North\r\n")
    assert found.ok and found.addresses == ("ada@example.org",)


def test_one_column_without_a_header_is_a_list_of_addresses() -> None:
    found = read_address_list(b"ada@example.org\nben@example.org\n\n")
    assert found.addresses == ("ada@example.org", "ben@example.org")


def test_the_domain_is_stored_in_lower_case_and_the_rest_as_typed() -> None:
    assert read_address_list(b"email\nAda.Lovelace@Example.ORG\n").addresses == (
        "Ada.Lovelace@example.org",
    )


def test_duplicates_are_found_whatever_their_case_and_name_the_first_row() -> None:
    assert messages(b"email\nada@example.org\nben@example.org\n ADA@EXAMPLE.org \n") == [
        "row 4: ADA@EXAMPLE.org repeats row 2: keep one of them"
    ]


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("not-an-address", "row 2: “not-an-address” is not an email address"),
        ("ada@localhost", "row 2: “ada@localhost” is not an email address"),
        ("ada@@example.org", "row 2: “ada@@example.org” is not an email address"),
        ("=HYPERLINK(1)", "row 2: “=HYPERLINK(1)” starts with “=”"),
        ("+44 7700 900000", "row 2: “+44 7700 900000” starts with “+”"),
        ("-2+3", "row 2: “-2+3” starts with “-”"),
        ("@SUM(A1)", "row 2: “@SUM(A1)” starts with “@”"),
        ("a" * 250 + "@example.org", "is longer than 254 characters"),
    ],
)
def test_a_malformed_or_dangerous_address_is_named_by_row(cell: str, message: str) -> None:
    found = read_address_list(f"email\n{cell}\nben@example.org\n".encode())
    assert not found.ok and found.addresses == ()
    (problem,) = [str(p) for p in found.problems]
    assert message in problem


def test_an_empty_address_cell_in_a_row_with_other_cells_is_a_problem() -> None:
    assert messages(b"name,email\nAda,\nBen,ben@example.org\n") == [
        "row 2: enter an email address, or delete the row"
    ]


def test_row_numbers_are_the_spreadsheets_even_after_blank_rows() -> None:
    assert messages(b"email\n\nada@example.org\n,\nbad\n") == [
        "row 5: “bad” is not an email address (an email address must have an @-sign)"
    ]


@pytest.mark.parametrize(
    "content",
    [
        "email\nzoë@example.org\n".encode("utf-8-sig"),
        "email\nzoë@example.org\n".encode("cp1252"),
        "email\nzoë@example.org\n".encode(),
    ],
    ids=["utf-8 with a byte order mark", "windows-1252", "utf-8"],
)
def test_utf8_with_or_without_a_bom_and_windows_1252_are_read(content: bytes) -> None:
    assert read_address_list(content).addresses == ("zoë@example.org",)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "The file is empty"),
        (b"  \r\n\r\n", "The file is empty"),
        (b"email\n", "The file has no addresses, only the header"),
        (b"name,team\nAda,North\n", "row 1: the file has more than one column"),
        (b"email\x00\x01", "holds binary data"),
        (b"PK\x03\x04xl/workbook", "The file is an Excel workbook"),
    ],
)
def test_a_file_that_is_not_a_list_gets_one_clear_message(content: bytes, message: str) -> None:
    found = read_address_list(content)
    assert not found.ok and len(found.problems) == 1
    assert message in str(found.problems[0])


def test_a_list_longer_than_the_limit_is_refused_before_any_row_is_checked() -> None:
    rows = b"".join(b"p%d@example.org\n" % n for n in range(50_000))
    (problem,) = read_address_list(b"email\n" + rows).problems
    assert str(problem) == (
        f"The file has 50,000 rows; one list can hold up to {MAX_ADDRESSES:,} addresses. "
        "Split it into smaller lists, one for each anonymous link"
    )


def test_a_list_at_the_limit_is_read() -> None:
    rows = b"".join(b"p%d@example.org\n" % n for n in range(MAX_ADDRESSES))
    assert len(read_address_list(b"email\n" + rows).addresses) == MAX_ADDRESSES


def test_problems_are_capped_with_a_count_of_the_rest() -> None:
    found = read_address_list(b"email\n" + b"bad\n" * (MAX_PROBLEMS + 7))
    assert len(found.problems) == MAX_PROBLEMS + 1
    assert str(found.problems[-1]) == "… and 7 more problems"


def test_a_control_character_is_shown_as_a_question_mark() -> None:
    (problem,) = messages(b"email\nada\x07@example.org\n")
    assert "ada?@example.org" in problem and "\x07" not in problem


@given(st.lists(st.text(max_size=40), max_size=30))
def test_any_text_gives_addresses_or_problems_never_an_error(cells: list[str]) -> None:
    content = ("email\n" + "\n".join(c.replace("\n", " ") for c in cells)).encode()
    found = read_address_list(content)
    assert found.ok or found.problems
    for address in found.addresses:
        assert check_address(address) == (address, None)


# Mobile numbers, for text messages ------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        "07700 900123",
        "07700-900-123",
        "(07700) 900123",
        "+44 7700 900123",
        "0044 7700 900123",
        "447700900123",
        "+44 (0)7700 900123",
    ],
)
def test_a_uk_mobile_number_is_read_however_it_is_spaced(typed: str) -> None:
    if typed == "+44 (0)7700 900123":
        assert check_mobile(typed)[0] is None  # the (0) makes 13 digits: say so, do not guess
        return
    assert check_mobile(typed) == ("07700900123", None)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("020 7946 0000", "is not a UK mobile number"),
        ("0770090012", "is not a UK mobile number"),
        ("+1 202 555 0100", "is not a UK mobile number"),
        ("07700 9001x3", "use digits only"),
        ("=07700900123", "starts with “=”"),
        ("-07700900123", "starts with “-”"),
    ],
)
def test_a_number_that_cannot_take_a_text_is_explained(typed: str, message: str) -> None:
    number, problem = check_mobile(typed)
    assert number is None and problem is not None and message in problem


def test_each_row_is_invited_by_email_if_it_has_an_address_else_by_text() -> None:
    found = read_address_list(
        b"Name,Email,Mobile\nAda,ada@example.org,07700 900001\nBen,,+44 7700 900002\n"
        b"Cy,cy@example.org,\n"
    )
    assert found.contacts == (
        Contact(EMAIL, "ada@example.org"),
        Contact(SMS, "07700900002"),
        Contact(EMAIL, "cy@example.org"),
    )


def test_a_row_with_neither_says_what_to_enter_and_repeated_numbers_are_found() -> None:
    assert messages(b"email,mobile\n,\nx,\n,07700 900001\n,+447700900001\n") == [
        "row 3: “x” is not an email address (an email address must have an @-sign)",
        "row 5: +447700900001 repeats row 4: keep one of them",
    ]
    assert messages(b"mobile,name\n,Ada\n") == ["row 2: enter a mobile number, or delete the row"]


def test_one_column_without_a_header_may_mix_addresses_and_numbers() -> None:
    found = read_address_list(b"ada@example.org\n07700 900001\nnobody\n")
    assert [str(p) for p in found.problems] == [
        "row 3: “nobody” is not an email address or a mobile number"
    ]
    assert read_address_list(b"ada@example.org\n07700 900001\n").contacts == (
        Contact(EMAIL, "ada@example.org"),
        Contact(SMS, "07700900001"),
    )
