"""Reading and checking a list of email addresses for an anonymous link (pure: no database, no
web).

The file is a CSV file. Its addresses are in the column headed ``email`` (or ``email address``,
``e-mail``, in any case); a file of one column with no header is read as addresses too. Other
columns (names, say) are ignored and never stored. Every row is checked before anything is kept,
and every problem is reported as ``row N: message``, with N the row number the person sees in
their spreadsheet (a header is row 1). A file with any problem gives no addresses.

Addresses are checked for their form only (``email-validator``, with no DNS look-up): an address
that is well formed but does not exist comes back from the provider as "not delivered".
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

from email_validator import EmailNotValidError, validate_email

#: Larger files are refused before they are read.
MAX_BYTES = 2 * 1024 * 1024
#: Addresses one list may hold. A larger list is refused with a message to split it.
MAX_ADDRESSES = 20_000
#: Problems listed for one file; more are counted in a last line.
MAX_PROBLEMS = 200
#: The longest address the outbox can hold (RFC 5321's limit on a path).
MAX_ADDRESS_LENGTH = 254

HEADERS = ("email", "email address", "e-mail", "e-mail address", "emailaddress")
#: A cell starting with one of these is a formula to a spreadsheet ("CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True, order=True)
class ListProblem:
    """Something wrong with the file (``row`` None) or with one row of it."""

    row: int | None
    message: str

    def __str__(self) -> str:
        return self.message if self.row is None else f"row {self.row}: {self.message}"


@dataclass(frozen=True)
class AddressList:
    """What a file holds: its addresses (only when it has no problem) and every problem."""

    addresses: tuple[str, ...]
    problems: tuple[ListProblem, ...]

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.addresses)


def _whole_file(message: str) -> AddressList:
    return AddressList((), (ListProblem(None, message),))


class _FileProblem(Exception):
    """The file as a whole cannot be read."""


def _text(content: bytes) -> str:
    """The file's text: UTF-8 (with or without a byte order mark), else Windows-1252, which is
    what Excel writes for "CSV (Comma delimited)" on Windows."""
    if b"\x00" in content:
        raise _FileProblem("The file is not a CSV file: it holds binary data. Upload a CSV file")
    if content.startswith(b"PK\x03\x04"):
        raise _FileProblem(
            "The file is an Excel workbook: in your spreadsheet, save it as 'CSV UTF-8' and "
            "upload that"
        )
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return content.decode("cp1252")
        except UnicodeDecodeError as error:
            raise _FileProblem(
                "The file's text cannot be read: in your spreadsheet, save it as 'CSV UTF-8'"
            ) from error


def _header_column(first: list[str]) -> int | None:
    """The index of the address column when ``first`` is a header row, else None."""
    for index, cell in enumerate(first):
        if " ".join(cell.strip().casefold().replace("_", " ").split()) in HEADERS:
            return index
    return None


def check_address(text: str) -> tuple[str | None, str | None]:
    """(the address as it will be stored, None) or (None, what is wrong with it). The part after
    the @ is stored in lower case; the part before it is kept as typed."""
    if text.startswith(FORMULA_STARTS):
        return None, (
            f"starts with “{text[0]}”, which a spreadsheet reads as a formula: "
            "enter the email address only"
        )
    if _CONTROL.search(text):
        return None, "holds a control character: enter the email address only"
    if len(text) > MAX_ADDRESS_LENGTH:
        return None, f"is longer than {MAX_ADDRESS_LENGTH} characters"
    try:
        checked = validate_email(text, check_deliverability=False)
    except EmailNotValidError as error:
        return None, f"is not an email address ({_sentence(str(error))})"
    return checked.normalized, None


def _sentence(message: str) -> str:
    message = message.strip().rstrip(".")
    return message[:1].lower() + message[1:]


def read_address_list(content: bytes) -> AddressList:
    """Read and check a file of addresses. The result's ``addresses`` are in the file's order,
    each once, and only when the file has no problem."""
    if len(content) > MAX_BYTES:
        return _whole_file(
            f"The file is {len(content) / (1024 * 1024):.1f} MB; the largest file accepted is "
            f"{MAX_BYTES // (1024 * 1024)} MB"
        )
    if not content.strip():
        return _whole_file("The file is empty")
    try:
        rows = list(csv.reader(io.StringIO(_text(content), newline="")))
    except _FileProblem as error:
        return _whole_file(str(error))
    except csv.Error as error:
        return _whole_file(f"The CSV file cannot be read: {error}")
    return _read_rows(rows)


def _read_rows(rows: list[list[str]]) -> AddressList:
    numbered = [(n, row) for n, row in enumerate(rows, start=1) if any(c.strip() for c in row)]
    if not numbered:
        return _whole_file("The file is empty")
    first_number, first = numbered[0]
    column = _header_column(first)
    if column is not None:
        numbered = numbered[1:]
    elif max(len(row) for _n, row in numbered) == 1:
        column = 0  # one column and no header: every row is an address
    else:
        return _whole_file(
            f"row {first_number}: the file has more than one column, so its first row must name "
            "the column of addresses: head it “email”"
        )
    if not numbered:
        return _whole_file("The file has no addresses, only the header")
    if len(numbered) > MAX_ADDRESSES:
        return _whole_file(
            f"The file has {len(numbered):,} rows; one list can hold up to {MAX_ADDRESSES:,} "
            "addresses. Split it into smaller lists, one for each anonymous link"
        )
    problems: list[ListProblem] = []
    addresses: list[str] = []
    seen: dict[str, int] = {}
    for number, row in numbered:
        text = row[column].strip() if column < len(row) else ""
        if not text:
            problems.append(ListProblem(number, "enter an email address, or delete the row"))
            continue
        address, problem = check_address(text)
        if address is None:
            problems.append(ListProblem(number, f"“{_shown(text)}” {problem}"))
            continue
        key = address.casefold()
        if key in seen:
            problems.append(
                ListProblem(number, f"{_shown(text)} repeats row {seen[key]}: keep one of them")
            )
            continue
        seen[key] = number
        addresses.append(address)
    return AddressList(tuple(addresses) if not problems else (), _listed(problems))


def _shown(text: str) -> str:
    """An address as a problem quotes it: printable and not too long."""
    text = _CONTROL.sub("?", text)
    return text if len(text) <= 60 else text[:57] + "…"


def _listed(problems: list[ListProblem]) -> tuple[ListProblem, ...]:
    if len(problems) > MAX_PROBLEMS:
        extra = len(problems) - MAX_PROBLEMS
        problems = [
            *problems[:MAX_PROBLEMS],
            ListProblem(None, f"… and {extra:,} more problems"),
        ]
    return tuple(problems)
