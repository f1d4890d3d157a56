"""Reading and checking a list of people to invite through an anonymous link (pure: no
database, no web).

The file is a CSV file with a column headed ``email`` (or ``email address``, ``e-mail``) and/or
one headed ``mobile`` (or ``mobile number``, ``phone``), in any case; a file of one column with
no header is read as addresses and numbers too. Each row is one person: invited by email when
the row has an address, else by text message to a UK mobile number. Other columns (names, say)
are ignored and never stored. Every row is checked before anything is kept, and every problem is
reported as ``row N: message``, with N the row number the person sees in their spreadsheet (a
header is row 1). A file with any problem gives nobody.

Addresses are checked for their form only (``email-validator``, with no DNS look-up), and mobile
numbers for being UK mobile numbers: one that is well formed but does not exist comes back from
the provider as "not delivered".
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from typing import NamedTuple

from email_validator import EmailNotValidError, validate_email

#: Larger files are refused before they are read.
MAX_BYTES = 2 * 1024 * 1024
#: Addresses one list may hold. A larger list is refused with a message to split it.
MAX_ADDRESSES = 20_000
#: Problems listed for one file; more are counted in a last line.
MAX_PROBLEMS = 200
#: The longest address the outbox can hold (RFC 5321's limit on a path).
MAX_ADDRESS_LENGTH = 254

EMAIL = "email"
SMS = "sms"
HEADERS = ("email", "email address", "e-mail", "e-mail address", "emailaddress")
MOBILE_HEADERS = ("mobile", "mobile number", "mobile phone", "phone", "phone number", "telephone")
#: A cell starting with one of these is a formula to a spreadsheet ("CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
#: What people put between the digits of a phone number.
_PHONE_SEPARATORS = re.compile(r"[\s().\-]")
#: A number a spreadsheet would take as a formula only because of its "+": +44 7700 900123.
_INTERNATIONAL = re.compile(r"^\+[\d\s().\-]+$")
_UK_MOBILE = re.compile(r"^07\d{9}$")


class Contact(NamedTuple):
    """One person on a list: how they are invited (``email`` or ``sms``) and where to."""

    channel: str
    address: str


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

    contacts: tuple[Contact, ...]
    problems: tuple[ListProblem, ...]

    @property
    def ok(self) -> bool:
        return not self.problems and bool(self.contacts)

    @property
    def addresses(self) -> tuple[str, ...]:
        """The email addresses and numbers, in the file's order."""
        return tuple(contact.address for contact in self.contacts)


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


def _header_columns(first: list[str]) -> tuple[int | None, int | None]:
    """(the email column, the mobile column) when ``first`` is a header row naming them."""
    names = [" ".join(cell.strip().casefold().replace("_", " ").split()) for cell in first]
    email = next((i for i, name in enumerate(names) if name in HEADERS), None)
    mobile = next((i for i, name in enumerate(names) if name in MOBILE_HEADERS), None)
    return email, mobile


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


def check_mobile(text: str) -> tuple[str | None, str | None]:
    """(the number as it will be stored, 07 and ten more digits, None) or (None, what is wrong
    with it). Spaces, brackets, dots and dashes are allowed; +44 and 0044 become 0."""
    if text.startswith(FORMULA_STARTS) and not _INTERNATIONAL.match(text):
        return None, (
            f"starts with “{text[0]}”, which a spreadsheet reads as a formula: "
            "enter the mobile number only"
        )
    if _CONTROL.search(text):
        return None, "holds a control character: enter the mobile number only"
    digits = _PHONE_SEPARATORS.sub("", text)
    for prefix in ("+44", "0044", "44"):
        if digits.startswith(prefix) and len(digits) == len(prefix) + 10:
            digits = "0" + digits[len(prefix) :]
            break
    if digits.startswith("+") and digits[1:].isdigit():
        digits = digits[1:]  # another country's number: not a UK mobile, said below
    if not digits.isdigit():
        return None, "is not a mobile number: use digits only, like 07700 900123"
    if not _UK_MOBILE.match(digits):
        return None, "is not a UK mobile number: they start 07 and have 11 digits"
    return digits, None


def check_contact(text: str) -> tuple[Contact | None, str | None]:
    """An email address, or else a mobile number (a cell with no @)."""
    if "@" in text:
        address, problem = check_address(text)
        return (Contact(EMAIL, address) if address else None), problem
    if any(character.isalpha() for character in text):
        return None, "is not an email address or a mobile number"
    number, problem = check_mobile(text)
    return (Contact(SMS, number) if number else None), problem


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
    email_column, mobile_column = _header_columns(first)
    single = False
    if email_column is not None or mobile_column is not None:
        numbered = numbered[1:]
    elif max(len(row) for _n, row in numbered) == 1:
        single = True  # one column and no header: every row is an address or a number
    else:
        return _whole_file(
            f"row {first_number}: the file has more than one column, so its first row must name "
            "the column of addresses or numbers: head it “email” or “mobile”"
        )
    if not numbered:
        return _whole_file("The file has no addresses, only the header")
    if len(numbered) > MAX_ADDRESSES:
        return _whole_file(
            f"The file has {len(numbered):,} rows; one list can hold up to {MAX_ADDRESSES:,} "
            "addresses. Split it into smaller lists, one for each anonymous link"
        )
    problems: list[ListProblem] = []
    contacts: list[Contact] = []
    seen: dict[Contact, int] = {}
    columns = (0, None) if single else (email_column, mobile_column)
    for number, row in numbered:
        text, contact, problem = _row_contact(row, *columns, single=single)
        if contact is None:
            message = f"“{_shown(text)}” {problem}" if text else str(problem)
            problems.append(ListProblem(number, message))
            continue
        key = Contact(contact.channel, contact.address.casefold())
        if key in seen:
            problems.append(
                ListProblem(number, f"{_shown(text)} repeats row {seen[key]}: keep one of them")
            )
            continue
        seen[key] = number
        contacts.append(contact)
    return AddressList(tuple(contacts) if not problems else (), _listed(problems))


def _row_contact(
    row: list[str], email_column: int | None, mobile_column: int | None, *, single: bool
) -> tuple[str, Contact | None, str | None]:
    """(the cell read, the person, None) or (the cell read, None, what is wrong): the email
    address when the row has one, else its mobile number."""

    def cell(column: int | None) -> str:
        return row[column].strip() if column is not None and column < len(row) else ""

    if single:
        text = cell(0)
        return (text, *check_contact(text))
    if text := cell(email_column):
        address, problem = check_address(text)
        return text, (Contact(EMAIL, address) if address else None), problem
    if text := cell(mobile_column):
        mobile, problem = check_mobile(text)
        return text, (Contact(SMS, mobile) if mobile else None), problem
    wanted = " or ".join(
        name
        for name, column in (("an email address", email_column), ("a mobile number", mobile_column))
        if column is not None
    )
    return "", None, f"enter {wanted}, or delete the row"


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
